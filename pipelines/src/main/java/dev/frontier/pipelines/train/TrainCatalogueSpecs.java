package dev.frontier.pipelines.train;

import dev.frontier.transforms.train.ArchitectureKind;
import dev.frontier.transforms.train.ArchitectureSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The models of the demo catalogue and their training settings, chosen (by measurement on Fashion-MNIST,
 * 2 cores) to clear top-1 0.87 for the MLPs and 0.90 for the CNNs with margin in a few minutes.
 */
public final class TrainCatalogueSpecs {
  static final String ID_PREFIX = "fmnist-";
  static final int MLP_EPOCHS = 10;
  static final int MLP_BATCH_ROWS = 128;
  static final int CNN_BATCH_ROWS = 128;
  static final int CNN_16_EPOCHS = 5;
  static final int CNN_32_EPOCHS = 4;
  static final int DWSEP_CNN_32_EPOCHS = 4;
  static final float MLP_64_LEARNING_RATE = 2e-3f;
  static final float MLP_256_LEARNING_RATE = 1e-3f;
  static final float CNN_LEARNING_RATE = 3e-3f;
  /** Epochs of every model in a quick run. */
  static final int QUICK_EPOCHS = 1;

  private TrainCatalogueSpecs() {}

  /** The full catalogue: MLPs of 64 and 256 units, BatchNorm CNNs of 16 and 32 base channels, a separable CNN. */
  public static List<ArchitectureSpec> defaults(long seed) {
    return List.of(
        spec(ArchitectureKind.MLP, 64, MLP_EPOCHS, MLP_BATCH_ROWS, MLP_64_LEARNING_RATE, seed),
        spec(ArchitectureKind.MLP, 256, MLP_EPOCHS, MLP_BATCH_ROWS, MLP_256_LEARNING_RATE, seed),
        spec(ArchitectureKind.CNN_BN, 16, CNN_16_EPOCHS, CNN_BATCH_ROWS, CNN_LEARNING_RATE, seed),
        spec(ArchitectureKind.CNN_BN, 32, CNN_32_EPOCHS, CNN_BATCH_ROWS, CNN_LEARNING_RATE, seed),
        spec(ArchitectureKind.DWSEP_CNN_BN, 32, DWSEP_CNN_32_EPOCHS, CNN_BATCH_ROWS, CNN_LEARNING_RATE, seed));
  }

  /** The same models, {@value #QUICK_EPOCHS} epoch each. */
  public static List<ArchitectureSpec> quick(long seed) {
    return defaults(seed).stream().map(s -> s.withEpochs(QUICK_EPOCHS)).collect(Collectors.toList());
  }

  /** Hidden widths the benchmark catalogue cycles through. */
  static final int[] BENCHMARK_MLP_WIDTHS = {32, 48, 64, 96, 128};
  /** Epochs of each benchmark model: enough for distinct, sensible weights; accuracy is not the point. */
  static final int BENCHMARK_EPOCHS = 2;

  /**
   * A catalogue of {@code count} distinct MLPs for scale benchmarks: widths cycle through
   * {@link #BENCHMARK_MLP_WIDTHS} and each model has its own seed, so no two share weights.
   * Ids read {@code fmnist-mlp-<width>-s<seed>}.
   */
  public static List<ArchitectureSpec> benchmark(int count, long seed) {
    List<ArchitectureSpec> specs = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      int width = BENCHMARK_MLP_WIDTHS[i % BENCHMARK_MLP_WIDTHS.length];
      long modelSeed = seed + i;
      specs.add(ArchitectureSpec.of(id(ArchitectureKind.MLP, width) + "-s" + modelSeed, ArchitectureKind.MLP, width,
          BENCHMARK_EPOCHS, MLP_BATCH_ROWS, MLP_64_LEARNING_RATE, modelSeed));
    }
    return specs;
  }

  /** Ids read {@code fmnist-<kind>-<width>}, e.g. {@code fmnist-cnn-bn-16}. */
  static String id(ArchitectureKind kind, int width) {
    return ID_PREFIX + kind.configName() + "-" + width;
  }

  private static ArchitectureSpec spec(ArchitectureKind kind, int width, int epochs, int batchRows, float lr, long seed) {
    return ArchitectureSpec.of(id(kind, width), kind, width, epochs, batchRows, lr, seed);
  }
}
