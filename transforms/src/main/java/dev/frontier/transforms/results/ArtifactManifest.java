package dev.frontier.transforms.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.config.SubsetSpec;
import dev.frontier.transforms.measure.TimingThreads;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.ServingRuntime;
import dev.frontier.transforms.model.ServingSavedModel;
import dev.frontier.transforms.model.Sha256;
import dev.frontier.transforms.model.TensorSpec;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.tensorflow.TensorFlow;

/**
 * The {@code manifest.json} beside an exported SavedModel: what a deployment system reads to pick up a
 * candidate, instead of the Parquet. It says which model and configuration the artifact is, which source
 * it was built from (content hash), which bytes it is (SHA-256), what it measured and on which rows, what
 * TensorFlow measured it, and what the serving side needs to run it ({@link ServingRuntime}). Written as
 * JSON with snake_case keys; the README ("Shipping a candidate") documents every field.
 *
 * @param format the manifest format, {@value #FORMAT}
 * @param modelId the catalogue id
 * @param candidateId the candidate id of the results row
 * @param config the readable configuration
 * @param source the SavedModel the candidate was built from
 * @param artifact the files of the exported folder, their bytes and hashes
 * @param signature the exported signature (the source's key, inputs and outputs)
 * @param metrics what the sweep measured on this artifact, and on which rows
 * @param selection where the candidate stands on its model's front
 * @param serving what running the artifact needs
 * @param measuredWith the TensorFlow that measured it
 * @param tflite the candidate's .tflite file when the export wrote one (or the reason it could not); null
 *     when no .tflite was asked for
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ArtifactManifest(
    String format,
    String modelId,
    String candidateId,
    String config,
    Source source,
    Artifact artifact,
    Signature signature,
    Metrics metrics,
    Selection selection,
    ServingRuntime serving,
    MeasuredWith measuredWith,
    Tflite tflite) implements Serializable {

  public static final String FORMAT = "frontier-artifact/1";
  /** JSON as the manifests are written: snake_case keys, indented, a trailing newline left to the writer. */
  /** The manifest's file name, beside the artifact it describes. */
  public static final String FILE = "manifest.json";
  /** The .tflite file's name in an artifact folder. */
  public static final String TFLITE_FILE = "model.tflite";
  /** The runtime named for the SavedModel's file. */
  public static final String RUNTIME_TENSORFLOW = "tensorflow";
  /** The runtime named for the .tflite file: LiteRT (TensorFlow Lite). */
  public static final String RUNTIME_LITERT = "litert";
  private static final Pattern SAFE_SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final int ID_HASH_HEX_DIGITS = 8;

  /**
   * The folder of a candidate's artifact relative to a sweep's {@code artifacts/}: {@code MODEL/CANDIDATE}, MODEL
   * being the model id where it is a safe path segment, otherwise the id with unsafe characters replaced and a
   * hash of the id appended.
   */
  public static String relativeFolder(String modelId, String candidateId) {
    return segment(modelId) + "/" + candidateId;
  }

  private static String segment(String id) {
    if (SAFE_SEGMENT.matcher(id).matches() && !id.equals(".") && !id.equals("..")) {
      return id;
    }
    return id.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + Sha256.hex(id).substring(0, ID_HASH_HEX_DIGITS);
  }

  public static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  /**
   * @param savedModel where the catalogue's SavedModel is
   * @param signatureKey the signature the catalogue named
   * @param tags the meta graph's tags
   * @param contentSha256 SHA-256 of the imported float IR (the model's content, weights included); the
   *     candidate id hashes it with the configuration
   */
  public record Source(String savedModel, String signatureKey, List<String> tags, String contentSha256)
      implements Serializable {}

  /**
   * @param files file name (relative to the artifact folder) → its bytes and SHA-256
   * @param bytes total bytes of the files on disk
   * @param sha256 SHA-256 of {@code saved_model.pb}
   * @param graphSha256 SHA-256 of the graph inside it: the results row's {@code graph_sha256}
   * @param graphBytes the graph's bytes: the results row's {@code size_bytes}
   * @param gzipBytes the graph's gzip (level 6): the results row's {@code gzip_bytes}
   * @param quantization the results row's quantization method
   * @param pruning the results row's pruning method
   * @param sparsity the requested share of zero weights
   * @param params weights of the compressible layers
   * @param nonzeroParams of those, the ones not zero
   * @param floatLayers layers a full-integer scheme kept float
   */
  public record Artifact(Map<String, FileEntry> files, long bytes, String sha256, String graphSha256,
      long graphBytes, long gzipBytes, String quantization, String pruning, double sparsity, long params,
      long nonzeroParams, List<String> floatLayers) implements Serializable {}

  /** One file of an artifact folder: its bytes, SHA-256 and the runtime that runs it. */
  public record FileEntry(long bytes, String sha256, String runtime) implements Serializable {}

  /**
   * The candidate as a TFLite flatbuffer.
   *
   * @param file its name in the folder ({@value #TFLITE_FILE}), null when it could not be written
   * @param scheme how it stores the candidate (float32, fp16, int8-weight, int8{granularity=...})
   * @param bytes its size
   * @param gzipBytes its size after gzip (level 6)
   * @param sha256 its SHA-256
   * @param error why no file was written (the candidate is not exportable to TFLite), else null
   */
  public record Tflite(String file, String scheme, long bytes, long gzipBytes, String sha256, String error)
      implements Serializable {}

  /** This manifest with {@code tflite} (the file's bytes, written in {@code scheme}) added to the folder's files. */
  public ArtifactManifest withTflite(byte[] tflite, String scheme, long gzipBytes) {
    String sha = Sha256.hex(tflite);
    Map<String, FileEntry> files = new TreeMap<>(artifact.files());
    files.put(TFLITE_FILE, new FileEntry(tflite.length, sha, RUNTIME_LITERT));
    return withFiles(files, new Tflite(TFLITE_FILE, scheme, tflite.length, gzipBytes, sha, null));
  }

  /** This manifest saying why the candidate has no .tflite file. */
  public ArtifactManifest withTfliteError(String error) {
    return withFiles(artifact.files(), new Tflite(null, null, 0, 0, null, error));
  }

  /** This manifest without the SavedModel among the folder's files (an export of the .tflite alone). */
  public ArtifactManifest withoutSavedModel() {
    Map<String, FileEntry> files = new TreeMap<>(artifact.files());
    files.remove(ServingSavedModel.FILE);
    return withFiles(files, tflite);
  }

  private ArtifactManifest withFiles(Map<String, FileEntry> files, Tflite t) {
    long bytes = files.values().stream().mapToLong(FileEntry::bytes).sum();
    Artifact a = new Artifact(Collections.unmodifiableMap(new TreeMap<>(files)), bytes, artifact.sha256(),
        artifact.graphSha256(), artifact.graphBytes(), artifact.gzipBytes(), artifact.quantization(),
        artifact.pruning(), artifact.sparsity(), artifact.params(), artifact.nonzeroParams(), artifact.floatLayers());
    return new ArtifactManifest(format, modelId, candidateId, config, source, a, signature, metrics, selection,
        serving, measuredWith, t);
  }

  /** The exported signature: its key and method, inputs and outputs. */
  public record Signature(String key, String methodName, List<Tensor> inputs, List<Tensor> outputs)
      implements Serializable {}

  /** A signature tensor: key, graph tensor, dtype and shape (-1 unknown, null for unknown rank). */
  public record Tensor(String key, String tensor, String dtype, List<Long> shape) implements Serializable {}

  /**
   * @param accuracy top-1 the results row reports (for full-integer candidates, of the simulated graph)
   * @param artifactAccuracy top-1 of this artifact itself on the same rows
   * @param floatAccuracy top-1 of the source model on the same rows
   * @param accuracyDeltaPp {@code (accuracy − floatAccuracy) × 100}
   * @param agreement share of rows where it predicts the source model's class
   * @param kernelAgreement full-integer candidates: share of rows where artifact and simulated graph agree
   * @param evaluationRows rows behind the accuracies
   * @param evaluation the catalogue subset those rows are drawn from (dataset, rows, seed)
   * @param latencyMsB1 median ms per batch-1 run on the sweep's worker
   * @param latencyMsB32 median ms per batch-32 run
   * @param latencyRatioB1 batch-1 ratio to the float model's latency, timed interleaved (median of the paired
   *     rounds' ratios)
   * @param latencyRatioB1Interval its 95 % interval, [lo, hi]
   * @param latencyRatioB32 the same at batch 32
   * @param latencyRatioB32Interval its 95 % interval, [lo, hi]
   */
  public record Metrics(double accuracy, double artifactAccuracy, double floatAccuracy, double accuracyDeltaPp,
      double agreement, Double kernelAgreement, int evaluationRows, SubsetSpec evaluation, double latencyMsB1,
      double latencyMsB32, double latencyRatioB1, List<Double> latencyRatioB1Interval, double latencyRatioB32,
      List<Double> latencyRatioB32Interval) implements Serializable {}

  /** The candidate's flags on its model's front, and the budget the choice used. */
  public record Selection(boolean onFront, boolean knee, boolean chosen, double accuracyBudgetPp)
      implements Serializable {}

  /**
   * The software that measured the artifact, and how latency was timed.
   *
   * @param latencyIntraOpThreads TensorFlow's intra-op threads in the JVM that wrote the manifest, from
   *     {@code TF_NUM_INTRAOP_THREADS}: 1 as the launcher sets it (latency timed on one thread), 0 for every core
   *     ({@link dev.frontier.transforms.measure.TimingThreads})
   */
  public record MeasuredWith(String tensorflowVersion, String frontierVersion, int latencyIntraOpThreads)
      implements Serializable {}

  /**
   * The manifest of {@code row}'s artifact: {@code savedModel} (the bytes written as {@code saved_model.pb}),
   * built from {@code shipped} of {@code entry}'s model whose float IR hashes to {@code modelSha256}.
   */
  public static ArtifactManifest of(CandidateResult row, ModelEntry entry, String modelSha256, ModelIr shipped,
      byte[] savedModel, double accuracyBudgetPp) {
    String sha = Sha256.hex(savedModel);
    Artifact artifact = new Artifact(Map.of(ServingSavedModel.FILE,
        new FileEntry(savedModel.length, sha, RUNTIME_TENSORFLOW)),
        savedModel.length, sha, row.graphSha256(), row.sizeBytes(), row.gzipBytes(), row.quantization(),
        row.pruning(), row.sparsity(), row.params(), row.nonzeroParams(),
        row.floatLayers().isEmpty() ? List.of() : List.of(row.floatLayers().split(",")));
    Signature signature = new Signature(entry.signatureKey(), ServingSavedModel.PREDICT_METHOD,
        shipped.inputs().stream().map(ArtifactManifest::tensor).sorted(Comparator.comparing(Tensor::key)).toList(),
        shipped.outputs().stream().map(ArtifactManifest::tensor).sorted(Comparator.comparing(Tensor::key)).toList());
    Metrics metrics = new Metrics(row.accuracy(), row.artifactAccuracy(), row.floatAccuracy(),
        100 * row.accuracyDelta(), row.agreement(), row.kernelAgreement(), row.evaluationRows(),
        entry.evaluation(), row.latencyMsB1(), row.latencyMsB32(),
        row.latencyRatioB1(), List.of(row.latencyRatioB1Lo(), row.latencyRatioB1Hi()),
        row.latencyRatioB32(), List.of(row.latencyRatioB32Lo(), row.latencyRatioB32Hi()));
    return new ArtifactManifest(FORMAT, row.modelId(), row.candidateId(), row.config(),
        new Source(entry.savedModelDir(), entry.signatureKey(), entry.tags(), modelSha256),
        artifact, signature, metrics,
        new Selection(row.onFront(), row.knee(), row.chosen(), accuracyBudgetPp),
        ServingRuntime.of(shipped.graphDef()), new MeasuredWith(TensorFlow.version(), frontierVersion(),
        TimingThreads.configured(System.getenv()).orElse(0)), null);
  }

  /** The version of the running Frontier jar, or "dev" when run from classes. */
  public static String frontierVersion() {
    String v = ArtifactManifest.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static Tensor tensor(TensorSpec t) {
    return new Tensor(t.key(), t.tensorName(), t.dataType().name(),
        t.hasKnownRank() ? Arrays.stream(t.shape()).boxed().toList() : null);
  }
}
