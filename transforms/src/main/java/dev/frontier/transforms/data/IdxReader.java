package dev.frontier.transforms.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), gzipped or not, into a {@link Dataset}.
 *
 * <p>Images become float rows of raw pixel values (0–255, row-major); scaling is a separate
 * preprocessing step so models that take raw pixels are served too. A short file, a wrong magic number
 * or a nonsensical header is an {@link IOException} naming the file.
 */
public final class IdxReader {
  private static final int MAGIC_UBYTE_IMAGES = 0x00000803;
  private static final int MAGIC_UBYTE_LABELS = 0x00000801;

  private IdxReader() {}

  /** Reads an images file and its labels file; both may be gzipped (detected from the content). */
  public static Dataset read(String name, Path images, Path labels) throws IOException {
    float[][] rows = readImages(images);
    int[] y = readLabels(labels);
    if (rows.length != y.length) {
      throw new IOException("IDX files disagree: " + images + " has " + rows.length + " images but "
          + labels + " has " + y.length + " labels");
    }
    return new Dataset(name, List.of(), rows, y);
  }

  static float[][] readImages(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(DataFileStreams.open(file))) {
      int[] header = readHeader(in, file, MAGIC_UBYTE_IMAGES, "image", 3);
      int n = header[0];
      int h = header[1];
      int w = header[2];
      if (n < 0 || h <= 0 || w <= 0 || (long) h * w > Integer.MAX_VALUE) {
        throw new IOException(file + ": bad IDX header: " + n + " images of " + h + "x" + w);
      }
      byte[] buf = new byte[h * w];
      float[][] rows = new float[n][];
      for (int i = 0; i < n; i++) {
        readFully(in, buf, file, "image " + i + " of " + n);
        float[] row = new float[buf.length];
        for (int j = 0; j < buf.length; j++) {
          row[j] = buf[j] & 0xff;
        }
        rows[i] = row;
      }
      return rows;
    }
  }

  static int[] readLabels(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(DataFileStreams.open(file))) {
      int n = readHeader(in, file, MAGIC_UBYTE_LABELS, "label", 1)[0];
      if (n < 0) {
        throw new IOException(file + ": bad IDX header: " + n + " labels");
      }
      byte[] buf = new byte[n];
      readFully(in, buf, file, n + " labels");
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = buf[i] & 0xff;
      }
      return labels;
    }
  }

  /** Checks the magic number and returns the {@code dims} dimension sizes that follow it. */
  private static int[] readHeader(DataInputStream in, Path file, int magic, String kind, int dims)
      throws IOException {
    try {
      int actual = in.readInt();
      if (actual != magic) {
        throw new IOException(file + ": not an IDX unsigned-byte " + kind + " file (magic 0x"
            + Integer.toHexString(actual) + ", expected 0x" + Integer.toHexString(magic) + ")");
      }
      int[] sizes = new int[dims];
      for (int i = 0; i < dims; i++) {
        sizes[i] = in.readInt();
      }
      return sizes;
    } catch (EOFException e) {
      throw new IOException(file + ": truncated IDX file (ends inside the " + (4 + 4 * dims) + "-byte header)", e);
    }
  }

  private static void readFully(DataInputStream in, byte[] buf, Path file, String what) throws IOException {
    try {
      in.readFully(buf);
    } catch (EOFException e) {
      throw new IOException(file + ": truncated IDX file (ends before the end of " + what + ")", e);
    }
  }
}
