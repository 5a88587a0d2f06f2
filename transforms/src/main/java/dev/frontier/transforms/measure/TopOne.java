package dev.frontier.transforms.measure;

/** Top-1 arithmetic: argmax of score rows, accuracy against labels, agreement between two predictions. */
public final class TopOne {
  private TopOne() {}

  /** Index of the largest score in each row; ties go to the lowest index, NaN never wins. */
  public static int[] argmax(float[][] scores) {
    int[] out = new int[scores.length];
    for (int i = 0; i < scores.length; i++) {
      out[i] = argmax(scores[i]);
    }
    return out;
  }

  static int argmax(float[] row) {
    int best = 0;
    for (int j = 1; j < row.length; j++) {
      if (row[j] > row[best] || Float.isNaN(row[best])) {
        best = j;
      }
    }
    return best;
  }

  /**
   * How far each row's top score stands above its runner-up (0 on a tie or NaN; infinite with a single class):
   * the rows with the smallest margins are those a small change to the model flips.
   */
  public static float[] margins(float[][] scores) {
    float[] out = new float[scores.length];
    for (int i = 0; i < scores.length; i++) {
      int best = argmax(scores[i]);
      float second = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < scores[i].length; j++) {
        if (j != best && scores[i][j] > second) {
          second = scores[i][j];
        }
      }
      float margin = scores[i][best] - second;
      out[i] = Float.isNaN(margin) ? 0 : margin;
    }
    return out;
  }

  /** Share of rows whose predicted class equals the label. */
  public static double accuracy(int[] predicted, int[] labels) {
    return agreement(predicted, labels);
  }

  /** Share of rows where both predictions name the same class. */
  public static double agreement(int[] a, int[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("cannot compare " + a.length + " predictions with " + b.length);
    }
    if (a.length == 0) {
      throw new IllegalArgumentException("cannot compute top-1 over zero rows");
    }
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        same++;
      }
    }
    return (double) same / a.length;
  }
}
