package dev.frontier.transforms.compress;

import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.data.IdxReader;
import dev.frontier.transforms.data.Preprocessing;
import dev.frontier.transforms.model.ImportRequest;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.SavedModelImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real MNIST MLP and the MNIST test split from /work/shared, each loaded once per JVM. */
final class SharedModels {
  static final String MNIST_MLP = "mnist-mlp-csdai0324";
  private static final double PIXEL_SCALE = 1.0 / 255;

  private static ModelIr mnistMlp;
  private static Dataset mnistTest;

  private SharedModels() {}

  static Path root() {
    String prop = System.getProperty("frontier.shared");
    Path p = prop != null ? Path.of(prop) : Path.of("..", "shared");
    if (!Files.isDirectory(p.resolve("models"))) {
      p = Path.of("..", "..", "shared");
    }
    return p.toAbsolutePath().normalize();
  }

  /** The imported IR of mnist-mlp-csdai0324 (Dense 784-128-10). */
  static synchronized ModelIr mnistMlp() {
    if (mnistMlp == null) {
      mnistMlp = SavedModelImporter.importModel(ImportRequest.of(MNIST_MLP, root().resolve("models").resolve(MNIST_MLP)));
    }
    return mnistMlp;
  }

  /** The 10k MNIST test rows, pixels / 255. */
  static synchronized Dataset mnistTest() {
    if (mnistTest == null) {
      Path dir = root().resolve("data").resolve("mnist");
      try {
        Dataset raw = IdxReader.read("mnist-test", dir.resolve("t10k-images-idx3-ubyte.gz"),
            dir.resolve("t10k-labels-idx1-ubyte.gz"));
        mnistTest = Preprocessing.builder().scale(PIXEL_SCALE).build().apply(raw);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return mnistTest;
  }
}
