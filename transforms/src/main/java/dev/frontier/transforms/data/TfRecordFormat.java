package dev.frontier.transforms.data;

import java.util.zip.CRC32C;

/**
 * The TFRecord framing: per record a uint64 little-endian length, the masked CRC32C of those 8 bytes, the
 * data, and the masked CRC32C of the data (all integers little-endian).
 */
final class TfRecordFormat {
  static final int LENGTH_BYTES = 8;
  static final int CRC_BYTES = 4;
  static final int HEADER_BYTES = LENGTH_BYTES + CRC_BYTES;
  private static final int MASK_DELTA = 0xa282ead8;

  private TfRecordFormat() {}

  static int maskedCrc32c(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }

  static long readLongLe(byte[] b, int offset) {
    long v = 0;
    for (int i = LENGTH_BYTES - 1; i >= 0; i--) {
      v = (v << 8) | (b[offset + i] & 0xff);
    }
    return v;
  }

  static int readIntLe(byte[] b, int offset) {
    return (b[offset] & 0xff) | (b[offset + 1] & 0xff) << 8 | (b[offset + 2] & 0xff) << 16 | (b[offset + 3] & 0xff) << 24;
  }

  static void writeLongLe(byte[] b, int offset, long v) {
    for (int i = 0; i < LENGTH_BYTES; i++) {
      b[offset + i] = (byte) (v >>> (8 * i));
    }
  }

  static void writeIntLe(byte[] b, int offset, int v) {
    for (int i = 0; i < CRC_BYTES; i++) {
      b[offset + i] = (byte) (v >>> (8 * i));
    }
  }

  /** True if the first 12 bytes are a record header whose length CRC checks out: an uncompressed file. */
  static boolean isRecordHeader(byte[] head) {
    return head.length >= HEADER_BYTES && maskedCrc32c(head, 0, LENGTH_BYTES) == readIntLe(head, LENGTH_BYTES);
  }

  /** True if the bytes start a zlib stream (deflate method, valid header check bits), as TF's "ZLIB" writes. */
  static boolean isZlib(byte[] head) {
    return head.length >= 2 && (head[0] & 0x0f) == 8 && (((head[0] & 0xff) << 8) | (head[1] & 0xff)) % 31 == 0;
  }
}
