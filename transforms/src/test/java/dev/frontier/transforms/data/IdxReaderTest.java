package dev.frontier.transforms.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.transforms.SharedFixtures;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  /** Two 2x3 images with pixels 0,1,...,5 and 250..255, labels 7 and 3. */
  private static byte[] images() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x803);
    out.writeInt(2);
    out.writeInt(2);
    out.writeInt(3);
    out.write(new byte[] {0, 1, 2, 3, 4, 5, (byte) 250, (byte) 251, (byte) 252, (byte) 253, (byte) 254, (byte) 255});
    return bytes.toByteArray();
  }

  private static byte[] labels() {
    return new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 7, 3};
  }

  private Path write(String name, byte[] content, boolean gzip) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(content);
    }
    return file;
  }

  private void assertTwoImages(Dataset d) {
    assertEquals("toy", d.name());
    assertEquals(2, d.size());
    assertEquals(6, d.rowWidth());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, d.features()[0]);
    assertArrayEquals(new float[] {250, 251, 252, 253, 254, 255}, d.features()[1], "unsigned bytes, raw values");
    assertArrayEquals(new int[] {7, 3}, d.labels());
    assertTrue(d.featureNames().isEmpty());
  }

  @Test
  void readsPlainFiles() throws IOException {
    assertTwoImages(IdxReader.read("toy", write("i", images(), false), write("l", labels(), false)));
  }

  @Test
  void readsGzippedFiles() throws IOException {
    assertTwoImages(IdxReader.read("toy", write("i.gz", images(), true), write("l.gz", labels(), true)));
  }

  @Test
  void truncatedImagesNameTheFileAndImage() throws IOException {
    Path images = write("short.gz", Arrays.copyOf(images(), images().length - 1), true);
    IOException e = assertThrows(IOException.class, () -> IdxReader.read("toy", images, write("l", labels(), false)));
    assertTrue(e.getMessage().contains(images.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("image 1 of 2"), e.getMessage());
  }

  @Test
  void truncatedHeaderIsAnIoExceptionNamingTheFile() throws IOException {
    Path images = write("header", Arrays.copyOf(images(), 10), false);
    IOException e = assertThrows(IOException.class, () -> IdxReader.read("toy", images, write("l", labels(), false)));
    assertTrue(e.getMessage().startsWith(images.toString()) && e.getMessage().contains("header"), e.getMessage());
  }

  @Test
  void truncatedLabelsNameTheFile() throws IOException {
    Path labels = write("l", Arrays.copyOf(labels(), 9), false);
    IOException e = assertThrows(IOException.class, () -> IdxReader.read("toy", write("i", images(), false), labels));
    assertTrue(e.getMessage().startsWith(labels.toString()) && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void wrongMagicIsRejected() throws IOException {
    Path images = write("i", images(), false);
    Path labels = write("l", labels(), false);
    IOException e = assertThrows(IOException.class, () -> IdxReader.read("toy", labels, images));
    assertTrue(e.getMessage().startsWith(labels.toString()) && e.getMessage().contains("magic 0x801"), e.getMessage());
  }

  @Test
  void countMismatchNamesBothFiles() throws IOException {
    byte[] threeLabels = {0, 0, 8, 1, 0, 0, 0, 3, 7, 3, 1};
    Path labels = write("l3", threeLabels, false);
    IOException e = assertThrows(IOException.class, () -> IdxReader.read("toy", write("i", images(), false), labels));
    assertTrue(e.getMessage().contains("2 images") && e.getMessage().contains("3 labels"), e.getMessage());
  }

  @Test
  void readsTheSharedMnistTestSplit() throws IOException {
    Path mnist = SharedFixtures.root().resolve("data").resolve("mnist");
    assumeTrue(Files.isDirectory(mnist), "shared MNIST data not present");
    Dataset d = IdxReader.read("mnist", mnist.resolve("t10k-images-idx3-ubyte.gz"),
        mnist.resolve("t10k-labels-idx1-ubyte.gz"));
    assertEquals(10_000, d.size());
    assertEquals(784, d.rowWidth());
    assertEquals(7, d.labels()[0], "the first MNIST test digit is a 7");
  }
}
