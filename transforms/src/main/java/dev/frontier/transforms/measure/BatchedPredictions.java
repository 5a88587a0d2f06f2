package dev.frontier.transforms.measure;

import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.Predictor;
import java.util.Arrays;

/**
 * Runs a {@link Predictor} over a whole dataset in fixed-size batches and returns the top-1 class of
 * every row. Batching bounds memory (one batch of input and scores at a time) whatever the dataset size.
 */
public final class BatchedPredictions {
  /** Rows per Session.run during evaluation: large enough to amortise the call, small enough for memory. */
  public static final int DEFAULT_BATCH_ROWS = 256;

  private BatchedPredictions() {}

  /** Top-1 class per row of {@code data}, computed {@code batchRows} rows at a time. */
  public static int[] topOne(Predictor predictor, Dataset data, int batchRows) {
    return predict(predictor, data, batchRows).top1();
  }

  /**
   * Top-1 class and its margin per row.
   *
   * @param top1 the predicted class of each row
   * @param margins how far each row's top score stands above its runner-up ({@link TopOne#margins})
   */
  public record Predictions(int[] top1, float[] margins) {}

  /** Top-1 class and margin per row of {@code data}, computed {@code batchRows} rows at a time. */
  public static Predictions predict(Predictor predictor, Dataset data, int batchRows) {
    if (batchRows <= 0) {
      throw new IllegalArgumentException("batchRows must be positive, got " + batchRows);
    }
    float[][] rows = data.features();
    int[] top1 = new int[rows.length];
    float[] margins = new float[rows.length];
    for (int start = 0; start < rows.length; start += batchRows) {
      int end = Math.min(rows.length, start + batchRows);
      float[][] scores = predictor.predict(Arrays.copyOfRange(rows, start, end), data.featureNames());
      if (scores.length != end - start) {
        throw new IllegalStateException("predictor returned " + scores.length + " score rows for "
            + (end - start) + " input rows of dataset '" + data.name() + "'");
      }
      System.arraycopy(TopOne.argmax(scores), 0, top1, start, scores.length);
      System.arraycopy(TopOne.margins(scores), 0, margins, start, scores.length);
    }
    return new Predictions(top1, margins);
  }
}
