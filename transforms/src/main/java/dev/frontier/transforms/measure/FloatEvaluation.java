package dev.frontier.transforms.measure;

import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.ImportRequest;
import dev.frontier.transforms.model.IrPredictor;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.SavedModelImporter;
import dev.frontier.transforms.model.SignaturePredictor;
import java.util.Locale;

/**
 * Checks that import changed nothing: runs a model's original SavedModel signature and its imported IR on
 * the model's evaluation rows and reports both accuracies and their top-1 agreement. A model that cannot be
 * loaded, imported or fed becomes a result carrying the error, so one bad model does not stop the others.
 */
public final class FloatEvaluation {
  private final ModelData data;
  private final int batchRows;

  /** Evaluates on {@code data}'s rows; SavedModels are read through the same {@link ModelData#files()}. */
  public FloatEvaluation(ModelData data, int batchRows) {
    this.data = data;
    this.batchRows = batchRows;
  }

  public Result evaluate(ModelEntry model) {
    long startNanos = System.nanoTime();
    try {
      Dataset eval = data.split(model).evaluation();
      ImportRequest request = model.importRequest(data.files());
      ModelIr ir = SavedModelImporter.importModel(request);
      int[] original;
      try (SignaturePredictor p = SignaturePredictor.open(request)) {
        original = BatchedPredictions.topOne(p, eval, batchRows);
      }
      int[] imported;
      try (IrPredictor p = new IrPredictor(ir, model.outputKey())) {
        imported = BatchedPredictions.topOne(p, eval, batchRows);
      }
      return new Result(model.id(), eval.size(), TopOne.accuracy(original, eval.labels()),
          TopOne.accuracy(imported, eval.labels()), TopOne.agreement(original, imported),
          ir.parameterCount(), ir.layers().size(), expected(model), seconds(startNanos), null);
    } catch (RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Result(model.id(), 0, Double.NaN, Double.NaN, Double.NaN, 0, 0, expected(model),
          seconds(startNanos), e.getClass().getSimpleName() + ": " + message);
    }
  }

  private static Double expected(ModelEntry model) {
    return model.expectedAccuracy();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * One model's float check.
   *
   * @param rows evaluation rows used
   * @param signatureAccuracy top-1 accuracy of the original SavedModel signature
   * @param irAccuracy top-1 accuracy of the imported IR
   * @param agreement share of rows where both predict the same class
   * @param params parameters of the IR (see {@link ModelIr#parameterCount()})
   * @param compressibleLayers MatMul / Conv2D / depthwise layers with constant weights
   * @param expectedAccuracy accuracy known from elsewhere, or null
   * @param seconds wall time of the check
   * @param error what went wrong, or null
   */
  public record Result(String modelId, int rows, double signatureAccuracy, double irAccuracy,
      double agreement, long params, int compressibleLayers, Double expectedAccuracy, double seconds,
      String error) {

    public static String header() {
      return String.format(Locale.ROOT, "%-28s %6s %9s %9s %9s %9s %10s %6s %7s",
          "model", "rows", "expected", "original", "ir", "agreement", "params", "layers", "seconds");
    }

    public String line() {
      if (error != null) {
        return String.format(Locale.ROOT, "%-28s FAILED %s", modelId, error);
      }
      return String.format(Locale.ROOT, "%-28s %6d %9s %9.4f %9.4f %9.4f %10d %6d %7.1f", modelId, rows,
          expectedAccuracy == null ? "-" : String.format(Locale.ROOT, "%.4f", expectedAccuracy),
          signatureAccuracy, irAccuracy, agreement, params, compressibleLayers, seconds);
    }
  }
}
