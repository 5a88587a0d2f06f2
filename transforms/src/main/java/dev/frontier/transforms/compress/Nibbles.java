package dev.frontier.transforms.compress;

/**
 * Two signed 4-bit levels per byte: level {@code v} in [-8, 7] is stored as the nibble {@code v + 8}
 * (0..15), value {@code 2j} in the low nibble of byte j and value {@code 2j+1} in the high nibble. An odd
 * count is padded with level 0. The graph unpacks with {@code BitwiseAnd(b, LOW_MASK)} and
 * {@code RightShift(b, BITS)}, interleaved by Pack on a new last axis.
 */
final class Nibbles {
  static final int BITS = 4;
  static final int LOW_MASK = 0x0f;
  /** Added to a signed level to store it unsigned. */
  static final int OFFSET = 8;

  private Nibbles() {}

  /** Bytes needed for {@code count} levels. */
  static int packedBytes(int count) {
    return (count + 1) / 2;
  }

  /** Packs {@code count} levels (levels beyond {@code levels.length} are 0) into {@link #packedBytes} bytes. */
  static byte[] pack(byte[] levels, int count) {
    byte[] out = new byte[packedBytes(count)];
    for (int j = 0; j < out.length; j++) {
      int low = nibble(levels, 2 * j);
      int high = nibble(levels, 2 * j + 1);
      out[j] = (byte) (low | (high << BITS));
    }
    return out;
  }

  private static int nibble(byte[] levels, int i) {
    int level = i < levels.length ? levels[i] : 0;
    return (level + OFFSET) & LOW_MASK;
  }
}
