package dev.frontier.transforms.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * Labelled rows a model may be fine-tuned on (the {@code fine-tune} recovery), and how: a catalogue model's
 * {@code training:} entry. The dataset must not be the one the model is evaluated on, so fine-tuning never sees
 * an evaluation row (the catalogue loader checks that).
 *
 * @param dataset name of a dataset declared in the catalogue (e.g. the train split)
 * @param rows rows drawn from it (seeded), or {@link SubsetSpec#ALL_ROWS}
 * @param epochs passes over those rows
 * @param learningRate Adam's rate at the first step (cosine-decayed to 0)
 * @param batchRows rows per step
 * @param seed seed of the row draw and of the row order
 */
public record TrainingSpec(String dataset, int rows, int epochs, double learningRate, int batchRows, long seed)
    implements Serializable {
  public static final int DEFAULT_ROWS = 10_000;
  public static final int DEFAULT_EPOCHS = 1;
  public static final double DEFAULT_LEARNING_RATE = 1e-3;
  public static final int DEFAULT_BATCH_ROWS = 64;

  public TrainingSpec {
    Objects.requireNonNull(dataset, "dataset");
    if (rows < SubsetSpec.ALL_ROWS || rows == 0) {
      throw new IllegalArgumentException("training.rows must be positive or 'all', got " + rows);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("training.epochs must be >= 1, got " + epochs);
    }
    if (!(learningRate > 0 && learningRate < 1)) {
      throw new IllegalArgumentException("training.learning_rate must be in (0, 1), got " + learningRate);
    }
    if (batchRows < 1) {
      throw new IllegalArgumentException("training.batch_rows must be >= 1, got " + batchRows);
    }
  }

  /** The rows to draw, as a subset of the dataset. */
  public SubsetSpec subset() {
    return new SubsetSpec(dataset, rows, seed);
  }
}
