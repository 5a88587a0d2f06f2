package dev.frontier.transforms.measure;

import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.Predictor;
import java.io.Serializable;
import java.util.Arrays;

/**
 * How closely two graphs of one model agree on a dataset: top-1 agreement and the mean absolute
 * difference of their outputs. Used to show that a full-integer artifact on TF's integer kernels computes
 * what its simulated graph (on which accuracy is measured) computes.
 *
 * @param top1Agreement share of rows where both predict the same class
 * @param meanAbsDiff mean over rows and classes of |a − b| of the output scores
 * @param firstAccuracy top-1 accuracy of the first predictor ({@code a}) against the rows' labels: for a
 *     full-integer candidate, the accuracy of the shipped artifact itself
 */
public record OutputComparison(double top1Agreement, double meanAbsDiff, double firstAccuracy)
    implements Serializable {

  /** Runs both predictors over {@code data}, {@code batchRows} rows at a time. */
  public static OutputComparison of(Predictor a, Predictor b, Dataset data, int batchRows) {
    float[][] rows = data.features();
    int same = 0;
    int correct = 0;
    int[] labels = data.labels();
    double absDiff = 0;
    long values = 0;
    for (int start = 0; start < rows.length; start += batchRows) {
      float[][] batch = Arrays.copyOfRange(rows, start, Math.min(rows.length, start + batchRows));
      float[][] sa = a.predict(batch, data.featureNames());
      float[][] sb = b.predict(batch, data.featureNames());
      for (int i = 0; i < sa.length; i++) {
        int predicted = TopOne.argmax(sa[i]);
        if (predicted == TopOne.argmax(sb[i])) {
          same++;
        }
        if (predicted == labels[start + i]) {
          correct++;
        }
        for (int j = 0; j < sa[i].length; j++) {
          absDiff += Math.abs((double) sa[i][j] - sb[i][j]);
        }
        values += sa[i].length;
      }
    }
    if (rows.length == 0) {
      throw new IllegalArgumentException("cannot compare outputs over zero rows of dataset '" + data.name() + "'");
    }
    return new OutputComparison((double) same / rows.length, absDiff / values, (double) correct / rows.length);
  }
}
