package dev.frontier.transforms.measure;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The size of a candidate artifact as shipped: its bytes as written ({@code sizeBytes}) and the bytes
 * of its gzip ({@code gzipBytes}). One place, so every size in the results is measured the same way.
 *
 * <p>Gzip is {@link GZIPOutputStream} (RFC 1952: 10-byte header, deflate, 8-byte trailer) at zlib's
 * default level {@link #GZIP_LEVEL} = 6: what {@code gzip FILE} does, and the level of the "gzipped
 * model size" that TensorFlow Model Optimization's pruning and quantization guides report (a zip with
 * ZIP_DEFLATED at the default level), so figures compare with theirs. Level 9 was measured at 5–13×
 * the CPU on pruned weights for 1–10 % fewer bytes, which made gzip the costliest step of a sweep of
 * small models. The compressed bytes are only counted, never held.
 *
 * @param sizeBytes bytes of the artifact as written
 * @param gzipBytes bytes of its gzip at {@link #GZIP_LEVEL}
 */
public record ArtifactSize(long sizeBytes, long gzipBytes) {
  /** The deflate level used for {@code gzipBytes}: 6, zlib's and gzip's default. */
  public static final int GZIP_LEVEL = 6;

  private static final int WRITE_CHUNK_BYTES = 1 << 16;

  /** Size and gzip size of {@code artifact}. */
  public static ArtifactSize of(byte[] artifact) {
    return new ArtifactSize(artifact.length, gzipBytes(artifact));
  }

  private static long gzipBytes(byte[] artifact) {
    CountingStream counter = new CountingStream();
    try (GZIPOutputStream gzip = new LeveledGzip(counter, GZIP_LEVEL)) {
      for (int off = 0; off < artifact.length; off += WRITE_CHUNK_BYTES) {
        gzip.write(artifact, off, Math.min(WRITE_CHUNK_BYTES, artifact.length - off));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("gzip into a counter cannot fail", e);
    }
    return counter.count;
  }

  /** A GZIPOutputStream at a chosen level (the JDK only exposes the level through the deflater field). */
  private static final class LeveledGzip extends GZIPOutputStream {
    LeveledGzip(OutputStream out, int level) throws IOException {
      super(out);
      def.setLevel(level);
    }
  }

  /** Counts bytes, keeps none. */
  private static final class CountingStream extends OutputStream {
    private long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
