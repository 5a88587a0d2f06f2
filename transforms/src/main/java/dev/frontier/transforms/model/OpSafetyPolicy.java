package dev.frontier.transforms.model;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * The one list of ops a SavedModel from an untrusted source may not contain, and the check that
 * enforces it before anything is loaded into TensorFlow.
 *
 * <p>Why: loading a SavedModel runs its init and restore ops, and any op in a signature's fan-in runs on
 * every prediction. A catalogue of thousands of models from many authors must not read or write files
 * of the worker, or run Python, just because a graph says so. This is a deny-list of the ops TF ships
 * that touch the file system or call foreign code; it cannot know custom ops (those fail to load anyway,
 * since no custom op library is loaded). The SavedModel's own checkpoint ops are allowed: they are how
 * TF restores the variables.
 *
 * <p>Scanned: every node of the meta graph and every node of every function in its library, whether
 * or not the chosen signature reaches it (init ops run at load time regardless). Where the file an op
 * would touch is written in the graph (its filename or pattern input is a string Const, possibly behind
 * Identity nodes; or an attribute such as PrintV2's {@code output_stream}), the finding names it.
 */
public final class OpSafetyPolicy {

  /** Ops refused unless the request is trusted. */
  public static final Set<String> UNSAFE_OPS = Set.of(
      // Files, directly.
      "ReadFile", "WriteFile", "MatchingFiles", "ImmutableConst",
      "LoadAndRemapMatrix", "GenerateVocabRemapping",
      // Foreign code.
      "PyFunc", "PyFuncStateless", "EagerPyFunc",
      // TF1 queue-based file readers.
      "TextLineReader", "TextLineReaderV2", "WholeFileReader", "WholeFileReaderV2",
      "TFRecordReader", "TFRecordReaderV2", "FixedLengthRecordReader", "FixedLengthRecordReaderV2",
      "LMDBReader",
      // tf.data sources and sinks that read or write files or databases.
      "TFRecordDataset", "TFRecordDatasetV2", "TextLineDataset", "FixedLengthRecordDataset",
      "FixedLengthRecordDatasetV2", "CSVDataset", "CSVDatasetV2", "ExperimentalCSVDataset",
      "SqlDataset", "ExperimentalSqlDataset", "LMDBDataset", "ExperimentalLMDBDataset",
      "MatchingFilesDataset", "ExperimentalMatchingFilesDataset",
      "SaveDataset", "SaveDatasetV2", "LoadDataset", "DatasetToTFRecord", "ExperimentalDatasetToTFRecord",
      "SnapshotDataset", "SnapshotDatasetV2", "SnapshotDatasetReader", "SnapshotChunkDataset",
      "CacheDataset", "CacheDatasetV2",
      // Lookup tables initialised from a text file.
      "InitializeTableFromTextFile", "InitializeTableFromTextFileV2",
      // Summary writers (event files, databases).
      "CreateSummaryFileWriter", "CreateSummaryDbWriter", "SummaryWriter", "FlushSummaryWriter",
      "CloseSummaryWriter", "WriteSummary", "WriteRawProtoSummary", "WriteScalarSummary",
      "WriteHistogramSummary", "WriteImageSummary", "WriteAudioSummary", "WriteGraphSummary", "ImportEvent",
      // Debug ops that dump tensors to debug_urls (file://).
      "DebugIdentity", "DebugIdentityV2", "DebugIdentityV3", "DebugNanCount", "DebugNumericSummary",
      "DebugNumericSummaryV2");

  /**
   * Allowed although they touch files: the SavedModel's own checkpoint save/restore machinery. Listed
   * so a reader sees the decision; they are simply not in {@link #UNSAFE_OPS}.
   */
  public static final Set<String> CHECKPOINT_OPS = Set.of(
      "SaveV2", "RestoreV2", "MergeV2Checkpoints", "ShardedFilename", "StringJoin",
      "Save", "SaveSlices", "Restore", "RestoreSlice");

  /** Which input of an op names the files it touches, and what it does with them. */
  private record FileInput(int index, String verb) {}

  private static final Map<String, FileInput> FILE_INPUTS = fileInputs();

  /** Longest list of constant file names a finding spells out. */
  private static final int MAX_NAMES_SHOWN = 5;

  private OpSafetyPolicy() {}

  private static Map<String, FileInput> fileInputs() {
    Map<String, FileInput> m = new HashMap<>();
    FileInput read0 = new FileInput(0, "read");
    FileInput write0 = new FileInput(0, "write");
    FileInput read1 = new FileInput(1, "read");
    FileInput write1 = new FileInput(1, "write");
    for (String op : List.of("ReadFile", "LoadAndRemapMatrix", "GenerateVocabRemapping", "TFRecordDataset",
        "TFRecordDatasetV2", "TextLineDataset", "FixedLengthRecordDataset", "FixedLengthRecordDatasetV2",
        "CSVDataset", "CSVDatasetV2", "ExperimentalCSVDataset", "LMDBDataset", "ExperimentalLMDBDataset",
        "LoadDataset")) {
      m.put(op, read0);
    }
    m.put("WriteFile", write0);
    m.put("MatchingFiles", new FileInput(0, "list files matching"));
    m.put("MatchingFilesDataset", new FileInput(0, "list files matching"));
    m.put("ExperimentalMatchingFilesDataset", new FileInput(0, "list files matching"));
    for (String op : List.of("SaveDataset", "SaveDatasetV2", "DatasetToTFRecord", "ExperimentalDatasetToTFRecord",
        "SnapshotDataset", "SnapshotDatasetV2", "CacheDataset", "CacheDatasetV2", "CreateSummaryFileWriter")) {
      m.put(op, write1);
    }
    m.put("InitializeTableFromTextFile", read1);
    m.put("InitializeTableFromTextFileV2", read1);
    m.put("SqlDataset", new FileInput(1, "open the database"));
    m.put("ExperimentalSqlDataset", new FileInput(1, "open the database"));
    m.put("CreateSummaryDbWriter", new FileInput(1, "write the database"));
    return Map.copyOf(m);
  }

  /**
   * One unsafe op found: where it is (graph node, or function + node), which op, and what it would touch
   * when the graph says so as a constant (e.g. {@code read '/etc/passwd'}), else null.
   */
  public record Finding(String op, String nodeName, String functionName, String target) {
    @Override
    public String toString() {
      return "op " + op + " (node '" + nodeName + "'"
          + (functionName == null ? " in the main graph" : " in function '" + functionName + "'") + ")"
          + (target == null ? "" : " would " + target);
    }
  }

  /** Whether a node is unsafe: a listed op, or PrintV2 writing to a file. */
  static boolean isUnsafe(NodeDef n) {
    if (UNSAFE_OPS.contains(n.getOp())) {
      return true;
    }
    if ("PrintV2".equals(n.getOp())) {
      AttrValue stream = n.getAttrMap().get("output_stream");
      return stream != null && stream.getS().toStringUtf8().startsWith("file://");
    }
    return false;
  }

  /** Every unsafe node of the meta graph and its function library. */
  public static List<Finding> scan(MetaGraphDef metaGraph) {
    List<Finding> found = new ArrayList<>();
    scan(metaGraph.getGraphDef().getNodeList(), null, found);
    for (FunctionDef f : metaGraph.getGraphDef().getLibrary().getFunctionList()) {
      scan(f.getNodeDefList(), f.getSignature().getName(), found);
    }
    return found;
  }

  /** The unsafe nodes of one graph or function body ({@code function} null for the main graph). */
  private static void scan(List<NodeDef> nodes, String function, List<Finding> found) {
    Map<String, NodeDef> byName = null;
    for (NodeDef n : nodes) {
      if (isUnsafe(n)) {
        if (byName == null) {
          byName = new HashMap<>();
          for (NodeDef m : nodes) {
            byName.put(m.getName(), m);
          }
        }
        found.add(new Finding(n.getOp(), n.getName(), function, target(n, byName)));
      }
    }
  }

  /** What an unsafe node would touch, when a constant says so: e.g. {@code read '/etc/passwd'}; else null. */
  static String target(NodeDef n, Map<String, NodeDef> byName) {
    FileInput file = FILE_INPUTS.get(n.getOp());
    if (file != null) {
      List<String> names = file.index() < n.getInputCount() ? constantStrings(n.getInput(file.index()), byName) : null;
      return names == null ? null : file.verb() + " " + quoted(names);
    }
    switch (n.getOp()) {
      case "ImmutableConst":
        return attrTarget("map", n.getAttrMap().get("memory_region_name"));
      case "PrintV2":
        return attrTarget("write", n.getAttrMap().get("output_stream"));
      default:
        if (n.getOp().startsWith("Debug")) {
          AttrValue urls = n.getAttrMap().get("debug_urls");
          return urls == null || urls.getList().getSCount() == 0 ? null
              : "write " + quoted(urls.getList().getSList().stream().map(ByteString::toStringUtf8).toList());
        }
        return null;
    }
  }

  private static String attrTarget(String verb, AttrValue value) {
    return value == null || value.getS().isEmpty() ? null : verb + " '" + value.getS().toStringUtf8() + "'";
  }

  /**
   * The strings of the Const behind a node input ({@code node}, {@code node:0}, or in a function
   * {@code node:output:0}), following Identity nodes; null when the input is not a string constant.
   */
  private static List<String> constantStrings(String input, Map<String, NodeDef> byName) {
    String ref = input;
    for (int hops = 0; hops < byName.size() + 1; hops++) {
      if (ref.startsWith("^")) {
        return null;
      }
      NodeDef n = byName.get(ref.split(":", 2)[0]);
      if (n == null) {
        return null;
      }
      if ("Identity".equals(n.getOp()) && n.getInputCount() > 0) {
        ref = n.getInput(0);
        continue;
      }
      if (!"Const".equals(n.getOp()) || !n.containsAttr("value")) {
        return null;
      }
      TensorProto value = n.getAttrOrThrow("value").getTensor();
      if (value.getDtype() != DataType.DT_STRING || value.getStringValCount() == 0) {
        return null;
      }
      return value.getStringValList().stream().map(b -> b.toString(StandardCharsets.UTF_8)).toList();
    }
    return null;
  }

  /** {@code '/a'} for one name, {@code ['/a', '/b']} for several, the first few of a long list. */
  private static String quoted(List<String> names) {
    if (names.size() == 1) {
      return "'" + names.get(0) + "'";
    }
    String shown = names.stream().limit(MAX_NAMES_SHOWN).map(s -> "'" + s + "'").collect(Collectors.joining(", "));
    return "[" + shown + (names.size() > MAX_NAMES_SHOWN ? ", … " + (names.size() - MAX_NAMES_SHOWN) + " more" : "")
        + "]";
  }

  /** Throws naming the model, the ops and where they are, unless {@code trusted}. */
  static void check(String modelId, MetaGraphDef metaGraph, boolean trusted) {
    if (trusted) {
      return;
    }
    List<Finding> found = scan(metaGraph);
    if (!found.isEmpty()) {
      throw ModelImportException.of(modelId, "refusing to load: the graph contains "
          + (found.size() == 1 ? "an op" : found.size() + " ops")
          + " that can touch files or run foreign code: " + found
          + "; import with trusted=true if you built this model yourself");
    }
  }
}
