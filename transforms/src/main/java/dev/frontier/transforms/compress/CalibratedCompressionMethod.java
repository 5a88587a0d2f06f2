package dev.frontier.transforms.compress;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.model.ModelIr;

/**
 * A compression method that needs calibrated activation ranges (a full-integer scheme) and produces two
 * graphs: one to evaluate, one to ship ({@link CompressedCandidate}). Registered like any other method;
 * the sweep applies it through {@link CandidateCompressor#compress(ModelIr, ConfiguredMethod,
 * ConfiguredMethod, ActivationRanges)}. The two-argument {@link #apply(ModelIr, MethodParameters)} has no
 * ranges to work with and fails with a message saying so.
 */
public interface CalibratedCompressionMethod extends CompressionMethod {

  /**
   * The candidate for {@code ir}.
   *
   * @param ranges calibrated ranges of the tensors the method quantizes, by tensor name
   * @throws IllegalArgumentException for parameters the method does not accept, a tensor without a range,
   *     or a model that cannot be compressed this way (the message names method, model and cause)
   */
  CompressedCandidate apply(ModelIr ir, MethodParameters params, ActivationRanges ranges);

  @Override
  default boolean requiresCalibration() {
    return true;
  }

  /** Always fails: this method needs activation ranges. */
  @Override
  default ModelIr apply(ModelIr ir, MethodParameters params) {
    throw new IllegalArgumentException(name() + ": needs calibrated activation ranges (model '" + ir.modelId()
        + "'); apply it through CandidateCompressor.compress(ir, pruning, quantization, ranges)");
  }
}
