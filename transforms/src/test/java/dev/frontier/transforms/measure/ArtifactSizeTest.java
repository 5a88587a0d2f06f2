package dev.frontier.transforms.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Artifact size and gzip size on byte patterns whose gzip is known or bounded. */
class ArtifactSizeTest {
  private static final int ONE_MIB = 1 << 20;

  /** gzip of {@code data} at {@code level}, written the plain way (the reference). */
  private static byte[] gzip(byte[] data, int level) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(out) {
      {
        def.setLevel(level);
      }
    }) {
      g.write(data);
    }
    return out.toByteArray();
  }

  /** Structured, compressible but not trivial bytes: a text-like pattern with varying numbers. */
  private static byte[] structured() {
    StringBuilder s = new StringBuilder();
    Random rnd = new Random(5);
    while (s.length() < ONE_MIB / 4) {
      s.append("node { name: \"dense_").append(rnd.nextInt(300)).append("/MatMul\" op: \"MatMul\" value: ")
          .append(rnd.nextGaussian()).append(" }\n");
    }
    return s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void emptyArtifactGzipsToHeaderEmptyBlockAndTrailer() {
    // 10-byte header + 2-byte empty final deflate block + 8-byte CRC32/length trailer.
    assertEquals(new ArtifactSize(0, 20), ArtifactSize.of(new byte[0]));
  }

  @Test
  void oneMebibyteOfZerosCompressesToUnderTwoKilobytes() {
    ArtifactSize size = ArtifactSize.of(new byte[ONE_MIB]);
    assertEquals(ONE_MIB, size.sizeBytes());
    assertTrue(size.gzipBytes() < 2048, "gzip of 1 MiB of zeros: " + size.gzipBytes() + " bytes");
  }

  @Test
  void randomBytesDoNotShrink() {
    byte[] random = new byte[ONE_MIB];
    new Random(42).nextBytes(random);
    ArtifactSize size = ArtifactSize.of(random);
    assertEquals(ONE_MIB, size.sizeBytes());
    assertTrue(size.gzipBytes() >= size.sizeBytes(), "random bytes shrank to " + size.gzipBytes());
  }

  @Test
  void equalsTheJdkGzipAtItsDefaultLevel() throws IOException {
    byte[] data = structured();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(plain)) {
      g.write(data);
    }
    byte[] reference = plain.toByteArray();
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(reference))) {
      assertArrayEquals(data, in.readAllBytes(), "the reference gzip must round-trip");
    }
    ArtifactSize size = ArtifactSize.of(data);
    assertEquals(data.length, size.sizeBytes());
    assertEquals(reference.length, size.gzipBytes());
    assertEquals(reference.length, gzip(data, ArtifactSize.GZIP_LEVEL).length, "the JDK default is level 6");
    assertTrue(size.gzipBytes() < gzip(data, Deflater.BEST_SPEED).length, "level 6 must beat level 1 here");
  }
}
