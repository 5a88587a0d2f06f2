package dev.frontier.transforms.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens data files, transparently un-gzipping those whose content starts with the gzip magic bytes. */
final class Inputs {
  static final int BUFFER_BYTES = 1 << 16;

  private Inputs() {}

  /** A buffered stream of the file's (decompressed) bytes. */
  static InputStream open(Path file) throws IOException {
    BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
    try {
      return isGzip(peek(raw, 2)) ? new BufferedInputStream(new GZIPInputStream(raw, BUFFER_BYTES), BUFFER_BYTES) : raw;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw new IOException(file + ": cannot open: " + e.getMessage(), e);
    }
  }

  /** Up to {@code count} leading bytes of the stream, which is left where it was (it must support mark). */
  static byte[] peek(BufferedInputStream in, int count) throws IOException {
    in.mark(count);
    byte[] head = in.readNBytes(count);
    in.reset();
    return head;
  }

  static boolean isGzip(byte[] head) {
    return head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
  }
}
