package dev.frontier.transforms.compress;

/**
 * The one place where weights become integer levels: symmetric quantization, zero-point 0, levels in
 * [-maxLevel, maxLevel], one scale per block of a [rows, channels] weight matrix.
 *
 * <p>Arithmetic, in float32 exactly as TF's {@code QuantizeV2(T=qint8, mode=SCALED, narrow_range=true,
 * min=-m, max=m, ensure_minimum_range=0)} does it for maxLevel 127 (bit-exact, see the tests):
 * {@code level = clamp(roundHalfAwayFromZero(x * (maxLevel / m)), -maxLevel, maxLevel)}, where m is the
 * block's max |x|; the dequantized value is {@code level * scale} with {@code scale = m / maxLevel}. A block
 * of zeros (m = 0) gets scale 1 and all levels 0. int8 (maxLevel 127) and int4 (maxLevel 7) share this code.
 */
final class SymmetricQuantizer {
  /** int8 with narrow range: -127..127, so that -x quantizes to -level. */
  static final int INT8_MAX_LEVEL = 127;
  /** int4 with narrow range: -7..7. */
  static final int INT4_MAX_LEVEL = 7;
  /** Scale of an all-zero block: any positive value works, 1 keeps the stored bytes readable. */
  static final float ZERO_BLOCK_SCALE = 1f;

  private SymmetricQuantizer() {}

  /**
   * How the values of a row-major [rows, channels] matrix share scales: the rows of each channel
   * (column) are cut into runs of {@code rowsPerBlock} (the last run may be shorter), one scale per run and
   * channel. Block index = {@code (row / rowsPerBlock) * channels + channel}, so scales form a row-major
   * [ceil(rows / rowsPerBlock), channels] matrix.
   */
  record Blocks(int rows, int channels, int rowsPerBlock) {
    Blocks {
      if (rows < 1 || channels < 1 || rowsPerBlock < 1) {
        throw new IllegalArgumentException("blocks need positive sizes, got rows " + rows + ", channels "
            + channels + ", rowsPerBlock " + rowsPerBlock);
      }
    }

    /** One scale for all values. */
    static Blocks perTensor(int values) {
      return new Blocks(values, 1, values);
    }

    /** One scale per channel (column). */
    static Blocks perChannel(int rows, int channels) {
      return new Blocks(rows, channels, rows);
    }

    int rowBlocks() {
      return (rows + rowsPerBlock - 1) / rowsPerBlock;
    }

    int count() {
      return rowBlocks() * channels;
    }

    int values() {
      return rows * channels;
    }

    int of(int index) {
      return (index / channels / rowsPerBlock) * channels + index % channels;
    }
  }

  /** Quantized levels (one per value, as signed bytes) and one float scale per block. */
  record Quantized(byte[] levels, float[] scales, Blocks blocks) {
    /** The float weight the graph reconstructs: {@code levels[i] * scales[block(i)]} in float32. */
    float[] dequantize() {
      float[] out = new float[levels.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = levels[i] * scales[blocks.of(i)];
      }
      return out;
    }
  }

  /** Quantizes {@code values} (a row-major [rows, channels] matrix) block by block. */
  static Quantized quantize(float[] values, Blocks blocks, int maxLevel) {
    if (values.length != blocks.values()) {
      throw new IllegalArgumentException(blocks + " cover " + blocks.values() + " values, got " + values.length);
    }
    float[] maxAbs = new float[blocks.count()];
    for (int i = 0; i < values.length; i++) {
      int b = blocks.of(i);
      maxAbs[b] = Math.max(maxAbs[b], Math.abs(values[i]));
    }
    float[] scales = new float[maxAbs.length];
    float[] inverseScales = new float[maxAbs.length];
    for (int b = 0; b < maxAbs.length; b++) {
      scales[b] = maxAbs[b] == 0f ? ZERO_BLOCK_SCALE : maxAbs[b] / maxLevel;
      inverseScales[b] = maxAbs[b] == 0f ? 0f : maxLevel / maxAbs[b];
    }
    byte[] levels = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      levels[i] = (byte) level(values[i], inverseScales[blocks.of(i)], maxLevel);
    }
    return new Quantized(levels, scales, blocks);
  }

  /** {@code clamp(roundHalfAwayFromZero(x * inverseScale), -maxLevel, maxLevel)}, the product in float32. */
  static int level(float x, float inverseScale, int maxLevel) {
    float scaled = x * inverseScale;
    return (int) Math.max(-maxLevel, Math.min(maxLevel, roundHalfAwayFromZero(scaled)));
  }

  /**
   * Rounds to the nearest integer, .5 away from zero (2.5 → 3, -2.5 → -3). {@link Math#round} rounds
   * -2.5 to -2, which is not what TF does. Computed in double, where {@code |x| + 0.5} is exact for any
   * float below 2^29, so no value just under a tie is rounded up.
   */
  static double roundHalfAwayFromZero(float x) {
    double r = Math.floor(Math.abs((double) x) + 0.5);
    return x < 0 ? -r : r;
  }
}
