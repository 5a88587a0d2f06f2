package dev.frontier.transforms.data;

import java.util.List;
import java.util.Objects;

/**
 * A labelled dataset held in memory: one float feature row per example (already preprocessed, flattened
 * in row-major order) and one integer class label per row.
 *
 * <p>Feature names are the column names for tabular data (used to build tf.Example inputs) and empty for
 * images. Rows are not copied: treat the arrays as read-only.
 */
public final class Dataset {
  private final String name;
  private final List<String> featureNames;
  private final float[][] features;
  private final int[] labels;

  public Dataset(String name, List<String> featureNames, float[][] features, int[] labels) {
    this.name = Objects.requireNonNull(name, "name");
    this.featureNames = List.copyOf(featureNames);
    this.features = Objects.requireNonNull(features, "features");
    this.labels = Objects.requireNonNull(labels, "labels");
    if (features.length != labels.length) {
      throw new IllegalArgumentException(
          "dataset '" + name + "': " + features.length + " feature rows but " + labels.length + " labels");
    }
    int width = features.length == 0 ? 0 : features[0].length;
    for (int i = 0; i < features.length; i++) {
      if (features[i].length != width) {
        throw new IllegalArgumentException("dataset '" + name + "': row " + i + " has "
            + features[i].length + " features, row 0 has " + width);
      }
    }
    if (!featureNames.isEmpty() && width != featureNames.size() && features.length > 0) {
      throw new IllegalArgumentException("dataset '" + name + "': " + featureNames.size()
          + " feature names for rows of " + width + " values");
    }
  }

  public String name() { return name; }

  public List<String> featureNames() { return featureNames; }

  public float[][] features() { return features; }

  public int[] labels() { return labels; }

  public int size() { return labels.length; }

  /** Number of float values in each row (0 for an empty dataset). */
  public int rowWidth() { return features.length == 0 ? 0 : features[0].length; }

  /** The rows at the given indices, in that order, as a new dataset sharing the row arrays. */
  public Dataset select(String newName, int[] indices) {
    float[][] f = new float[indices.length][];
    int[] l = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      f[i] = features[indices[i]];
      l[i] = labels[indices[i]];
    }
    return new Dataset(newName, featureNames, f, l);
  }
}
