package dev.frontier.transforms.compress;

/**
 * The int32 bias of the TFLite int8 spec: zero-point 0, scale {@code s_in · s_w} (per output channel when
 * the weight scales are), {@code B = round(b / (s_in · s_w))} with the division in float32 and .5 rounded
 * away from zero (the rounding {@link SymmetricQuantizer} uses for weights), clamped to ±(2^31 - 1).
 */
final class Int32Bias {
  /** Symmetric int32 range, as for the other symmetric levels (-x quantizes to -level). */
  static final long MAX_LEVEL = Integer.MAX_VALUE;

  private Int32Bias() {}

  /** One level per bias value; {@code scales} has one value (shared) or one per bias value. */
  static int[] levels(float[] bias, float[] scales) {
    if (scales.length != 1 && scales.length != bias.length) {
      throw new IllegalArgumentException(scales.length + " scales for " + bias.length + " bias values");
    }
    int[] out = new int[bias.length];
    for (int j = 0; j < bias.length; j++) {
      float scale = scales[scales.length == 1 ? 0 : j];
      double level = SymmetricQuantizer.roundHalfAwayFromZero(bias[j] / scale);
      out[j] = (int) Math.max(-MAX_LEVEL, Math.min(MAX_LEVEL, level));
    }
    return out;
  }
}
