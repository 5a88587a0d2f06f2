package dev.frontier.transforms.model;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.data.CsvReader;
import dev.frontier.transforms.data.Dataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** The shared real models and data (/work/shared), located via the {@code frontier.shared} property. */
final class SharedData {
  static final List<String> IRIS_FEATURES = List.of("sepal_length", "sepal_width", "petal_length", "petal_width");

  private static Dataset iris;

  private SharedData() {}

  /** Iris: 150 rows of the 4 float features, label = variety (class ids 0-2 in the file). */
  static synchronized Dataset iris() {
    if (iris == null) {
      try {
        iris = CsvReader.read("iris", SharedFixtures.root().resolve("data").resolve("iris").resolve("iris.csv"),
            "variety", IRIS_FEATURES);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return iris;
  }

  /** Top-1 accuracy of a predictor on a dataset, in batches. */
  static double accuracy(Predictor p, Dataset d, int batch) {
    int correct = 0;
    for (int start = 0; start < d.size(); start += batch) {
      int end = Math.min(d.size(), start + batch);
      float[][] rows = Arrays.copyOfRange(d.features(), start, end);
      float[][] scores = p.predict(rows, d.featureNames());
      for (int i = 0; i < scores.length; i++) {
        if (argmax(scores[i]) == d.labels()[start + i]) {
          correct++;
        }
      }
    }
    return correct / (double) d.size();
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  static float maxAbsDiff(float[][] a, float[][] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i].length != b[i].length) {
        throw new AssertionError("row " + i + ": " + a[i].length + " vs " + b[i].length + " values");
      }
      for (int j = 0; j < a[i].length; j++) {
        max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return max;
  }
}
