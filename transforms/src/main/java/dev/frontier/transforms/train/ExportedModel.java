package dev.frontier.transforms.train;

import dev.frontier.transforms.data.Dataset;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * A SavedModel written by {@link SavedModelWriter}, loaded back and run through its
 * {@value SavedModelWriter#SIGNATURE_KEY} signature: the check that what was exported is what was trained.
 *
 * <p>Feeds raw-pixel datasets scaled by {@link ModelTrainer#PIXEL_SCALE}, in the signature's input shape.
 * Owns the loaded bundle: close it.
 */
public final class ExportedModel implements AutoCloseable {
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final Shape inputShape;

  private ExportedModel(SavedModelBundle bundle) {
    this.bundle = bundle;
    this.function = bundle.function(SavedModelWriter.SIGNATURE_KEY);
    this.inputShape = function.signature().getInputs().get(SavedModelWriter.INPUT_NAME).shape;
  }

  /** Loads the SavedModel in {@code dir} (tag {@code serve}) on a single-threaded session. */
  public static ExportedModel load(Path dir) {
    SavedModelBundle bundle = SavedModelBundle.loader(dir.toString())
        .withTags(SavedModelBundle.DEFAULT_TAG)
        .withConfigProto(SingleThreaded.CONFIG)
        .load();
    try {
      return new ExportedModel(bundle);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  /** The loaded bundle, for inspection (graph ops, variables); owned by this object. */
  public SavedModelBundle bundle() {
    return bundle;
  }

  /** Softmax scores for every row, in order. */
  public float[][] scores(Dataset data) {
    return Batches.scoreAll(data, inputShape, batch -> {
      try (Result r = function.call(Map.of(SavedModelWriter.INPUT_NAME, batch))) {
        return Batches.toRows((TFloat32) r.get(SavedModelWriter.OUTPUT_NAME)
            .orElseThrow(() -> new IllegalStateException("signature has no output " + SavedModelWriter.OUTPUT_NAME)));
      }
    });
  }

  /** Top-1 accuracy on {@code data}. */
  public double accuracy(Dataset data) {
    return Batches.top1Accuracy(scores(data), data.labels());
  }

  @Override
  public void close() {
    bundle.close();
  }
}
