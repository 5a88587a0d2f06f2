package dev.frontier.transforms.tflite;

import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorSpec;
import java.util.List;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

/** Small hand-made IRs for the .tflite writer's tests: input {@code x}, output {@code y}, seeded weights. */
final class TfliteTestGraphs {
  private TfliteTestGraphs() {}

  /** x [-1, in] → MatMul (weights [in, out]) + BiasAdd (+ Relu) → y. */
  static ModelIr dense(String id, int in, int out, boolean relu, long seed) {
    Random r = new Random(seed);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, in)));
      Operand<TFloat32> w = tf.withName("kernel").constant(Shape.of(in, out), DataBuffers.of(gaussian(r, in * out, 0.3f), true, false));
      Operand<TFloat32> b = tf.withName("bias").constant(Shape.of(out), DataBuffers.of(gaussian(r, out, 0.5f), true, false));
      Operand<TFloat32> h = tf.withName("BiasAdd").nn.biasAdd(tf.withName("MatMul").linalg.matMul(x, w), b);
      if (relu) {
        h = tf.withName("Relu").nn.relu(h);
      }
      tf.withName("y").identity(h);
      return ir(id, g.toGraphDef(), new long[] {-1, in}, new long[] {-1, out});
    }
  }

  /** x [-1, h, w, c] → Conv2D (k×k, stride, padding) + BiasAdd (+ Relu) → y. */
  static ModelIr conv(String id, int h, int w, int c, int o, int k, int stride, String padding, boolean relu, long seed) {
    Random r = new Random(seed);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
      Operand<TFloat32> f = tf.withName("filter").constant(Shape.of(k, k, c, o), DataBuffers.of(gaussian(r, k * k * c * o, 0.3f), true, false));
      Operand<TFloat32> b = tf.withName("bias").constant(Shape.of(o), DataBuffers.of(gaussian(r, o, 0.5f), true, false));
      Operand<TFloat32> y = tf.withName("BiasAdd").nn.biasAdd(
          tf.withName("Conv2D").nn.conv2d(x, f, List.of(1L, (long) stride, (long) stride, 1L), padding), b);
      if (relu) {
        y = tf.withName("Relu").nn.relu(y);
      }
      tf.withName("y").identity(y);
      int oh = padding.equals("SAME") ? (h + stride - 1) / stride : (h - k + stride) / stride;
      int ow = padding.equals("SAME") ? (w + stride - 1) / stride : (w - k + stride) / stride;
      return ir(id, g.toGraphDef(), new long[] {-1, h, w, c}, new long[] {-1, oh, ow, o});
    }
  }

  /**
   * Every other op the writer maps, float: x [-1, 6, 6, 2] → Pad → DepthwiseConv2dNative (mult 2) + BiasAdd
   * + Relu6 → MaxPool 2×2 and AvgPool 2×2 → Concat (channels) → Mul by a constant → Add of a constant →
   * Sigmoid → Mean over h, w → Reshape [-1, 8] → MatMul → Softmax → y [-1, 3].
   */
  static ModelIr allOps(String id, long seed) {
    Random r = new Random(seed);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 6, 6, 2)));
      Operand<TFloat32> p = tf.withName("Pad").pad(x, tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}), tf.constant(0f));
      Operand<TFloat32> dw = tf.withName("dw").nn.depthwiseConv2dNative(p,
          tf.withName("dw_filter").constant(Shape.of(3, 3, 2, 2), DataBuffers.of(gaussian(r, 36, 0.4f), true, false)),
          List.of(1L, 1L, 1L, 1L), "VALID");
      Operand<TFloat32> b = tf.withName("dw_bias").constant(Shape.of(4), DataBuffers.of(gaussian(r, 4, 0.3f), true, false));
      Operand<TFloat32> a = tf.withName("Relu6").nn.relu6(tf.withName("dw_BiasAdd").nn.biasAdd(dw, b));
      Operand<TFloat32> mx = tf.withName("MaxPool").nn.maxPool(a, tf.constant(new int[] {1, 2, 2, 1}),
          tf.constant(new int[] {1, 2, 2, 1}), "VALID");
      Operand<TFloat32> av = tf.withName("AvgPool").nn.avgPool(a, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
      Operand<TFloat32> cat = tf.withName("Concat").concat(List.of(mx, av), tf.constant(3));
      Operand<TFloat32> m = tf.withName("Mul").math.mul(cat,
          tf.withName("scale").constant(Shape.of(8), DataBuffers.of(gaussian(r, 8, 1f), true, false)));
      Operand<TFloat32> ad = tf.withName("Add").math.add(m,
          tf.withName("shift").constant(Shape.of(8), DataBuffers.of(gaussian(r, 8, 0.5f), true, false)));
      Operand<TFloat32> s = tf.withName("Sigmoid").math.sigmoid(ad);
      Operand<TFloat32> mean = tf.withName("Mean").math.mean(s, tf.constant(new int[] {1, 2}),
          org.tensorflow.op.math.Mean.keepDims(true));
      Operand<TFloat32> flat = tf.withName("Reshape").reshape(mean, tf.constant(new int[] {-1, 8}));
      Operand<TFloat32> logits = tf.withName("MatMul").linalg.matMul(flat,
          tf.withName("kernel").constant(Shape.of(8, 3), DataBuffers.of(gaussian(r, 24, 2f), true, false)));
      tf.withName("y").nn.softmax(logits);
      return ir(id, g.toGraphDef(), new long[] {-1, 6, 6, 2}, new long[] {-1, 3});
    }
  }

  /** x [-1, 4] → Tanh → y: an op the writer does not map. */
  static ModelIr tanh(String id) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4)));
      tf.withName("y").math.tanh(x);
      return ir(id, g.toGraphDef(), new long[] {-1, 4}, new long[] {-1, 4});
    }
  }

  static float[][] rows(int n, int width, long seed, float sigma) {
    Random r = new Random(seed);
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = gaussian(r, width, sigma);
    }
    return out;
  }

  static float[] gaussian(Random r, int n, float sigma) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = sigma * (float) r.nextGaussian();
    }
    return v;
  }

  private static ModelIr ir(String id, GraphDef graph, long[] inShape, long[] outShape) {
    return ModelIr.of(id, graph, List.of(new TensorSpec("x", "x:0", DataType.DT_FLOAT, inShape)),
        List.of(new TensorSpec("y", "y:0", DataType.DT_FLOAT, outShape)));
  }
}
