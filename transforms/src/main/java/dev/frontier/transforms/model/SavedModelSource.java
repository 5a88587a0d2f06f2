package dev.frontier.transforms.model;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * A SavedModel folder checked and parsed before TensorFlow sees it: the folder exists and holds
 * {@code saved_model.pb}, the proto parses, a meta graph with the requested tags exists, the signature
 * exists and names dense tensors, the variable shards are all present, and the graph passes
 * {@link OpSafetyPolicy}. Only then may {@link #load()} hand it to TF.
 */
final class SavedModelSource {
  static final String SAVED_MODEL_FILE = "saved_model.pb";
  private static final Pattern SHARD = Pattern.compile("variables\\.data-(\\d+)-of-(\\d+)");

  private final ImportRequest request;
  private final MetaGraphDef metaGraph;
  private final List<TensorSpec> inputs;
  private final List<TensorSpec> outputs;

  private SavedModelSource(ImportRequest request, MetaGraphDef metaGraph, List<TensorSpec> inputs,
      List<TensorSpec> outputs) {
    this.request = request;
    this.metaGraph = metaGraph;
    this.inputs = inputs;
    this.outputs = outputs;
  }

  static SavedModelSource open(ImportRequest request) {
    String id = request.modelId();
    Path dir = request.savedModelDir();
    if (!Files.exists(dir)) {
      throw ModelImportException.of(id, dir + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw ModelImportException.of(id, dir + " is not a SavedModel (not a directory)");
    }
    Path pb = dir.resolve(SAVED_MODEL_FILE);
    if (!Files.isRegularFile(pb)) {
      String hint = Files.exists(dir.resolve("saved_model.pbtxt")) ? "; only binary saved_model.pb is supported" : "";
      throw ModelImportException.of(id, dir + " is not a SavedModel (no " + SAVED_MODEL_FILE + ")" + hint);
    }
    SavedModel savedModel;
    try {
      savedModel = SavedModel.parseFrom(Files.readAllBytes(pb));
    } catch (InvalidProtocolBufferException e) {
      throw ModelImportException.of(id, pb + " is not a SavedModel proto: " + e.getMessage(), e);
    } catch (IOException e) {
      throw ModelImportException.of(id, "cannot read " + pb + ": " + e, e);
    }
    MetaGraphDef metaGraph = pickMetaGraph(id, pb, savedModel, request.tags());
    OpSafetyPolicy.check(id, metaGraph, request.trusted());
    SignatureDef sig = pickSignature(id, metaGraph, request.signatureKey());
    List<TensorSpec> inputs = specs(id, request.signatureKey(), "input", sig.getInputsMap());
    List<TensorSpec> outputs = specs(id, request.signatureKey(), "output", sig.getOutputsMap());
    if (outputs.isEmpty()) {
      throw ModelImportException.of(id, "signature '" + request.signatureKey() + "' has no outputs");
    }
    if (request.outputKey() != null) {
      TensorSpec primary = outputs.stream().filter(o -> o.key().equals(request.outputKey())).findFirst()
          .orElseThrow(() -> ModelImportException.of(id, "signature '" + request.signatureKey()
              + "' has no output '" + request.outputKey() + "'; outputs: "
              + sig.getOutputsMap().keySet().stream().sorted().collect(Collectors.toList())));
      List<TensorSpec> reordered = new ArrayList<>();
      reordered.add(primary);
      outputs.stream().filter(o -> o != primary).forEach(reordered::add);
      outputs = reordered;
    }
    checkVariableShards(id, dir);
    return new SavedModelSource(request, metaGraph, List.copyOf(inputs), List.copyOf(outputs));
  }

  ImportRequest request() { return request; }

  MetaGraphDef metaGraph() { return metaGraph; }

  /** Signature inputs, sorted by key. */
  List<TensorSpec> inputs() { return inputs; }

  /** Signature outputs, primary first, the rest sorted by key. */
  List<TensorSpec> outputs() { return outputs; }

  /**
   * Loads the SavedModel into TF (which restores the variables). A checkpoint TF cannot read becomes a
   * ModelImportException naming the variables files.
   */
  SavedModelBundle load() {
    Path dir = request.savedModelDir();
    try {
      return SavedModelBundle.loader(dir.toString())
          .withTags(request.tags().toArray(new String[0]))
          .load();
    } catch (RuntimeException e) {
      String msg = String.valueOf(e.getMessage()).strip();
      List<Path> shards = variableFiles(dir);
      boolean restore = msg.contains("RestoreV2") || msg.contains("Restore") || msg.contains("checkpoint")
          || msg.contains("Read less bytes") || msg.toLowerCase().contains("data loss")
          || msg.toLowerCase().contains("corrupt");
      if (restore) {
        throw ModelImportException.of(request.modelId(), "cannot restore the variables from "
            + (shards.isEmpty() ? dir.resolve("variables") : shards)
            + " (truncated or corrupt checkpoint?): " + firstLine(msg), e);
      }
      throw ModelImportException.of(request.modelId(), "TensorFlow cannot load the SavedModel in " + dir
          + ": " + firstLine(msg), e);
    }
  }

  private static MetaGraphDef pickMetaGraph(String id, Path pb, SavedModel sm, List<String> tags) {
    Set<String> wanted = new HashSet<>(tags);
    List<Set<String>> available = new ArrayList<>();
    for (MetaGraphDef mg : sm.getMetaGraphsList()) {
      Set<String> have = new TreeSet<>(mg.getMetaInfoDef().getTagsList());
      if (have.equals(wanted)) {
        return mg;
      }
      available.add(have);
    }
    throw ModelImportException.of(id, pb + " has no meta graph tagged " + new TreeSet<>(wanted)
        + "; tag sets present: " + available);
  }

  private static SignatureDef pickSignature(String id, MetaGraphDef mg, String key) {
    SignatureDef sig = mg.getSignatureDefMap().get(key);
    if (sig == null) {
      List<String> keys = mg.getSignatureDefMap().keySet().stream()
          .filter(k -> !k.startsWith("__"))
          .sorted()
          .collect(Collectors.toList());
      throw ModelImportException.of(id, "no signature '" + key + "'; available signatures: " + keys);
    }
    return sig;
  }

  private static List<TensorSpec> specs(String id, String sigKey, String kind, Map<String, TensorInfo> infos) {
    List<TensorSpec> specs = new ArrayList<>();
    for (Map.Entry<String, TensorInfo> e : infos.entrySet()) {
      TensorInfo info = e.getValue();
      if (info.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
        throw ModelImportException.of(id, "signature '" + sigKey + "' " + kind + " '" + e.getKey() + "' is a "
            + info.getEncodingCase() + " tensor; only dense tensors are supported");
      }
      long[] shape = info.hasTensorShape() ? ConstTensors.shape(info.getTensorShape()) : null;
      specs.add(new TensorSpec(e.getKey(), info.getName(), info.getDtype(), shape));
    }
    specs.sort(Comparator.comparing(TensorSpec::key));
    return specs;
  }

  /** Every variables.data-i-of-n shard the index promises must exist. */
  private static void checkVariableShards(String id, Path dir) {
    Path vars = dir.resolve("variables");
    for (Path p : variableFiles(dir)) {
      Matcher m = SHARD.matcher(p.getFileName().toString());
      if (m.matches()) {
        int n = Integer.parseInt(m.group(2));
        for (int i = 0; i < n; i++) {
          Path shard = vars.resolve(String.format("variables.data-%05d-of-%05d", i, n));
          if (!Files.isRegularFile(shard)) {
            throw ModelImportException.of(id, "variables file " + shard + " is missing");
          }
        }
      }
    }
    if (Files.isDirectory(vars) && !variableFiles(dir).isEmpty() && !Files.isRegularFile(vars.resolve("variables.index"))) {
      throw ModelImportException.of(id, "variables file " + vars.resolve("variables.index") + " is missing");
    }
  }

  private static List<Path> variableFiles(Path dir) {
    Path vars = dir.resolve("variables");
    if (!Files.isDirectory(vars)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(vars)) {
      return s.filter(p -> SHARD.matcher(p.getFileName().toString()).matches()).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String firstLine(String msg) {
    int nl = msg.indexOf('\n');
    return nl < 0 ? msg : msg.substring(0, nl);
  }
}
