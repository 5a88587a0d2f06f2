package dev.frontier.transforms.data;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;

/**
 * Turns parsed tf.Examples into feature rows and labels: the named float_list / int64_list features,
 * concatenated in the order given, and a single-value int64 label. Each feature's value count is fixed by
 * the first example; later examples must agree, so every row has the same width.
 */
final class ExampleRows {
  /** Largest magnitude below which every int64 converts to float exactly (2^24). */
  private static final long EXACT_FLOAT_LIMIT = 1L << 24;

  private final List<String> featureNames;
  private final String labelFeature;
  private int[] widths;

  ExampleRows(List<String> featureNames, String labelFeature) {
    this.featureNames = List.copyOf(featureNames);
    this.labelFeature = labelFeature;
  }

  /** Values per feature, as fixed by the first example (null before any example was read). */
  int[] widths() { return widths == null ? null : widths.clone(); }

  /** {@code where} names file and record for messages. */
  float[] row(Example example, String where) throws IOException {
    Map<String, Feature> features = example.getFeatures().getFeatureMap();
    float[][] parts = new float[featureNames.size()][];
    int width = 0;
    for (int i = 0; i < parts.length; i++) {
      parts[i] = values(features, featureNames.get(i), where);
      width += parts[i].length;
    }
    if (widths == null) {
      widths = new int[parts.length];
      for (int i = 0; i < parts.length; i++) {
        widths[i] = parts[i].length;
      }
    }
    float[] row = new float[width];
    int at = 0;
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].length != widths[i]) {
        throw new IOException(where + ": feature '" + featureNames.get(i) + "' has " + parts[i].length
            + " values, the first record had " + widths[i]);
      }
      System.arraycopy(parts[i], 0, row, at, parts[i].length);
      at += parts[i].length;
    }
    return row;
  }

  int label(Example example, String where) throws IOException {
    Feature f = require(example.getFeatures().getFeatureMap(), labelFeature, where);
    if (f.getKindCase() != Feature.KindCase.INT64_LIST || f.getInt64List().getValueCount() != 1) {
      throw new IOException(where + ": label feature '" + labelFeature + "' must hold one int64 value, it holds "
          + describe(f));
    }
    long id = f.getInt64List().getValue(0);
    if (id < 0 || id > Integer.MAX_VALUE) {
      throw new IOException(where + ": label " + id + " is not a class id (0.." + Integer.MAX_VALUE + ")");
    }
    return (int) id;
  }

  private static float[] values(Map<String, Feature> features, String name, String where) throws IOException {
    Feature f = require(features, name, where);
    switch (f.getKindCase()) {
      case FLOAT_LIST: {
        float[] v = new float[f.getFloatList().getValueCount()];
        for (int i = 0; i < v.length; i++) {
          v[i] = f.getFloatList().getValue(i);
        }
        return v;
      }
      case INT64_LIST: {
        float[] v = new float[f.getInt64List().getValueCount()];
        for (int i = 0; i < v.length; i++) {
          long x = f.getInt64List().getValue(i);
          if (Math.abs(x) > EXACT_FLOAT_LIMIT) {
            throw new IOException(where + ": int64 value " + x + " of feature '" + name
                + "' is not exactly representable as a float feature");
          }
          v[i] = x;
        }
        return v;
      }
      case KIND_NOT_SET:
        return new float[0];
      default:
        throw new IOException(where + ": feature '" + name + "' holds " + describe(f)
            + "; only float_list and int64_list features can be read as numbers");
    }
  }

  private static Feature require(Map<String, Feature> features, String name, String where) throws IOException {
    Feature f = features.get(name);
    if (f == null) {
      throw new IOException(where + ": no feature '" + name + "' (the example has " + new TreeSet<>(features.keySet())
          + ")");
    }
    return f;
  }

  private static String describe(Feature f) {
    switch (f.getKindCase()) {
      case FLOAT_LIST: return f.getFloatList().getValueCount() + " float value(s)";
      case INT64_LIST: return f.getInt64List().getValueCount() + " int64 value(s)";
      case BYTES_LIST: return f.getBytesList().getValueCount() + " bytes value(s)";
      default: return "no values";
    }
  }
}
