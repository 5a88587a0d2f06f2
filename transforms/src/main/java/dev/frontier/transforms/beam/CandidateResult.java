package dev.frontier.transforms.beam;

import java.io.Serializable;

/**
 * One row of {@code results*.parquet}: a candidate's configuration and everything measured on its artifact.
 * The README's "Output columns" section documents every field with its unit.
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
    String calibration,
    Integer calibrationSamples,
    String floatLayers,
    Double kernelAgreement,
    Double kernelMeanAbsDiff,
    long sizeBytes,
    long gzipBytes,
    long params,
    long nonzeroParams,
    double accuracy,
    double floatAccuracy,
    double agreement,
    int evaluationRows,
    double latencyMsB1,
    double latencyMsB32,
    double latencyRatioB1,
    double latencyRatioB32,
    boolean onFront,
    boolean knee,
    boolean chosen) implements Serializable {

  /** accuracy − float accuracy, as a fraction (−0.01 is one percentage point lost). */
  public double accuracyDelta() {
    return accuracy - floatAccuracy;
  }

  /** The same row with the per-model flags set by ComputeFronts. */
  public CandidateResult withFlags(boolean onFront, boolean knee, boolean chosen) {
    return new CandidateResult(modelId, candidateId, config, quantization, granularity, groupSize, pruning,
        pruningScope, sparsity, calibration, calibrationSamples, floatLayers, kernelAgreement, kernelMeanAbsDiff, sizeBytes, gzipBytes, params, nonzeroParams, accuracy, floatAccuracy,
        agreement, evaluationRows, latencyMsB1, latencyMsB32, latencyRatioB1, latencyRatioB32, onFront, knee,
        chosen);
  }
}
