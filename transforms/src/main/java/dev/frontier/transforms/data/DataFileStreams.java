package dev.frontier.transforms.data;

import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens data files, transparently un-gzipping those whose content starts with the gzip magic bytes. */
final class DataFileStreams {
  static final int BUFFER_BYTES = 1 << 16;

  private DataFileStreams() {}

  /** A buffered stream of the file's (decompressed) bytes. */
  static InputStream open(Path file) throws IOException {
    BufferedInputStream raw = new BufferedInputStream(newInputStream(file), BUFFER_BYTES);
    try {
      return isGzip(peek(raw, 2)) ? new BufferedInputStream(new GZIPInputStream(raw, BUFFER_BYTES), BUFFER_BYTES) : raw;
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw new IOException(file + ": cannot open: " + e.getMessage(), e);
    }
  }

  /**
   * The file's raw bytes; a file that is missing, a directory or not readable is an IOException that says
   * which and names the path (Java's own message is the bare path).
   *
   * @throws FileNotFoundException {@code PATH does not exist}
   */
  static InputStream newInputStream(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a directory, not a data file");
    }
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      FileNotFoundException missing = new FileNotFoundException(file + " does not exist");
      missing.initCause(e);
      throw missing;
    } catch (AccessDeniedException e) {
      throw new IOException(file + " cannot be read: permission denied", e);
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
