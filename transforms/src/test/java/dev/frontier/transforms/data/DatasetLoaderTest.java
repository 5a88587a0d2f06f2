package dev.frontier.transforms.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {
  @TempDir Path dir;

  /** One 2x2 image with pixels 0, 51, 102, 255 and label 5. */
  private DatasetSpec.Builder idx() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x803);
    out.writeInt(1);
    out.writeInt(2);
    out.writeInt(2);
    out.write(new byte[] {0, 51, 102, (byte) 255});
    Path images = Files.write(dir.resolve("i"), bytes.toByteArray());
    Path labels = Files.write(dir.resolve("l"), new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 5});
    return DatasetSpec.builder("tiny").format("idx").images(images.toString()).labels(labels.toString());
  }

  @Test
  void idxWithScaleAndShape() throws IOException {
    Preprocessing p = Preprocessing.builder().scale(1.0 / 255).rowShape(2, 2, 1).build();
    Dataset d = DatasetLoader.load(idx().preprocessing(p).build());
    assertEquals("tiny", d.name());
    assertArrayEquals(new float[] {0f, 0.2f, 0.4f, 1f}, d.features()[0]);
    assertArrayEquals(new int[] {5}, d.labels());
  }

  @Test
  void preprocessingThatDoesNotFitNamesTheDataset() throws IOException {
    DatasetSpec spec = idx().preprocessing(Preprocessing.builder().rowShape(28, 28).build()).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetLoader.load(spec));
    assertTrue(e.getMessage().contains("'tiny'") && e.getMessage().contains("[28, 28]"), e.getMessage());
  }

  @Test
  void csvWithFeaturesAndClasses() throws IOException {
    Path file = Files.writeString(dir.resolve("t.csv"), "a,b,kind\n1,2,dog\n3,4,cat\n");
    DatasetSpec spec = DatasetSpec.builder("pets").format("csv").path(file.toString()).label("kind")
        .features(List.of("b")).classes(List.of("dog", "cat")).build();
    Dataset d = DatasetLoader.load(spec);
    assertEquals(List.of("b"), d.featureNames());
    assertArrayEquals(new float[] {4f}, d.features()[1]);
    assertArrayEquals(new int[] {0, 1}, d.labels());
  }

  @Test
  void tfrecordFilesInOrder() throws IOException {
    Dataset a = new Dataset("x", List.of("f"), new float[][] {{1}}, new int[] {1});
    Dataset b = new Dataset("x", List.of("f"), new float[][] {{2}}, new int[] {0});
    Path fa = dir.resolve("a.tfrecord");
    Path fb = dir.resolve("b.tfrecord");
    TfRecordWriter.writeColumns(fa, a, "y", TfRecordWriter.Compression.NONE);
    TfRecordWriter.writeColumns(fb, b, "y", TfRecordWriter.Compression.GZIP);
    DatasetSpec spec = DatasetSpec.builder("t").format("tfrecord").files(List.of(fb.toString(), fa.toString()))
        .label("y").features(List.of("f")).preprocessing(Preprocessing.builder().offset(10).build()).build();
    Dataset d = DatasetLoader.load(spec);
    assertArrayEquals(new float[] {12f}, d.features()[0]);
    assertArrayEquals(new float[] {11f}, d.features()[1]);
    assertArrayEquals(new int[] {0, 1}, d.labels());
  }

  @Test
  void missingFileIsAnIoException() {
    DatasetSpec spec = DatasetSpec.builder("gone").format("csv").path(dir.resolve("nope.csv").toString())
        .label("y").build();
    IOException e = assertThrows(IOException.class, () -> DatasetLoader.load(spec));
    assertEquals(dir.resolve("nope.csv") + " does not exist", e.getMessage());
  }

  @Test
  void aMissingFileOfEveryFormatSaysItDoesNotExist() throws IOException {
    Path missing = dir.resolve("no-such-folder").resolve("data");
    DatasetSpec images = idx().images(missing.toString()).build();
    DatasetSpec labels = idx().labels(missing.toString()).build();
    Dataset one = new Dataset("x", List.of("f"), new float[][] {{1}}, new int[] {1});
    Path present = dir.resolve("present.tfrecord");
    TfRecordWriter.writeColumns(present, one, "y", TfRecordWriter.Compression.NONE);
    DatasetSpec tfrecord = DatasetSpec.builder("t").format("tfrecord")
        .files(List.of(present.toString(), missing.toString())).label("y").features(List.of("f")).build();
    for (DatasetSpec spec : List.of(images, labels, tfrecord)) {
      IOException e = assertThrows(IOException.class, () -> DatasetLoader.load(spec), spec.toString());
      assertEquals(missing + " does not exist", e.getMessage(), spec.toString());
    }
    DatasetSpec folder = DatasetSpec.builder("f").format("csv").path(dir.toString()).label("y").build();
    IOException e = assertThrows(IOException.class, () -> DatasetLoader.load(folder));
    assertEquals(dir + " is a directory, not a data file", e.getMessage());
  }
}
