package dev.frontier.transforms.model;

import java.util.List;

/**
 * Something that maps feature rows to class scores: the original SavedModel signature, or an IR graph.
 *
 * <p>Implementations own TensorFlow resources (a Session, a Graph or a bundle) and must be closed.
 */
public interface Predictor extends AutoCloseable {

  /**
   * Runs one batch. {@code rows} are flattened, preprocessed feature rows; {@code featureNames} names the
   * columns (used when the model takes serialized tf.Example strings; empty for image data).
   *
   * @return scores, one row of {@code classes} values per input row
   * @throws IllegalArgumentException when the rows do not fit the model's input (message names both)
   */
  float[][] predict(float[][] rows, List<String> featureNames);

  @Override
  void close();
}
