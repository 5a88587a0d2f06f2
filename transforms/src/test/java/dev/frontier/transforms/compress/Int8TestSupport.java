package dev.frontier.transforms.compress;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ImportRequest;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.PredictorIo;
import dev.frontier.transforms.model.SavedModelImporter;
import dev.frontier.transforms.model.TensorNames;
import dev.frontier.transforms.model.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * What the full-integer tests share: running an IR with extra fetches (to calibrate exact min/max ranges
 * of the tapped tensors, or to read intermediate tensors), TF's FakeQuant op as an oracle, and the real TF1
 * MNIST conv model.
 */
final class Int8TestSupport {
  static final String MNIST_CONV = "mnist-conv-tf1-dotnet";
  private static final int BATCH_ROWS = 500;

  private static ModelIr mnistConv;

  private Int8TestSupport() {}

  /** The imported IR of mnist-conv-tf1-dotnet (3 conv + dense 200 + dense 10, TF 1.9). */
  static synchronized ModelIr mnistConv() {
    if (mnistConv == null) {
      mnistConv = SavedModelImporter.importModel(
          ImportRequest.of(MNIST_CONV, SharedFixtures.root().resolve("models").resolve(MNIST_CONV)));
    }
    return mnistConv;
  }

  /**
   * The values of {@code tensors} for {@code rows}, each flattened over all rows (batched). The fed input
   * tensor itself is returned as the rows (TF refuses to fetch what is fed).
   */
  static Map<String, float[]> fetch(ModelIr ir, float[][] rows, List<String> tensors) {
    TensorSpec input = ir.inputs().get(0);
    if (tensors.contains(input.tensorName())) {
      List<String> others = tensors.stream().filter(t -> !t.equals(input.tensorName())).toList();
      Map<String, float[]> fetched = others.isEmpty() ? Map.of() : fetch(ir, rows, others);
      Map<String, float[]> out = new LinkedHashMap<>();
      for (String t : tensors) {
        out.put(t, t.equals(input.tensorName()) ? concat(Arrays.asList(rows)) : fetched.get(t));
      }
      return out;
    }
    Map<String, List<float[]>> parts = new LinkedHashMap<>();
    tensors.forEach(t -> parts.put(t, new ArrayList<>()));
    try (Graph g = new Graph()) {
      g.importGraphDef(ir.graphDef());
      try (Session s = new Session(g)) {
        for (int start = 0; start < rows.length; start += BATCH_ROWS) {
          float[][] batch = Arrays.copyOfRange(rows, start, Math.min(rows.length, start + BATCH_ROWS));
          try (Tensor in = PredictorIo.inputTensor(ir.modelId(), input, batch, List.of())) {
            Session.Runner runner = s.runner().feed(input.tensorName(), in);
            tensors.forEach(t -> runner.fetch(TensorNames.withIndex(t)));
            try (Result r = runner.run()) {
              for (int i = 0; i < tensors.size(); i++) {
                parts.get(tensors.get(i)).add(ConstTensors.floats(ConstTensors.fromTensor(r.get(i))));
              }
            }
          }
        }
      }
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    parts.forEach((t, p) -> out.put(t, concat(p)));
    return out;
  }

  /** The quint8 tensor {@code node} (output 0) of {@code ir} for {@code rows}, as float levels, flattened over all rows. */
  static float[] fetchLevels(ModelIr ir, float[][] rows, String node) {
    ModelIr withCast = ir.withGraph(ir.graphDef().toBuilder()
        .addNode(QuantizedNodes.bitcast(node + "/as_uint8", node, DataType.DT_QUINT8, DataType.DT_UINT8))
        .addNode(GraphNodes.cast(node + "/as_float", node + "/as_uint8", DataType.DT_UINT8, DataType.DT_FLOAT))
        .build());
    return fetch(withCast, rows, List.of(node + "/as_float:0")).values().iterator().next();
  }

  /** Exact min/max of every tensor the int8 scheme quantizes, over {@code rows} ("minmax" calibration). */
  static ActivationRanges minMaxRanges(ModelIr ir, float[][] rows) {
    Map<String, ActivationRanges.Range> ranges = new LinkedHashMap<>();
    fetch(ir, rows, FullInt8.activationTensors(ir)).forEach((t, v) -> {
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (float x : v) {
        min = Math.min(min, x);
        max = Math.max(max, x);
      }
      ranges.put(t, new ActivationRanges.Range(min, max));
    });
    return new ActivationRanges("minmax", rows.length, ranges);
  }

  /** The primary output of {@code ir} for {@code rows}, one score row per input row. */
  static float[][] predict(ModelIr ir, float[][] rows) {
    float[] flat = fetch(ir, rows, List.of(ir.primaryOutput().tensorName())).values().iterator().next();
    int width = flat.length / rows.length;
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }
    return out;
  }

  /** TF's {@code FakeQuantWithMinMaxVars(values, min, max, num_bits=bits)}. */
  static float[] tfFakeQuant(float[] values, float min, float max, int bits) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(Shape.of(values.length), DataBuffers.of(values, true, false));
      g.opBuilder("FakeQuantWithMinMaxVars", "fq", tf.scope())
          .addInput(x.asOutput())
          .addInput(tf.constant(min).asOutput())
          .addInput(tf.constant(max).asOutput())
          .setAttr("num_bits", bits)
          .setAttr("narrow_range", false)
          .build();
      try (Session s = new Session(g); Result r = s.runner().fetch("fq").run()) {
        return ConstTensors.floats(ConstTensors.fromTensor(r.get(0)));
      }
    }
  }

  static double meanAbsDiff(float[][] a, float[][] b) {
    double sum = 0;
    long n = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        sum += Math.abs(a[i][j] - b[i][j]);
        n++;
      }
    }
    return sum / n;
  }

  static float maxAbsDiff(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static float[] concat(List<float[]> parts) {
    int n = parts.stream().mapToInt(p -> p.length).sum();
    float[] out = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
