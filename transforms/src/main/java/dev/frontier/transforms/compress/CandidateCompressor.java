package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ModelIr;
import java.util.Objects;

/**
 * Builds one candidate: prune first, then quantize (sizes compound: the zeros pruning makes stay zero
 * through any quantization, and gzip collects both gains). Any pruning method composes with any
 * quantization method; "no quantization" is the {@code float} method.
 */
public final class CandidateCompressor {
  private CandidateCompressor() {}

  /**
   * The compressed IR of {@code floatIr}.
   *
   * @param pruning a {@link CompressionMethod.Kind#PRUNING} step, or null for none
   * @param quantization a {@link CompressionMethod.Kind#QUANTIZATION} step ({@code float} for none)
   * @throws IllegalArgumentException when a step's method is of the other kind, or the method fails
   */
  public static ModelIr compress(ModelIr floatIr, CompressionStep pruning, CompressionStep quantization) {
    Objects.requireNonNull(floatIr, "floatIr");
    Objects.requireNonNull(quantization, "quantization (use '" + FloatBaseline.NAME + "' for none)");
    if (pruning != null) {
      requireKind(pruning, CompressionMethod.Kind.PRUNING);
    }
    requireKind(quantization, CompressionMethod.Kind.QUANTIZATION);
    ModelIr pruned = pruning == null ? floatIr : pruning.applyTo(floatIr);
    return quantization.applyTo(pruned);
  }

  private static void requireKind(CompressionStep step, CompressionMethod.Kind expected) {
    CompressionMethod.Kind actual = step.method().kind();
    if (actual != expected) {
      throw new IllegalArgumentException("step '" + step + "' is a " + actual + " method, given as "
          + expected);
    }
  }
}
