package dev.frontier.transforms.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), gzipped or not, into a {@link Dataset}.
 *
 * <p>Images become float rows of raw pixel values (0–255, row-major); scaling is a separate
 * preprocessing step so models that take raw pixels are served too.
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
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != MAGIC_UBYTE_IMAGES) {
        throw new IOException(file + ": not an IDX unsigned-byte image file (magic 0x"
            + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(MAGIC_UBYTE_IMAGES) + ")");
      }
      int n = in.readInt();
      int h = in.readInt();
      int w = in.readInt();
      if (n < 0 || h <= 0 || w <= 0) {
        throw new IOException(file + ": bad IDX header: " + n + " images of " + h + "x" + w);
      }
      byte[] buf = new byte[h * w];
      float[][] rows = new float[n][h * w];
      for (int i = 0; i < n; i++) {
        readFully(in, buf, file, i, n);
        float[] row = rows[i];
        for (int j = 0; j < buf.length; j++) {
          row[j] = buf[j] & 0xff;
        }
      }
      return rows;
    }
  }

  static int[] readLabels(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      int magic = in.readInt();
      if (magic != MAGIC_UBYTE_LABELS) {
        throw new IOException(file + ": not an IDX unsigned-byte label file (magic 0x"
            + Integer.toHexString(magic) + ", expected 0x" + Integer.toHexString(MAGIC_UBYTE_LABELS) + ")");
      }
      int n = in.readInt();
      if (n < 0) {
        throw new IOException(file + ": bad IDX header: " + n + " labels");
      }
      byte[] buf = new byte[n];
      readFully(in, buf, file, 0, n);
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        labels[i] = buf[i] & 0xff;
      }
      return labels;
    }
  }

  private static void readFully(DataInputStream in, byte[] buf, Path file, int index, int count)
      throws IOException {
    try {
      in.readFully(buf);
    } catch (EOFException e) {
      throw new IOException(file + ": truncated IDX file (ends in record " + index + " of " + count + ")", e);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    boolean gzip = b0 == 0x1f && b1 == 0x8b;
    return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16)) : raw);
  }
}
