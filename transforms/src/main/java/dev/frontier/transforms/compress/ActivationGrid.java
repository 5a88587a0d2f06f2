package dev.frontier.transforms.compress;

import dev.frontier.transforms.calibrate.ActivationRanges;

/**
 * The affine (asymmetric) integer grid of one activation tensor: levels {@code 0 .. 2^bits - 1}, real value
 * {@code (level - zeroPoint) * scale}. Built from a calibrated range exactly as TF's FakeQuant ops build it
 * ({@code Nudge} in {@code fake_quant_ops_functor.h}), so the values the simulated graph's
 * {@code FakeQuantWithMinMaxVars} produces are precisely {@code (level - zeroPoint) * scale} for this grid
 * (bit-exact, see the tests), and the integer artifact can reuse the same scale and zero-point.
 *
 * <p>Arithmetic, all in float32 as TF does it: the range is first widened to include 0 (the int8 spec
 * requires real 0 to be representable); {@code scale = (max - min) / (2^bits - 1)};
 * {@code zeroPointFromMin = -min / scale}, clamped to the level range and rounded half away from zero;
 * {@code nudgedMin = -zeroPoint * scale}, {@code nudgedMax = (2^bits - 1 - zeroPoint) * scale}. Whatever
 * the calibrated range, 0 then lies exactly on a level. The TFLite int8 spec's levels [-128, 127] are these
 * levels shifted by 128 (zero-point likewise); with 7 bits they are [-64, 63].
 *
 * @param bits levels per value (7 or 8)
 * @param min the widened range's low end, as passed to FakeQuant (which nudges it itself)
 * @param max the widened range's high end, as passed to FakeQuant
 * @param scale real value of one level step
 * @param zeroPoint the level that represents real 0
 * @param nudgedMin real value of level 0
 * @param nudgedMax real value of the top level
 */
record ActivationGrid(int bits, float min, float max, float scale, int zeroPoint, float nudgedMin,
    float nudgedMax) {
  /** Fewest bits: anything below makes the grid too coarse to be called int8 simulation. */
  static final int MIN_BITS = 2;
  /** Most bits FakeQuantWithMinMaxVars accepts with this arithmetic. */
  static final int MAX_BITS = 8;
  /**
   * Range used when calibration saw only zeros: any positive width represents 0 exactly; 1 keeps the
   * int32 bias of such a layer (bias / (scale × weight scale)) far from overflow.
   */
  static final float ALL_ZERO_RANGE_MAX = 1f;

  /**
   * The grid FakeQuant uses for the calibrated {@code range} with {@code bits} levels.
   *
   * @throws IllegalArgumentException when bits is outside [{@value #MIN_BITS}, {@value #MAX_BITS}] or the
   *     range is not finite
   */
  static ActivationGrid of(ActivationRanges.Range range, int bits) {
    if (bits < MIN_BITS || bits > MAX_BITS) {
      throw new IllegalArgumentException("activation bits must be in [" + MIN_BITS + ", " + MAX_BITS + "], got " + bits);
    }
    if (!Float.isFinite(range.min()) || !Float.isFinite(range.max())) {
      throw new IllegalArgumentException("activation range " + range + " is not finite");
    }
    float min = Math.min(range.min(), 0f);
    float max = Math.max(range.max(), 0f);
    if (min == max) {
      max = ALL_ZERO_RANGE_MAX;
    }
    float quantMax = (1 << bits) - 1;
    float scale = (max - min) / quantMax;
    float zeroPointFromMin = 0f - min / scale;
    int zeroPoint = zeroPointFromMin < 0f ? 0
        : zeroPointFromMin > quantMax ? (int) quantMax
        : (int) SymmetricQuantizer.roundHalfAwayFromZero(zeroPointFromMin);
    float nudgedMin = (0f - zeroPoint) * scale;
    float nudgedMax = (quantMax - zeroPoint) * scale;
    return new ActivationGrid(bits, min, max, scale, zeroPoint, nudgedMin, nudgedMax);
  }

  /** The top level, {@code 2^bits - 1}. */
  int maxLevel() {
    return (1 << bits) - 1;
  }

  /**
   * The level FakeQuant picks for {@code x}, in [0, {@link #maxLevel()}]: the op computes
   * {@code k = floor((clamp(x) - nudgedMin) / scale - zeroPoint + 0.5)} in float32 (TF 2.x
   * {@code fake_quant_ops_functor.h}) and outputs {@code k · scale}; the level is {@code k + zeroPoint}.
   * The graphs never call this (they run the op); tests use it as the reference.
   */
  int level(float x) {
    return offsetFromZero(x) + zeroPoint;
  }

  /** The value FakeQuant outputs for {@code x}: {@code (level(x) - zeroPoint) · scale} in float32. */
  float fakeQuant(float x) {
    return offsetFromZero(x) * scale;
  }

  private int offsetFromZero(float x) {
    float clamped = Math.max(Math.min(x, nudgedMax), nudgedMin);
    float shifted = clamped - nudgedMin;
    float t = shifted / scale - zeroPoint;
    return (int) Math.floor(t + 0.5f);
  }
}
