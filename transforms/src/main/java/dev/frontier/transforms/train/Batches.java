package dev.frontier.transforms.train;

import dev.frontier.transforms.data.Dataset;
import java.util.function.Function;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Turns dataset rows into input tensors (raw pixels times {@link ModelTrainer#PIXEL_SCALE}) and runs a
 * scorer batch by batch, so training, in-memory evaluation and SavedModel evaluation feed identical values.
 */
final class Batches {
  static final float PIXEL_SCALE_F32 = (float) ModelTrainer.PIXEL_SCALE;
  /** Rows per batch when only scoring (no gradients): large enough to amortise the session call. */
  static final int SCORING_BATCH_ROWS = 500;

  private Batches() {}

  /** The rows {@code order[from .. from+count)} scaled, as a tensor of {@code inputShape} with batch {@code count}. */
  static TFloat32 images(Dataset data, int[] order, int from, int count, Shape inputShape) {
    int width = data.rowWidth();
    float[] values = new float[count * width];
    float[][] rows = data.features();
    for (int i = 0; i < count; i++) {
      float[] row = rows[order == null ? from + i : order[from + i]];
      int offset = i * width;
      for (int j = 0; j < width; j++) {
        values[offset + j] = row[j] * PIXEL_SCALE_F32;
      }
    }
    return TFloat32.tensorOf(withBatch(inputShape, count, width), DataBuffers.of(values, true, false));
  }

  /** The labels of the same rows, as int32 {@code [count]}. */
  static TInt32 labels(Dataset data, int[] order, int from, int count) {
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = data.labels()[order == null ? from + i : order[from + i]];
    }
    return TInt32.tensorOf(Shape.of(count), DataBuffers.of(labels, true, false));
  }

  /** Scores every row of {@code data} in order; {@code scorer} maps one input batch to its score rows. */
  static float[][] scoreAll(Dataset data, Shape inputShape, Function<TFloat32, float[][]> scorer) {
    float[][] scores = new float[data.size()][];
    for (int from = 0; from < data.size(); from += SCORING_BATCH_ROWS) {
      int count = Math.min(SCORING_BATCH_ROWS, data.size() - from);
      try (TFloat32 batch = images(data, null, from, count, inputShape)) {
        float[][] part = scorer.apply(batch);
        System.arraycopy(part, 0, scores, from, count);
      }
    }
    return scores;
  }

  /** Copies a {@code [rows, classes]} float tensor into Java arrays. */
  static float[][] toRows(TFloat32 t) {
    int rows = (int) t.shape().size(0);
    int classes = (int) t.shape().size(1);
    float[] flat = new float[rows * classes];
    t.copyTo(DataBuffers.of(flat, false, false));
    float[][] out = new float[rows][classes];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(flat, i * classes, out[i], 0, classes);
    }
    return out;
  }

  /** Fraction of rows whose highest score (first on ties) is the label. */
  static double top1Accuracy(float[][] scores, int[] labels) {
    if (scores.length == 0) {
      return Double.NaN;
    }
    int correct = 0;
    for (int i = 0; i < scores.length; i++) {
      int best = 0;
      for (int c = 1; c < scores[i].length; c++) {
        if (scores[i][c] > scores[i][best]) {
          best = c;
        }
      }
      if (best == labels[i]) {
        correct++;
      }
    }
    return (double) correct / scores.length;
  }

  private static Shape withBatch(Shape inputShape, int count, int rowWidth) {
    long[] dims = inputShape.asArray();
    dims[0] = count;
    long perRow = 1;
    for (int i = 1; i < dims.length; i++) {
      perRow *= dims[i];
    }
    if (perRow != rowWidth) {
      throw new IllegalArgumentException("rows of " + rowWidth + " values do not fit model input " + inputShape);
    }
    return Shape.of(dims);
  }
}
