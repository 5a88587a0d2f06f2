package dev.frontier.transforms.data;

import java.util.List;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;

/** Encodes feature rows as serialized tf.Example protos, for models whose input is a string tensor. */
public final class TfExamples {
  private TfExamples() {}

  /** One tf.Example with a single-value float_list feature per named column. */
  public static byte[] encode(List<String> featureNames, float[] row) {
    if (featureNames.size() != row.length) {
      throw new IllegalArgumentException(
          "cannot build a tf.Example: " + featureNames.size() + " feature names for a row of " + row.length + " values");
    }
    Features.Builder features = Features.newBuilder();
    for (int i = 0; i < row.length; i++) {
      features.putFeature(featureNames.get(i),
          Feature.newBuilder().setFloatList(FloatList.newBuilder().addValue(row[i])).build());
    }
    return Example.newBuilder().setFeatures(features).build().toByteArray();
  }
}
