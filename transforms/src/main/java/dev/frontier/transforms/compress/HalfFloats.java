package dev.frontier.transforms.compress;

/**
 * float32 → IEEE 754 binary16 ("half") conversion, rounding to nearest, ties to even, as TF's
 * {@code Cast(float→half)} does (checked bit for bit in the tests). Java 17 has no
 * {@code Float.floatToFloat16} (added in Java 20).
 */
final class HalfFloats {
  private static final int SIGN_MASK = 0x8000_0000;
  private static final int ABS_MASK = 0x7fff_ffff;
  private static final int FLOAT_INF_BITS = 0x7f80_0000;
  private static final int FLOAT_MANTISSA_BITS = 23;
  private static final int FLOAT_MANTISSA_MASK = 0x007f_ffff;
  private static final int FLOAT_IMPLICIT_ONE = 0x0080_0000;
  private static final int FLOAT_EXPONENT_BIAS = 127;
  private static final int HALF_EXPONENT_BIAS = 15;
  private static final int HALF_MANTISSA_BITS = 10;
  /** Float mantissa bits a half drops. */
  private static final int DROPPED_BITS = FLOAT_MANTISSA_BITS - HALF_MANTISSA_BITS;
  private static final short HALF_INFINITY = 0x7c00;
  /** TF (Eigen) turns every NaN into this quiet NaN, keeping only the sign. */
  private static final short HALF_QUIET_NAN = 0x7e00;
  /** Bits of 65520f: halfway between the largest half (65504) and 2^16; from here on, ties-to-even gives infinity. */
  private static final int OVERFLOW_BITS = 0x477f_f000;
  /** Bits of 2^-14, the smallest normal half. */
  private static final int MIN_NORMAL_BITS = 0x3880_0000;
  /** The smallest half step (subnormal) is 2^-24. */
  private static final int HALF_SUBNORMAL_STEP_LOG2 = 24;
  /** Biased float exponent of 2^-25 (half the smallest step): below it, values round to zero. */
  private static final int MIN_ROUNDING_UP_EXPONENT = FLOAT_EXPONENT_BIAS - HALF_SUBNORMAL_STEP_LOG2 - 1;
  /** A float significand with this biased exponent counts in half subnormal steps after no shift at all. */
  private static final int UNSHIFTED_SUBNORMAL_EXPONENT =
      FLOAT_EXPONENT_BIAS + FLOAT_MANTISSA_BITS - HALF_SUBNORMAL_STEP_LOG2;

  private HalfFloats() {}

  /** The binary16 bits of {@code f}, rounded to nearest even. */
  static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits & SIGN_MASK) >>> 16;
    int abs = bits & ABS_MASK;
    if (abs > FLOAT_INF_BITS) {
      return (short) (sign | HALF_QUIET_NAN);
    }
    if (abs >= OVERFLOW_BITS) {
      return (short) (sign | HALF_INFINITY);
    }
    if (abs >= MIN_NORMAL_BITS) {
      int exponent = (abs >>> FLOAT_MANTISSA_BITS) - FLOAT_EXPONENT_BIAS + HALF_EXPONENT_BIAS;
      int truncated = (exponent << HALF_MANTISSA_BITS) | ((abs & FLOAT_MANTISSA_MASK) >>> DROPPED_BITS);
      return (short) (sign | roundNearestEven(truncated, abs, DROPPED_BITS));
    }
    int exponent = abs >>> FLOAT_MANTISSA_BITS;
    if (exponent < MIN_ROUNDING_UP_EXPONENT) {
      return (short) sign;
    }
    // Subnormal half: the value in units of 2^-24, from the full 24-bit significand.
    int significand = (abs & FLOAT_MANTISSA_MASK) | FLOAT_IMPLICIT_ONE;
    int shift = UNSHIFTED_SUBNORMAL_EXPONENT - exponent;
    return (short) (sign | roundNearestEven(significand >>> shift, significand, shift));
  }

  /**
   * {@code truncated}, plus one when the {@code dropped} low bits of {@code source} are above half, or
   * exactly half and {@code truncated} is odd. A carry out of the mantissa correctly bumps the exponent.
   */
  private static int roundNearestEven(int truncated, int source, int dropped) {
    int rest = source & ((1 << dropped) - 1);
    int half = 1 << (dropped - 1);
    return rest > half || (rest == half && (truncated & 1) == 1) ? truncated + 1 : truncated;
  }
}
