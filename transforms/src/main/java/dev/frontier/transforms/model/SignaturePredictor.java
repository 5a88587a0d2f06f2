package dev.frontier.transforms.model;

import java.util.List;
import org.tensorflow.SavedModelBundle;

/**
 * Runs the ORIGINAL SavedModel signature through a loaded SavedModelBundle: the reference the IR must
 * reproduce (the first test of any import) and the source of the "accuracy of the original signature".
 *
 * <p>Opening applies the same checks as import (folder, tags, signature, {@link OpSafetyPolicy}) before
 * TF loads anything. Feeding and reading are shared with {@link IrPredictor} ({@link PredictorIo}).
 * Thread-safe; close it when done (each bundle costs native memory).
 */
public final class SignaturePredictor implements Predictor {
  private final String modelId;
  private final TensorSpec input;
  private final TensorSpec output;
  private final SavedModelBundle bundle;
  private boolean closed;

  private SignaturePredictor(String modelId, TensorSpec input, TensorSpec output, SavedModelBundle bundle) {
    this.modelId = modelId;
    this.input = input;
    this.output = output;
    this.bundle = bundle;
  }

  /**
   * Checks and loads the SavedModel. Reads the request's output key, or the signature's first output.
   *
   * @throws ModelImportException when the folder, signature or graph is refused or does not load
   * @throws IllegalArgumentException when the signature has more than one input
   */
  public static SignaturePredictor open(ImportRequest request) {
    SavedModelSource source = SavedModelSource.open(request);
    TensorSpec input = PredictorIo.singleInput(request.modelId(), source.inputs());
    TensorSpec output = source.outputs().get(0);
    return new SignaturePredictor(request.modelId(), input, output, source.load());
  }

  @Override
  public float[][] predict(float[][] rows, List<String> featureNames) {
    return PredictorIo.run(bundle.session(), modelId, input, output, rows, featureNames);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      bundle.close();
    }
  }
}
