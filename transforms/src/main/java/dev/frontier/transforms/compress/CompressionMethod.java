package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ModelIr;
import java.util.Set;

/**
 * One compression method: a pure function from an IR to a compressed IR, found by {@link #name()} in
 * {@link CompressionRegistry}.
 *
 * <p>Why an interface this small: a new quantization scheme or pruning method is then one class plus one
 * line in the registry, and every method is testable on a GraphDef without Beam. Implementations are
 * stateless; {@link #apply} never mutates its input and first checks {@code params} against
 * {@link #acceptedParams()} (see {@link MethodParameters#checkFor}).
 */
public interface CompressionMethod {

  /** What a method does to the weights; pruning runs before quantization (see {@link CandidateCompressor}). */
  enum Kind {
    /** Changes how weights are stored (fewer bits per value). */
    QUANTIZATION,
    /** Sets weights to zero (fewer non-zero values). */
    PRUNING
  }

  /** The registry name, e.g. {@code int8-weight}. */
  String name();

  Kind kind();

  /** The parameters this method reads, in {@link MethodParameters.Param} order; any other given parameter is an error. */
  Set<MethodParameters.Param> acceptedParams();

  /**
   * The compressed IR: same inputs and outputs, the layer weights rewritten.
   *
   * @throws IllegalArgumentException when {@code params} holds a parameter this method does not accept or
   *     a value out of range, or the model cannot be compressed this way (the message names method, model
   *     and cause)
   */
  ModelIr apply(ModelIr ir, MethodParameters params);

  /**
   * How a pruning method's result is stored once every step of the candidate ran ({@link CandidateCompressor}):
   * {@code ir} unchanged by default; {@code n-of-m} writes float weights that still hold its pattern compactly.
   * Runs last because quantization reads dense Const weights.
   */
  default ModelIr store(ModelIr ir, MethodParameters params) {
    return ir;
  }

  /**
   * Whether this method needs calibrated activation ranges, i.e. is a {@link CalibratedCompressionMethod} applied
   * through {@link CandidateCompressor#compress(ModelIr, ConfiguredMethod, ConfiguredMethod,
   * dev.frontier.transforms.calibrate.ActivationRanges)}. False for weight-only methods.
   */
  default boolean requiresCalibration() {
    return false;
  }
}
