package dev.frontier.transforms.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

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
 * or not the chosen signature reaches it (init ops run at load time regardless).
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

  private OpSafetyPolicy() {}

  /** One unsafe op found: where it is (graph node, or function + node) and which op. */
  public record Finding(String op, String nodeName, String functionName) {
    @Override
    public String toString() {
      return "op " + op + " (node '" + nodeName + "'"
          + (functionName == null ? " in the main graph" : " in function '" + functionName + "'") + ")";
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
    for (NodeDef n : metaGraph.getGraphDef().getNodeList()) {
      if (isUnsafe(n)) {
        found.add(new Finding(n.getOp(), n.getName(), null));
      }
    }
    for (FunctionDef f : metaGraph.getGraphDef().getLibrary().getFunctionList()) {
      for (NodeDef n : f.getNodeDefList()) {
        if (isUnsafe(n)) {
          found.add(new Finding(n.getOp(), n.getName(), f.getSignature().getName()));
        }
      }
    }
    return found;
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
