package dev.frontier.transforms.results;

import java.io.Serializable;

/**
 * One row of {@code results*.parquet}: a candidate's configuration and everything measured on its artifact.
 * The README's "Output of a sweep" section documents every field with its unit.
 *
 * <p>{@code graphSha256} is the SHA-256 of the shipped graph's bytes: what {@code frontier export} checks a
 * rebuilt candidate against. {@code artifactBytes} is the size of that graph written as a SavedModel
 * ({@code saved_model.pb}), whether or not it was exported; {@code artifactPath} is where the sweep exported
 * it, or null. {@code artifactAccuracy} is the top-1 accuracy of the shipped graph itself: the same as
 * {@code accuracy} except for full-integer candidates, whose accuracy comes from their simulated graph.
 * {@code tfliteBytes} and {@code tfliteGzipBytes} are the sizes of the candidate's .tflite file when the sweep's
 * {@code export_formats} name tflite and TFLite can express the candidate, else null.
 *
 * <p>Racing evaluation ({@link dev.frontier.transforms.config.EvaluationStrategy}) may stop a candidate early:
 * then {@code stopReason} says why, {@code evaluationRows} how many rows measured it, {@code accuracy},
 * {@code agreement} and {@code artifactAccuracy} are measured on those rows only, and
 * [{@code accuracyLo}, {@code accuracyHi}] is the interval its accuracy on all evaluation rows lies in (at the
 * sweep's {@code evaluation.confidence}). A candidate evaluated on every row has a null {@code stopReason} and
 * {@code accuracyLo == accuracyHi == accuracy}. {@code dominatedBy} names the candidate racing found certainly no
 * larger and at least as accurate when it stopped this one; {@code sameGraphAs} names the candidate whose
 * byte-identical graphs racing measured in this one's place (its row then carries that candidate's
 * measurements). Both are null otherwise.
 */
public record CandidateResult(
    String modelId,
    String candidateId,
    String config,
    String quantization,
    String granularity,
    Integer groupSize,
    String pruning,
    String pruningScope,
    double sparsity,
    String recovery,
    String calibration,
    Integer calibrationSamples,
    String floatLayers,
    Double kernelAgreement,
    Double kernelMeanAbsDiff,
    long sizeBytes,
    long gzipBytes,
    long artifactBytes,
    String graphSha256,
    long params,
    long nonzeroParams,
    double accuracy,
    double floatAccuracy,
    double agreement,
    double artifactAccuracy,
    int evaluationRows,
    double latencyMsB1,
    double latencyMsB32,
    double latencyRatioB1,
    double latencyRatioB32,
    double latencyRatioB1Lo,
    double latencyRatioB1Hi,
    double latencyRatioB32Lo,
    double latencyRatioB32Hi,
    int latencyRoundsB1,
    int latencyRoundsB32,
    boolean onFront,
    boolean knee,
    boolean chosen,
    String artifactPath,
    Long tfliteBytes,
    Long tfliteGzipBytes,
    double accuracyLo,
    double accuracyHi,
    String stopReason,
    String dominatedBy,
    String sameGraphAs) implements Serializable {

  /** A row evaluated on every row knows its accuracy exactly (checkpoints written before racing carry no interval). */
  public CandidateResult {
    if (stopReason == null) {
      accuracyLo = accuracy;
      accuracyHi = accuracy;
    }
  }

  /** accuracy − float accuracy, as a fraction (−0.01 is one percentage point lost). */
  public double accuracyDelta() {
    return accuracy - floatAccuracy;
  }

  /** Whether racing evaluation stopped this candidate before its last evaluation row. */
  public boolean stopped() {
    return stopReason != null;
  }

  /** The same row with the per-model flags set by ComputeFronts. */
  public CandidateResult withFlags(boolean onFront, boolean knee, boolean chosen) {
    return new CandidateResult(modelId, candidateId, config, quantization, granularity, groupSize, pruning,
        pruningScope, sparsity, recovery, calibration, calibrationSamples, floatLayers, kernelAgreement, kernelMeanAbsDiff,
        sizeBytes, gzipBytes, artifactBytes, graphSha256, params, nonzeroParams, accuracy, floatAccuracy,
        agreement, artifactAccuracy, evaluationRows, latencyMsB1, latencyMsB32, latencyRatioB1, latencyRatioB32,
        latencyRatioB1Lo, latencyRatioB1Hi, latencyRatioB32Lo, latencyRatioB32Hi, latencyRoundsB1, latencyRoundsB32,
        onFront, knee, chosen, artifactPath, tfliteBytes, tfliteGzipBytes, accuracyLo, accuracyHi, stopReason, dominatedBy, sameGraphAs);
  }

  /** The same row with the location its artifact was exported to. */
  public CandidateResult withArtifactPath(String path) {
    return new CandidateResult(modelId, candidateId, config, quantization, granularity, groupSize, pruning,
        pruningScope, sparsity, recovery, calibration, calibrationSamples, floatLayers, kernelAgreement, kernelMeanAbsDiff,
        sizeBytes, gzipBytes, artifactBytes, graphSha256, params, nonzeroParams, accuracy, floatAccuracy,
        agreement, artifactAccuracy, evaluationRows, latencyMsB1, latencyMsB32, latencyRatioB1, latencyRatioB32,
        latencyRatioB1Lo, latencyRatioB1Hi, latencyRatioB32Lo, latencyRatioB32Hi, latencyRoundsB1, latencyRoundsB32,
        onFront, knee, chosen, path, tfliteBytes, tfliteGzipBytes, accuracyLo, accuracyHi, stopReason, dominatedBy, sameGraphAs);
  }

  /**
   * {@code twin}'s row measured by this one: twin's configuration columns with every measurement of this row,
   * which measured the same graphs; flags and artifact path unset.
   */
  public CandidateResult measuredFor(CandidateResult twin) {
    return new CandidateResult(twin.modelId, twin.candidateId, twin.config, twin.quantization, twin.granularity,
        twin.groupSize, twin.pruning, twin.pruningScope, twin.sparsity, twin.recovery, twin.calibration,
        twin.calibrationSamples, floatLayers, kernelAgreement, kernelMeanAbsDiff, sizeBytes, gzipBytes,
        artifactBytes, graphSha256, params, nonzeroParams, accuracy, floatAccuracy, agreement, artifactAccuracy,
        evaluationRows, latencyMsB1, latencyMsB32, latencyRatioB1, latencyRatioB32, latencyRatioB1Lo,
        latencyRatioB1Hi, latencyRatioB32Lo, latencyRatioB32Hi, latencyRoundsB1, latencyRoundsB32, false, false,
        false, null, tfliteBytes, tfliteGzipBytes, accuracyLo, accuracyHi, stopReason, dominatedBy, candidateId);
  }
}
