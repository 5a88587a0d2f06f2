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
    if (batchRows <= 0) {
      throw new IllegalArgumentException("batchRows must be positive, got " + batchRows);
    }
    float[][] rows = data.features();
    int[] out = new int[rows.length];
    for (int start = 0; start < rows.length; start += batchRows) {
      int end = Math.min(rows.length, start + batchRows);
      float[][] scores = predictor.predict(Arrays.copyOfRange(rows, start, end), data.featureNames());
      if (scores.length != end - start) {
        throw new IllegalStateException("predictor returned " + scores.length + " score rows for "
            + (end - start) + " input rows of dataset '" + data.name() + "'");
      }
      System.arraycopy(TopOne.argmax(scores), 0, out, start, scores.length);
    }
    return out;
  }
}
