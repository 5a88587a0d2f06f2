package dev.frontier.transforms.model;

import dev.frontier.transforms.data.TfExamples;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.DoubleDataBuffer;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * The feeding and reading both predictors share: feature rows → input tensor (float rows reshaped to
 * the signature's shape, or serialized tf.Examples for string inputs), one session run, the output
 * tensor → float rows. Tensors and Results never outlive a call.
 *
 * <p>Public only for {@link #inputTensor}, which the latency probe (measure/) uses so that timed runs
 * are fed exactly as predictors feed; the rest stays package-private.
 */
public final class PredictorIo {
  private PredictorIo() {}

  /** The only input; predictors take exactly one. */
  static TensorSpec singleInput(String modelId, List<TensorSpec> inputs) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException("model '" + modelId + "' has " + inputs.size() + " inputs "
          + inputs + "; predictors feed exactly one");
    }
    return inputs.get(0);
  }

  /** The output with the given key, or the primary (first) one when {@code key} is null. */
  static TensorSpec output(String modelId, List<TensorSpec> outputs, String key) {
    if (key == null) {
      return outputs.get(0);
    }
    return outputs.stream().filter(o -> o.key().equals(key)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("model '" + modelId + "' has no output '" + key + "'; outputs: " + outputs));
  }

  /** Feeds {@code rows} to {@code input}, fetches {@code output}, returns one score row per input row. */
  static float[][] run(Session session, String modelId, TensorSpec input, TensorSpec output, float[][] rows,
      List<String> featureNames) {
    if (rows.length == 0) {
      return new float[0][];
    }
    try (Tensor in = inputTensor(modelId, input, rows, featureNames)) {
      Session.Runner runner = session.runner().feed(input.tensorName(), in).fetch(output.tensorName());
      long startNanos = System.nanoTime();
      try (Result result = runner.run()) {
        SessionRunTime.add(System.nanoTime() - startNanos);
        return readRows(modelId, output, result.get(0), rows.length);
      }
    }
  }

  /**
   * The input tensor for {@code rows}: DT_FLOAT rows reshaped to the signature's shape (batch = row
   * count), or DT_STRING serialized tf.Examples built from {@code featureNames}. The caller closes it.
   *
   * @throws IllegalArgumentException when the rows do not fit {@code input} (message names the model)
   */
  public static Tensor inputTensor(String modelId, TensorSpec input, float[][] rows, List<String> featureNames) {
    int width = rows[0].length;
    for (float[] r : rows) {
      if (r.length != width) {
        throw new IllegalArgumentException("model '" + modelId + "': rows of different widths (" + width
            + " and " + r.length + ")");
      }
    }
    if (input.dataType() == DataType.DT_STRING) {
      return examples(modelId, input, rows, featureNames);
    }
    if (input.dataType() != DataType.DT_FLOAT) {
      throw new IllegalArgumentException("model '" + modelId + "' input '" + input.key() + "' is "
          + input.dataType() + "; predictors feed DT_FLOAT rows or DT_STRING tf.Examples");
    }
    long[] shape = feedShape(modelId, input, rows.length, width);
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(flat, true, false));
  }

  /**
   * The shape to feed: the signature's, with the batch dimension set to {@code n}. One unknown non-batch
   * dimension is inferred from the row width; an unknown rank feeds [n, width].
   */
  static long[] feedShape(String modelId, TensorSpec input, int n, int width) {
    long[] sig = input.shape();
    if (sig == null) {
      return new long[] {n, width};
    }
    if (sig.length == 0) {
      throw new IllegalArgumentException("model '" + modelId + "' input '" + input.key()
          + "' is a scalar; cannot feed a batch of rows");
    }
    if (sig[0] >= 0 && sig[0] != n) {
      throw new IllegalArgumentException("model '" + modelId + "' input '" + input.key() + "' has a fixed batch of "
          + sig[0] + " but got " + n + " rows");
    }
    long known = 1;
    int unknown = -1;
    StringBuilder dims = new StringBuilder();
    for (int i = 1; i < sig.length; i++) {
      dims.append(i > 1 ? "x" : "").append(sig[i] < 0 ? "?" : String.valueOf(sig[i]));
      if (sig[i] < 0) {
        if (unknown >= 0) {
          throw new IllegalArgumentException("model '" + modelId + "' input '" + input.key() + "' has shape "
              + input.shapeString() + " with several unknown dimensions; cannot tell how to reshape rows of "
              + width + " values");
        }
        unknown = i;
      } else {
        known *= sig[i];
      }
    }
    long[] shape = sig.clone();
    shape[0] = n;
    if (unknown < 0 && known == width) {
      return shape;
    }
    if (unknown >= 0 && known > 0 && width % known == 0 && width > 0) {
      shape[unknown] = width / known;
      return shape;
    }
    String wants = unknown >= 0
        ? dims + " (a multiple of " + known + ") values per row"
        : (sig.length > 2 ? dims + " = " : "") + known + " values per row";
    throw new IllegalArgumentException("model '" + modelId + "' input '" + input.key() + "' wants " + wants
        + "; rows have " + width);
  }

  private static Tensor examples(String modelId, TensorSpec input, float[][] rows, List<String> featureNames) {
    if (featureNames.size() != rows[0].length) {
      throw new IllegalArgumentException("model '" + modelId + "' input '" + input.key()
          + "' takes serialized tf.Examples: needs one feature name per column, got " + featureNames.size()
          + " names for rows of " + rows[0].length + " values");
    }
    byte[][] encoded = new byte[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      encoded[i] = TfExamples.encode(featureNames, rows[i]);
    }
    long[] sig = input.shape();
    Shape shape = sig != null && sig.length == 2 && sig[1] == 1 ? Shape.of(rows.length, 1) : Shape.of(rows.length);
    return TString.tensorOfBytes(NdArrays.wrap(shape, DataBuffers.ofObjects(encoded)));
  }

  static float[][] readRows(String modelId, TensorSpec output, Tensor t, int n) {
    long[] shape = t.shape().asArray();
    if (shape.length == 0 || shape[0] != n) {
      throw new IllegalStateException("model '" + modelId + "' output '" + output.key() + "' has shape "
          + t.shape() + " for " + n + " input rows");
    }
    long total = t.shape().size();
    int perRow = Math.toIntExact(total / n);
    float[] flat = new float[Math.toIntExact(total)];
    if (t.dataType() == DataType.DT_FLOAT) {
      FloatDataBuffer buf = t.asRawTensor().data().asFloats();
      buf.read(flat);
    } else if (t.dataType() == DataType.DT_DOUBLE) {
      DoubleDataBuffer buf = t.asRawTensor().data().asDoubles();
      for (int i = 0; i < flat.length; i++) {
        flat[i] = (float) buf.getDouble(i);
      }
    } else {
      throw new IllegalArgumentException("model '" + modelId + "' output '" + output.key() + "' is "
          + t.dataType() + "; predictors read float scores");
    }
    float[][] out = new float[n][perRow];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * perRow, out[i], 0, perRow);
    }
    return out;
  }
}
