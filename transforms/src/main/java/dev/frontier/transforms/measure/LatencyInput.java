package dev.frontier.transforms.measure;

import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.PredictorIo;
import dev.frontier.transforms.model.TensorNames;
import dev.frontier.transforms.model.TensorSpec;
import java.util.List;
import java.util.Objects;
import org.tensorflow.Tensor;

/**
 * What {@link LatencyProbe} feeds and fetches: the single input the graphs share, the output tensor,
 * and a few real input rows. Rows are repeated to fill a batch when there are fewer than the batch
 * size, and the first {@code batchSize} are used when there are more. Real rows, not zeros: sparse or
 * data-dependent kernels would be timed on a case that never happens.
 *
 * @param modelId for error messages
 * @param input the input both graphs take (DT_FLOAT rows, reshaped as predictors do, or DT_STRING
 *     serialized tf.Examples)
 * @param outputTensorName the tensor to fetch, {@code node:index} ({@code node} alone means index 0)
 * @param rows flattened, preprocessed feature rows, at least one (the array is copied, rows are not)
 * @param featureNames column names for tf.Example inputs; empty for float inputs
 */
public record LatencyInput(String modelId, TensorSpec input, String outputTensorName, float[][] rows,
    List<String> featureNames) {

  public LatencyInput {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(input, "input");
    outputTensorName = TensorNames.withIndex(Objects.requireNonNull(outputTensorName, "outputTensorName"));
    if (rows == null || rows.length == 0) {
      throw new IllegalArgumentException("model '" + modelId + "': latency needs at least one input row");
    }
    rows = rows.clone();
    featureNames = List.copyOf(featureNames);
  }

  /** The IR's single input and primary output, with these rows. */
  public static LatencyInput of(ModelIr ir, float[][] rows, List<String> featureNames) {
    if (ir.inputs().size() != 1) {
      throw new IllegalArgumentException("model '" + ir.modelId() + "' has " + ir.inputs().size()
          + " inputs; the latency probe feeds exactly one");
    }
    return new LatencyInput(ir.modelId(), ir.inputs().get(0), ir.primaryOutput().tensorName(), rows,
        featureNames);
  }

  @Override
  public float[][] rows() {
    return rows.clone();
  }

  /** The input tensor for one batch of {@code batchSize} rows, fed as predictors feed; caller closes it. */
  Tensor tensor(int batchSize) {
    float[][] batch = new float[batchSize][];
    for (int i = 0; i < batchSize; i++) {
      batch[i] = rows[i % rows.length];
    }
    return PredictorIo.inputTensor(modelId, input, batch, featureNames);
  }
}
