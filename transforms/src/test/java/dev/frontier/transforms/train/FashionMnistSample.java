package dev.frontier.transforms.train;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.data.IdxReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;

/** Small, fixed slices of Fashion-MNIST (Debian package dataset-fashion-mnist), loaded once per JVM. */
final class FashionMnistSample {
  static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
  static final int TRAIN_ROWS = 2000;
  static final int TEST_ROWS = 1000;

  private static Dataset train;
  private static Dataset test;

  private FashionMnistSample() {}

  /** The first {@value #TRAIN_ROWS} training rows (raw 0–255 pixels). */
  static synchronized Dataset train() {
    if (train == null) {
      train = first(read("train"), "fashion-train-sample", TRAIN_ROWS);
    }
    return train;
  }

  /** The first {@value #TEST_ROWS} test rows (raw 0–255 pixels). */
  static synchronized Dataset test() {
    if (test == null) {
      test = first(read("t10k"), "fashion-test-sample", TEST_ROWS);
    }
    return test;
  }

  private static Dataset read(String prefix) {
    Path images = DIR.resolve(prefix + "-images-idx3-ubyte.gz");
    Path labels = DIR.resolve(prefix + "-labels-idx1-ubyte.gz");
    assumeTrue(Files.exists(images) && Files.exists(labels), "Fashion-MNIST not installed at " + DIR);
    try {
      return IdxReader.read(prefix, images, labels);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Dataset first(Dataset all, String name, int rows) {
    return all.select(name, IntStream.range(0, rows).toArray());
  }
}
