package dev.frontier.transforms.beam.io;

import dev.frontier.transforms.compress.Recovery;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Avro schemas of the Parquet outputs and the conversions to them. Column names are snake_case with the
 * unit in the name where there is one; the README documents each column.
 */
public final class ParquetRows {
  public static final Schema RESULT = SchemaBuilder.record("CandidateResult")
      .namespace("dev.frontier").fields()
      .requiredString("model_id")
      .requiredString("candidate_id")
      .requiredString("config")
      .requiredString("quantization")
      .optionalString("granularity")
      .optionalInt("group_size")
      .requiredString("pruning")
      .optionalString("pruning_scope")
      .requiredDouble("sparsity")
      .requiredString("recovery")
      .optionalString("calibration")
      .optionalInt("calibration_samples")
      .requiredString("float_layers")
      .optionalDouble("kernel_agreement")
      .optionalDouble("kernel_mean_abs_diff")
      .requiredLong("size_bytes")
      .requiredLong("gzip_bytes")
      .requiredLong("artifact_bytes")
      .requiredString("graph_sha256")
      .requiredLong("params")
      .requiredLong("nonzero_params")
      .requiredDouble("accuracy")
      .requiredDouble("float_accuracy")
      .requiredDouble("accuracy_delta")
      .requiredDouble("agreement")
      .requiredDouble("artifact_accuracy")
      .requiredInt("evaluation_rows")
      .requiredDouble("latency_ms_b1")
      .requiredDouble("latency_ms_b32")
      .requiredDouble("latency_ratio_b1")
      .requiredDouble("latency_ratio_b32")
      .requiredDouble("latency_ratio_b1_lo")
      .requiredDouble("latency_ratio_b1_hi")
      .requiredDouble("latency_ratio_b32_lo")
      .requiredDouble("latency_ratio_b32_hi")
      .requiredInt("latency_rounds_b1")
      .requiredInt("latency_rounds_b32")
      .requiredBoolean("on_front")
      .requiredBoolean("knee")
      .requiredBoolean("chosen")
      .optionalString("artifact_path")
      .optionalLong("tflite_bytes")
      .optionalLong("tflite_gzip_bytes")
      .optionalDouble("accuracy_lo")
      .optionalDouble("accuracy_hi")
      .optionalString("stop_reason")
      .optionalString("dominated_by")
      .optionalString("same_graph_as")
      .endRecord();

  public static final Schema FAILURE = SchemaBuilder.record("FailureRecord")
      .namespace("dev.frontier").fields()
      .requiredString("model_id")
      .requiredString("candidate_id")
      .requiredString("config")
      .requiredString("stage")
      .requiredString("error_class")
      .requiredString("message")
      .endRecord();

  private ParquetRows() {}

  public static GenericRecord of(CandidateResult r) {
    GenericRecord g = new GenericData.Record(RESULT);
    g.put("model_id", r.modelId());
    g.put("candidate_id", r.candidateId());
    g.put("config", r.config());
    g.put("quantization", r.quantization());
    g.put("granularity", r.granularity());
    g.put("group_size", r.groupSize());
    g.put("pruning", r.pruning());
    g.put("pruning_scope", r.pruningScope());
    g.put("sparsity", r.sparsity());
    g.put("recovery", r.recovery());
    g.put("calibration", r.calibration());
    g.put("calibration_samples", r.calibrationSamples());
    g.put("float_layers", r.floatLayers());
    g.put("kernel_agreement", r.kernelAgreement());
    g.put("kernel_mean_abs_diff", r.kernelMeanAbsDiff());
    g.put("size_bytes", r.sizeBytes());
    g.put("gzip_bytes", r.gzipBytes());
    g.put("artifact_bytes", r.artifactBytes());
    g.put("graph_sha256", r.graphSha256());
    g.put("params", r.params());
    g.put("nonzero_params", r.nonzeroParams());
    g.put("accuracy", r.accuracy());
    g.put("float_accuracy", r.floatAccuracy());
    g.put("accuracy_delta", r.accuracyDelta());
    g.put("agreement", r.agreement());
    g.put("artifact_accuracy", r.artifactAccuracy());
    g.put("evaluation_rows", r.evaluationRows());
    g.put("latency_ms_b1", r.latencyMsB1());
    g.put("latency_ms_b32", r.latencyMsB32());
    g.put("latency_ratio_b1", r.latencyRatioB1());
    g.put("latency_ratio_b32", r.latencyRatioB32());
    g.put("latency_ratio_b1_lo", r.latencyRatioB1Lo());
    g.put("latency_ratio_b1_hi", r.latencyRatioB1Hi());
    g.put("latency_ratio_b32_lo", r.latencyRatioB32Lo());
    g.put("latency_ratio_b32_hi", r.latencyRatioB32Hi());
    g.put("latency_rounds_b1", r.latencyRoundsB1());
    g.put("latency_rounds_b32", r.latencyRoundsB32());
    g.put("on_front", r.onFront());
    g.put("knee", r.knee());
    g.put("chosen", r.chosen());
    g.put("artifact_path", r.artifactPath());
    g.put("tflite_bytes", r.tfliteBytes());
    g.put("tflite_gzip_bytes", r.tfliteGzipBytes());
    g.put("accuracy_lo", r.accuracyLo());
    g.put("accuracy_hi", r.accuracyHi());
    g.put("stop_reason", r.stopReason());
    g.put("dominated_by", r.dominatedBy());
    g.put("same_graph_as", r.sameGraphAs());
    return g;
  }

  /** A results row read back from {@code results*.parquet}: the inverse of {@link #of(CandidateResult)}. */
  public static CandidateResult result(GenericRecord g) {
    return new CandidateResult(text(g, "model_id"), text(g, "candidate_id"), text(g, "config"),
        text(g, "quantization"), text(g, "granularity"), (Integer) g.get("group_size"), text(g, "pruning"),
        text(g, "pruning_scope"), (Double) g.get("sparsity"), recovery(g), text(g, "calibration"),
        (Integer) g.get("calibration_samples"), text(g, "float_layers"), (Double) g.get("kernel_agreement"),
        (Double) g.get("kernel_mean_abs_diff"), (Long) g.get("size_bytes"), (Long) g.get("gzip_bytes"),
        (Long) g.get("artifact_bytes"), text(g, "graph_sha256"), (Long) g.get("params"),
        (Long) g.get("nonzero_params"), (Double) g.get("accuracy"), (Double) g.get("float_accuracy"),
        (Double) g.get("agreement"), (Double) g.get("artifact_accuracy"), (Integer) g.get("evaluation_rows"),
        (Double) g.get("latency_ms_b1"), (Double) g.get("latency_ms_b32"), (Double) g.get("latency_ratio_b1"),
        (Double) g.get("latency_ratio_b32"), (Double) g.get("latency_ratio_b1_lo"),
        (Double) g.get("latency_ratio_b1_hi"), (Double) g.get("latency_ratio_b32_lo"),
        (Double) g.get("latency_ratio_b32_hi"), (Integer) g.get("latency_rounds_b1"),
        (Integer) g.get("latency_rounds_b32"), (Boolean) g.get("on_front"), (Boolean) g.get("knee"),
        (Boolean) g.get("chosen"), text(g, "artifact_path"),
        (Long) optional(g, "tflite_bytes"), (Long) optional(g, "tflite_gzip_bytes"),
        orAccuracy(g, "accuracy_lo"), orAccuracy(g, "accuracy_hi"),
        optionalText(g, "stop_reason"), optionalText(g, "dominated_by"), optionalText(g, "same_graph_as"));
  }

  /** A string column that files written before it existed lack: null there. */
  private static String optionalText(GenericRecord g, String field) {
    Object value = optional(g, field);
    return value == null ? null : value.toString();
  }

  /** An end of the accuracy interval; rows written before racing existed were exact: the accuracy itself. */
  private static double orAccuracy(GenericRecord g, String field) {
    Object v = optional(g, field);
    return v == null ? (Double) g.get("accuracy") : (Double) v;
  }

  /** A field of later versions, null in files written before it existed. */
  private static Object optional(GenericRecord g, String field) {
    return g.getSchema().getField(field) == null ? null : g.get(field);
  }

  /** The row's recovery; rows written before the column existed had none. */
  private static String recovery(GenericRecord g) {
    return optional(g, "recovery") == null ? Recovery.NONE.configName() : text(g, "recovery");
  }

  private static String text(GenericRecord g, String field) {
    Object v = g.get(field);
    return v == null ? null : v.toString();
  }

  public static GenericRecord of(FailureRecord f) {
    GenericRecord g = new GenericData.Record(FAILURE);
    g.put("model_id", f.modelId());
    g.put("candidate_id", f.candidateId());
    g.put("config", f.config());
    g.put("stage", f.stage());
    g.put("error_class", f.errorClass());
    g.put("message", f.message());
    return g;
  }

  /** A failure record read back from {@code failures*.parquet}: the inverse of {@link #of(FailureRecord)}. */
  public static FailureRecord failure(GenericRecord g) {
    return new FailureRecord(text(g, "model_id"), text(g, "candidate_id"), text(g, "config"), text(g, "stage"),
        text(g, "error_class"), text(g, "message"));
  }
}
