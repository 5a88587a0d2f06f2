package dev.frontier.transforms;

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
import java.util.Arrays;

/**
 * The real models and data of {@code ../shared} for tests of every package: paths, the MNIST test split
 * (pixels / 255) and the imported MNIST models, each loaded once per JVM.
 */
public final class SharedFixtures {
  public static final String MNIST_MLP = "mnist-mlp-csdai0324";
  public static final String MNIST_CONV = "mnist-conv-tf1-dotnet";
  private static final double PIXEL_SCALE = 1.0 / 255;

  private static ModelIr mlp;
  private static ModelIr conv;
  private static Dataset mnist;

  private SharedFixtures() {}

  public static Path root() {
    String prop = System.getProperty("frontier.shared");
    Path p = prop != null ? Path.of(prop) : Path.of("..", "shared");
    if (!Files.isDirectory(p.resolve("models"))) {
      p = Path.of("..", "..", "shared");
    }
    return p.toAbsolutePath().normalize();
  }

  /** The repository's root (the folder with configs/), whichever module's folder the tests run in. */
  public static Path projectRoot() {
    Path p = Path.of("").toAbsolutePath();
    return Files.isDirectory(p.resolve("configs")) ? p : p.getParent();
  }

  /** Whether the shared models and data are here (tests skip otherwise). */
  public static boolean available() {
    return Files.isDirectory(root().resolve("models").resolve(MNIST_MLP))
        && Files.exists(root().resolve("data").resolve("mnist").resolve("t10k-images-idx3-ubyte.gz"));
  }

  /** mnist-mlp-csdai0324: Keras Dense 784-128-10. */
  public static synchronized ModelIr mlp() {
    if (mlp == null) {
      mlp = load(MNIST_MLP);
    }
    return mlp;
  }

  /** mnist-conv-tf1-dotnet: TF1, 3 Conv2D + 2 MatMul. */
  public static synchronized ModelIr conv() {
    if (conv == null) {
      conv = load(MNIST_CONV);
    }
    return conv;
  }

  /** The first {@code n} MNIST test rows, pixels / 255. */
  public static Dataset mnistHead(int n) {
    int[] idx = new int[n];
    Arrays.setAll(idx, i -> i);
    return mnist().select("mnist-head-" + n, idx);
  }

  /** The 10k MNIST test rows, pixels / 255. */
  public static synchronized Dataset mnist() {
    if (mnist == null) {
      Path dir = root().resolve("data").resolve("mnist");
      try {
        Dataset raw = IdxReader.read("mnist-test", dir.resolve("t10k-images-idx3-ubyte.gz"),
            dir.resolve("t10k-labels-idx1-ubyte.gz"));
        mnist = Preprocessing.builder().scale(PIXEL_SCALE).build().apply(raw);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return mnist;
  }

  /** The folder of the shared SavedModel {@code name}. */
  public static Path model(String name) {
    return root().resolve("models").resolve(name);
  }

  private static ModelIr load(String name) {
    return SavedModelImporter.importModel(ImportRequest.of(name, model(name)));
  }
}
