package dev.frontier.pipelines.train;

import dev.frontier.transforms.beam.train.TrainDataSpec;
import dev.frontier.transforms.beam.train.TrainedModelRecord;
import dev.frontier.transforms.train.ModelTrainer;
import dev.frontier.transforms.train.SavedModelWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Renders the trained models as a catalogue the sweep reads ({@code configs/shared-models.yaml} documents the
 * format): the Fashion-MNIST train and test splits as datasets (pixels scaled by 1/255, as the models
 * expect), one entry per model evaluated on the whole test split and calibrated on training rows, with the
 * accuracy measured on the export at training time. Model paths are relative to the YAML file's folder.
 */
final class TrainCatalogueYaml implements Serializable {
  static final String FILE_NAME = "catalogue.yaml";
  static final String TRAIN_DATASET = "fashion-train";
  static final String TEST_DATASET = "fashion-test";
  static final int CALIBRATION_ROWS = 2000;
  /**
   * Epochs of the fine-tune recovery over the whole train split: two bring a CNN with half its channels removed
   * back within 1 pp of float (fmnist-cnn-bn-32: 0.9085 against 0.9138), in 30-70 s per candidate on 2 cores.
   */
  static final int FINE_TUNE_EPOCHS = 2;
  private static final long serialVersionUID = 1L;

  private final TrainDataSpec data;
  private final long seed;
  private final boolean quick;

  TrainCatalogueYaml(TrainDataSpec data, long seed, boolean quick) {
    this.data = data;
    this.seed = seed;
    this.quick = quick;
  }

  /** The catalogue listing {@code records} in the given order, for a file in {@code yamlDir}. */
  String render(List<TrainedModelRecord> records, Path yamlDir) {
    StringBuilder y = new StringBuilder();
    y.append("# Demo catalogue trained by TrainCatalogue on Fashion-MNIST (seed ").append(seed).append(").\n");
    if (quick) {
      y.append("# Quick run (").append(TrainCatalogueSpecs.QUICK_EPOCHS).append(" epoch on the first ")
          .append(TrainCatalogue.QUICK_TRAIN_ROWS).append(" training rows): accuracies are not representative.\n");
    }
    y.append("datasets:\n");
    dataset(y, TRAIN_DATASET, data.trainImages(), data.trainLabels());
    dataset(y, TEST_DATASET, data.testImages(), data.testLabels());
    y.append("models:\n");
    Path base = yamlDir.toAbsolutePath().normalize();
    for (TrainedModelRecord r : records) {
      String path = base.relativize(Path.of(r.savedModelDir()).toAbsolutePath().normalize()).toString();
      y.append("  - id: ").append(r.id()).append('\n');
      y.append("    path: ").append(path).append('\n');
      y.append("    signature: ").append(SavedModelWriter.SIGNATURE_KEY).append('\n');
      y.append("    evaluation: {dataset: ").append(TEST_DATASET).append(", rows: all}\n");
      y.append("    calibration: {dataset: ").append(TRAIN_DATASET).append(", rows: ").append(CALIBRATION_ROWS)
          .append(", seed: ").append(seed).append("}\n");
      y.append("    training: {dataset: ").append(TRAIN_DATASET).append(", rows: all, epochs: ").append(FINE_TUNE_EPOCHS)
          .append(", seed: ").append(seed).append("}   # for the fine-tune recovery\n");
      y.append("    expected_accuracy: ").append(String.format(Locale.ROOT, "%.4f", r.testAccuracy()))
          .append("   # measured on the export at training time\n");
    }
    return y.toString();
  }

  private static void dataset(StringBuilder y, String name, String images, String labels) {
    y.append("  ").append(name).append(":\n");
    y.append("    format: idx\n");
    y.append("    images: ").append(Path.of(images).toAbsolutePath().normalize()).append('\n');
    y.append("    labels: ").append(Path.of(labels).toAbsolutePath().normalize()).append('\n');
    y.append("    scale: ").append(ModelTrainer.PIXEL_SCALE).append('\n');
  }
}
