package dev.frontier.transforms.data;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

class TfRecordTest {
  /**
   * Records "foo" and "bar" as written by TensorFlow's own TFRecordWriter (the reference bytes in Apache
   * Beam's TFRecordIO tests): an oracle independent of our writer.
   */
  private static final byte[] TF_FOO_BAR =
      Base64.getDecoder().decode("AwAAAAAAAACwmUkOZm9vYYq+/gMAAAAAAAAAsJlJDmJhckYA5cg=");

  @TempDir Path dir;

  private static Feature floats(float... v) {
    FloatList.Builder b = FloatList.newBuilder();
    for (float x : v) {
      b.addValue(x);
    }
    return Feature.newBuilder().setFloatList(b).build();
  }

  private static Feature ints(long... v) {
    Int64List.Builder b = Int64List.newBuilder();
    for (long x : v) {
      b.addValue(x);
    }
    return Feature.newBuilder().setInt64List(b).build();
  }

  private static byte[] example(Object... nameFeaturePairs) {
    Features.Builder f = Features.newBuilder();
    for (int i = 0; i < nameFeaturePairs.length; i += 2) {
      f.putFeature((String) nameFeaturePairs[i], (Feature) nameFeaturePairs[i + 1]);
    }
    return Example.newBuilder().setFeatures(f).build().toByteArray();
  }

  private Path write(String name, TfRecordWriter.Compression compression, byte[]... records) throws IOException {
    Path file = dir.resolve(name);
    try (TfRecordWriter w = TfRecordWriter.create(file, compression)) {
      for (byte[] r : records) {
        w.write(r);
      }
      assertEquals(records.length, w.recordCount());
    }
    return file;
  }

  private static void assertMentions(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
  }

  @Test
  void writerProducesTheBytesTensorFlowWrites() throws IOException {
    Path file = write("foo_bar", TfRecordWriter.Compression.NONE, "foo".getBytes(US_ASCII), "bar".getBytes(US_ASCII));
    assertArrayEquals(TF_FOO_BAR, Files.readAllBytes(file));
  }

  @Test
  void readerReadsBytesTensorFlowWrote() throws IOException {
    Path file = Files.write(dir.resolve("tf"), TF_FOO_BAR);
    List<byte[]> records = TfRecordReader.readRecords(file);
    assertEquals(2, records.size());
    assertEquals("foo", new String(records.get(0), US_ASCII));
    assertEquals("bar", new String(records.get(1), US_ASCII));
  }

  @ParameterizedTest
  @EnumSource(TfRecordWriter.Compression.class)
  void featuresConcatenateInTheOrderGivenAcrossFiles(TfRecordWriter.Compression compression) throws IOException {
    Path a = write("a", compression,
        example("img", floats(1, 2, 3), "extra", ints(7, 8), "y", ints(4)),
        example("img", floats(4, 5, 6), "extra", ints(-9, 0), "y", ints(0)));
    Path b = write("b", compression, example("img", floats(0.5f, 0, 0), "extra", ints(1, 1), "y", ints(2)));
    byte[] head = Arrays.copyOf(Files.readAllBytes(a), 2);
    byte[] expectedHead = compression == TfRecordWriter.Compression.GZIP ? new byte[] {0x1f, (byte) 0x8b}
        : compression == TfRecordWriter.Compression.ZLIB ? new byte[] {0x78, (byte) 0x9c}
        : new byte[] {(byte) example("img", floats(1, 2, 3), "extra", ints(7, 8), "y", ints(4)).length, 0};
    assertArrayEquals(expectedHead, head, "file really is " + compression);
    Dataset d = TfRecordReader.read("d", List.of(a, b), List.of("extra", "img"), "y");
    assertEquals("d", d.name());
    assertArrayEquals(new float[] {7, 8, 1, 2, 3}, d.features()[0]);
    assertArrayEquals(new float[] {-9, 0, 4, 5, 6}, d.features()[1]);
    assertArrayEquals(new float[] {1, 1, 0.5f, 0, 0}, d.features()[2]);
    assertArrayEquals(new int[] {4, 0, 2}, d.labels());
    assertTrue(d.featureNames().isEmpty(), "multi-value features have no per-column names");
  }

  @Test
  void datasetRoundTripsByColumnsWithNames() throws IOException {
    Dataset iris = new Dataset("iris", List.of("sl", "sw"), new float[][] {{5.1f, 3.5f}, {6.2f, 2.9f}}, new int[] {0, 2});
    Path file = dir.resolve("iris.tfrecord.gz");
    TfRecordWriter.writeColumns(file, iris, "label", TfRecordWriter.Compression.GZIP);
    Dataset back = TfRecordReader.read("iris", List.of(file), List.of("sl", "sw"), "label");
    assertEquals(List.of("sl", "sw"), back.featureNames());
    assertArrayEquals(iris.features()[1], back.features()[1]);
    assertArrayEquals(iris.labels(), back.labels());
  }

  @Test
  void datasetRoundTripsByRows() throws IOException {
    Dataset images = new Dataset("img", List.of(), new float[][] {{0, 255, 128}, {1, 2, 3}}, new int[] {9, 1});
    Path file = dir.resolve("img.tfrecord");
    TfRecordWriter.writeRows(file, images, "pixels", "label", TfRecordWriter.Compression.ZLIB);
    Dataset back = TfRecordReader.read("img", List.of(file), List.of("pixels"), "label");
    assertArrayEquals(images.features()[0], back.features()[0]);
    assertArrayEquals(images.features()[1], back.features()[1]);
    assertArrayEquals(images.labels(), back.labels());
  }

  @Test
  void rawFileWhoseFirstBytesLookLikeGzipIsReadRaw() throws IOException {
    byte[] big = new byte[0x088b1f]; // length bytes 1f 8b 08 00 ...: the gzip magic and deflate method
    big[17] = 42;
    Path file = write("big", TfRecordWriter.Compression.NONE, big, "x".getBytes(US_ASCII));
    assertEquals(0x1f, Files.readAllBytes(file)[0]);
    List<byte[]> records = TfRecordReader.readRecords(file);
    assertEquals(2, records.size());
    assertArrayEquals(big, records.get(0));
  }

  @Test
  void emptyFileHasNoRecords() throws IOException {
    Path file = write("empty", TfRecordWriter.Compression.NONE);
    Dataset d = TfRecordReader.read("e", List.of(file), List.of("x"), "y");
    assertEquals(0, d.size());
  }

  @Test
  void corruptDataCrcNamesFileAndRecord() throws IOException {
    byte[] bytes = TF_FOO_BAR.clone();
    bytes[19 + 12] ^= 1; // first data byte of record 1 ("bar")
    Path file = Files.write(dir.resolve("bad"), bytes);
    IOException e = assertThrows(IOException.class, () -> TfRecordReader.readRecords(file));
    assertMentions(e, file.toString(), "record 1", "data CRC");
  }

  @Test
  void corruptLengthCrcNamesFileAndRecord() throws IOException {
    byte[] bytes = TF_FOO_BAR.clone();
    bytes[19] = 4; // record 1 claims 4 bytes
    Path file = Files.write(dir.resolve("bad"), bytes);
    IOException e = assertThrows(IOException.class, () -> TfRecordReader.readRecords(file));
    assertMentions(e, file.toString(), "record 1", "length CRC");
  }

  @Test
  void truncatedRecordNamesFileAndRecord() throws IOException {
    Path file = Files.write(dir.resolve("short"), Arrays.copyOf(TF_FOO_BAR, TF_FOO_BAR.length - 2));
    IOException e = assertThrows(IOException.class, () -> TfRecordReader.readRecords(file));
    assertMentions(e, file.toString(), "record 1", "truncated");
  }

  @Test
  void truncatedHeaderNamesFileAndRecord() throws IOException {
    Path file = Files.write(dir.resolve("short"), Arrays.copyOf(TF_FOO_BAR, 19 + 5));
    IOException e = assertThrows(IOException.class, () -> TfRecordReader.readRecords(file));
    assertMentions(e, file.toString(), "record 1", "header");
  }

  @Test
  void truncatedGzipFileNamesFileAndRecord() throws IOException {
    byte[][] records = new byte[50][];
    for (int i = 0; i < records.length; i++) {
      records[i] = example("x", floats(i, i * 7.3f, i * 1e-3f), "y", ints(i % 3));
    }
    Path whole = write("whole.gz", TfRecordWriter.Compression.GZIP, records);
    byte[] bytes = Files.readAllBytes(whole);
    Path file = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(bytes, bytes.length / 2));
    IOException e = assertThrows(IOException.class,
        () -> TfRecordReader.read("d", List.of(file), List.of("x"), "y"));
    assertMentions(e, file.toString(), "record ", "truncated or corrupt compressed");
  }

  @Test
  void missingFeatureNamesFileRecordAndFeature() throws IOException {
    Path file = write("f", TfRecordWriter.Compression.NONE,
        example("x", floats(1), "y", ints(0)), example("z", floats(1), "y", ints(0)));
    IOException e = assertThrows(IOException.class, () -> TfRecordReader.read("d", List.of(file), List.of("x"), "y"));
    assertMentions(e, file.toString(), "record 1", "no feature 'x'", "[y, z]");
  }

  @Test
  void changingValueCountIsAnError() throws IOException {
    Path file = write("f", TfRecordWriter.Compression.NONE,
        example("x", floats(1, 2), "y", ints(0)), example("x", floats(1), "y", ints(0)));
    IOException e = assertThrows(IOException.class, () -> TfRecordReader.read("d", List.of(file), List.of("x"), "y"));
    assertMentions(e, "record 1", "feature 'x' has 1 values", "first record had 2");
  }

  @Test
  void floatLabelIsRejected() throws IOException {
    Path file = write("f", TfRecordWriter.Compression.NONE, example("x", floats(1), "y", floats(1)));
    IOException e = assertThrows(IOException.class, () -> TfRecordReader.read("d", List.of(file), List.of("x"), "y"));
    assertMentions(e, "record 0", "label feature 'y'", "one int64 value", "1 float value");
  }

  @Test
  void bytesFeatureIsRejected() throws IOException {
    Feature text = Feature.newBuilder().setBytesList(BytesList.newBuilder()
        .addValue(com.google.protobuf.ByteString.copyFromUtf8("a"))).build();
    Path file = write("f", TfRecordWriter.Compression.NONE, example("x", text, "y", ints(1)));
    IOException e = assertThrows(IOException.class, () -> TfRecordReader.read("d", List.of(file), List.of("x"), "y"));
    assertMentions(e, "record 0", "feature 'x'", "bytes");
  }

  @Test
  void int64TooLargeForFloatIsRejected() throws IOException {
    Path file = write("f", TfRecordWriter.Compression.NONE, example("x", ints((1L << 24) + 1), "y", ints(1)));
    IOException e = assertThrows(IOException.class, () -> TfRecordReader.read("d", List.of(file), List.of("x"), "y"));
    assertMentions(e, "record 0", "16777217");
  }

  @Test
  void recordThatIsNotAnExample() throws IOException {
    Path file = write("f", TfRecordWriter.Compression.NONE, new byte[] {(byte) 0xff, (byte) 0xff});
    IOException e = assertThrows(IOException.class, () -> TfRecordReader.read("d", List.of(file), List.of("x"), "y"));
    assertMentions(e, file.toString(), "record 0", "tf.Example");
  }
}
