package dev.frontier.transforms.compress;

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
import org.tensorflow.types.TFloat32;

/**
 * Small graphs for the full-integer scheme that {@link TestGraphs} lacks: convolutions with VALID and
 * strided SAME padding, a bias through {@code Add}, and a dense layer without bias. Input {@code x},
 * output {@code y}; weights Gaussian (σ 0.3), biases Gaussian (σ 0.5).
 */
final class Int8TestGraphs {
  private static final float WEIGHT_SIGMA = 0.3f;
  private static final float BIAS_SIGMA = 0.5f;

  private Int8TestGraphs() {}

  /**
   * x [-1, 8, 8, 3] → {@code conv1} Conv2D 3×3×3×4 VALID + BiasAdd → ReLU → {@code conv2} Conv2D 2×2×4×5
   * SAME stride 2 + Add(bias) → ReLU → Reshape [-1, 45] → {@code dense} MatMul [45, 6] (no bias) → y.
   */
  static ModelIr convChain(String id, Random random) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 3)));
      Ops c1 = tf.withSubScope("conv1");
      Operand<TFloat32> h = c1.withName("Conv2D").nn.conv2d(x, constant(c1, "filter", random, 3, 3, 3, 4),
          List.of(1L, 1L, 1L, 1L), "VALID");
      h = tf.nn.relu(c1.withName("BiasAdd").nn.biasAdd(h, bias(c1, random, 4)));
      Ops c2 = tf.withSubScope("conv2");
      h = c2.withName("Conv2D").nn.conv2d(h, constant(c2, "filter", random, 2, 2, 4, 5), List.of(1L, 2L, 2L, 1L), "SAME");
      h = tf.nn.relu(c2.withName("add").math.add(h, bias(c2, random, 5)));
      h = tf.reshape(h, tf.constant(new int[] {-1, 45}));
      Ops d = tf.withSubScope("dense");
      h = d.withName("MatMul").linalg.matMul(h, constant(d, "kernel", random, 45, 6));
      tf.withName("y").identity(h);
      return ir(id, g);
    }
  }

  /**
   * The demo CNNs' layer pattern: x [-1, 8, 8, 3] → {@code conv1} Conv2D 3×3×3×4 SAME + BiasAdd → ReLU →
   * MaxPoolV2 2×2 (window as inputs) → {@code conv2} Conv2D 2×2×4×5 SAME + BiasAdd → ReLU → Reshape to an int64
   * [-1, 80] → {@code dense} MatMul [80, 6] → y.
   */
  static ModelIr convPoolChain(String id, Random random) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 3)));
      Operand<TFloat32> h = convBiasRelu(tf, "conv1", x, random, 3, 3, 3, 4);
      h = tf.withName("pool").nn.maxPool(h, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}),
          "VALID");
      h = convBiasRelu(tf, "conv2", h, random, 2, 2, 4, 5);
      h = tf.withName("flatten").reshape(h, tf.constant(new long[] {-1, 80}));
      Ops d = tf.withSubScope("dense");
      h = d.withName("MatMul").linalg.matMul(h, constant(d, "kernel", random, 80, 6));
      tf.withName("y").identity(h);
      return ir(id, g);
    }
  }

  /**
   * A depthwise-separable block: x [-1, 8, 8, 3] → {@code conv1} Conv2D 3×3×3×4 SAME + BiasAdd → ReLU →
   * {@code dw} DepthwiseConv2dNative 3×3×4×1 SAME + BiasAdd → ReLU → {@code pw} Conv2D 1×1×4×5 + BiasAdd → ReLU →
   * Reshape [-1, 320] → {@code dense} MatMul [320, 6] → y.
   */
  static ModelIr separableChain(String id, Random random) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 3)));
      Operand<TFloat32> h = convBiasRelu(tf, "conv1", x, random, 3, 3, 3, 4);
      Ops dw = tf.withSubScope("dw");
      h = dw.withName("depthwise").nn.depthwiseConv2dNative(h, constant(dw, "filter", random, 3, 3, 4, 1),
          List.of(1L, 1L, 1L, 1L), "SAME");
      h = tf.nn.relu(dw.withName("BiasAdd").nn.biasAdd(h, bias(dw, random, 4)));
      h = convBiasRelu(tf, "pw", h, random, 1, 1, 4, 5);
      h = tf.reshape(h, tf.constant(new int[] {-1, 320}));
      Ops d = tf.withSubScope("dense");
      h = d.withName("MatMul").linalg.matMul(h, constant(d, "kernel", random, 320, 6));
      tf.withName("y").identity(h);
      return ir(id, g);
    }
  }

  /**
   * An inception-style block: x [-1, 8, 8, 3] → {@code a} Conv2D 3×3×3×4 SAME + BiasAdd → ReLU and {@code b}
   * Conv2D 1×1×3×3 + BiasAdd → ReLU, concatenated along channels (7) → BiasAdd of 7 → ReLU → MaxPoolV2 2×2 →
   * {@code conv2} Conv2D 2×2×7×5 SAME → ReLU → Reshape [-1, 80] → {@code dense} MatMul [80, 6] → y.
   */
  static ModelIr concatChain(String id, Random random) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 3)));
      Operand<TFloat32> ha = convBiasRelu(tf, "a", x, random, 3, 3, 3, 4);
      Operand<TFloat32> hb = convBiasRelu(tf, "b", x, random, 1, 1, 3, 3);
      Ops m = tf.withSubScope("mixed");
      Operand<TFloat32> h = m.withName("concat").concat(List.of(ha, hb), tf.constant(3));
      h = tf.nn.relu(m.withName("BiasAdd").nn.biasAdd(h, bias(m, random, 7)));
      h = tf.withName("pool").nn.maxPool(h, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}),
          "VALID");
      Ops c2 = tf.withSubScope("conv2");
      h = tf.nn.relu(c2.withName("Conv2D").nn.conv2d(h, constant(c2, "filter", random, 2, 2, 7, 5),
          List.of(1L, 1L, 1L, 1L), "SAME"));
      h = tf.reshape(h, tf.constant(new int[] {-1, 80}));
      Ops d = tf.withSubScope("dense");
      h = d.withName("MatMul").linalg.matMul(h, constant(d, "kernel", random, 80, 6));
      tf.withName("y").identity(h);
      return ir(id, g);
    }
  }

  /**
   * x [-1, 8, 8, 3] → {@code conv1} Conv2D 3×3×3×4 SAME + BiasAdd → ReLU → AvgPool 2×2 (VALID) → {@code conv2}
   * Conv2D 2×2×4×5 SAME + BiasAdd → ReLU → Reshape [-1, 80] → {@code dense} MatMul [80, 6] → y.
   */
  static ModelIr convAvgPoolChain(String id, Random random) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 3)));
      Operand<TFloat32> h = convBiasRelu(tf, "conv1", x, random, 3, 3, 3, 4);
      h = tf.withName("avg").nn.avgPool(h, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
      h = convBiasRelu(tf, "conv2", h, random, 2, 2, 4, 5);
      h = tf.reshape(h, tf.constant(new int[] {-1, 80}));
      Ops d = tf.withSubScope("dense");
      h = d.withName("MatMul").linalg.matMul(h, constant(d, "kernel", random, 80, 6));
      tf.withName("y").identity(h);
      return ir(id, g);
    }
  }

  /**
   * Inception-style branches meeting in a concatenation: x [-1, 8, 8, 3] → {@code a} Conv2D 3×3×3×4 SAME + BiasAdd →
   * ReLU and {@code b} Conv2D 1×1×3×3 + BiasAdd → ReLU, concatenated along channels (7) → MaxPoolV2 2×2 →
   * {@code conv2} Conv2D 2×2×7×5 SAME + BiasAdd → ReLU → Reshape [-1, 80] → {@code dense} MatMul [80, 6] → y.
   */
  static ModelIr branchConcatChain(String id, Random random) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 3)));
      Operand<TFloat32> ha = convBiasRelu(tf, "a", x, random, 3, 3, 3, 4);
      Operand<TFloat32> hb = convBiasRelu(tf, "b", x, random, 1, 1, 3, 3);
      Operand<TFloat32> h = tf.withName("concat").concat(List.of(ha, hb), tf.constant(3));
      h = tf.withName("pool").nn.maxPool(h, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}),
          "VALID");
      h = convBiasRelu(tf, "conv2", h, random, 2, 2, 7, 5);
      h = tf.reshape(h, tf.constant(new int[] {-1, 80}));
      Ops d = tf.withSubScope("dense");
      h = d.withName("MatMul").linalg.matMul(h, constant(d, "kernel", random, 80, 6));
      tf.withName("y").identity(h);
      return ir(id, g);
    }
  }

  /**
   * {@code scope/Conv2D} (stride 1, SAME) with a Gaussian {@code scope/filter} of {@code filterShape} [h, w, in, out],
   * then {@code scope/BiasAdd} of {@code scope/bias} and a ReLU.
   */
  private static Operand<TFloat32> convBiasRelu(Ops tf, String scope, Operand<TFloat32> x, Random random,
      long... filterShape) {
    Ops s = tf.withSubScope(scope);
    Operand<TFloat32> h = s.withName("Conv2D").nn.conv2d(x, constant(s, "filter", random, filterShape),
        List.of(1L, 1L, 1L, 1L), "SAME");
    return tf.nn.relu(s.withName("BiasAdd").nn.biasAdd(h, bias(s, random, (int) filterShape[3])));
  }

  /** The IR of a graph built here: input x [-1, 8, 8, 3], output y [-1, 6]. */
  private static ModelIr ir(String id, Graph g) {
    return ModelIr.of(id, g.toGraphDef(), List.of(new TensorSpec("x", "x:0", DataType.DT_FLOAT, new long[] {-1, 8, 8, 3})),
        List.of(new TensorSpec("y", "y:0", DataType.DT_FLOAT, new long[] {-1, 6})));
  }

  /** {@code n} rows of {@code width} values uniform in [lo, hi). */
  static float[][] rows(Random random, int n, int width, float lo, float hi) {
    float[][] out = new float[n][width];
    for (float[] row : out) {
      for (int j = 0; j < width; j++) {
        row[j] = lo + random.nextFloat() * (hi - lo);
      }
    }
    return out;
  }

  private static Operand<TFloat32> constant(Ops scope, String name, Random random, long... shape) {
    int n = (int) Shape.of(shape).size();
    return scope.withName(name).constant(Shape.of(shape), DataBuffers.of(TestGraphs.gaussian(random, n, WEIGHT_SIGMA), true, false));
  }

  private static Operand<TFloat32> bias(Ops scope, Random random, int n) {
    return scope.withName("bias").constant(Shape.of(n), DataBuffers.of(TestGraphs.gaussian(random, n, BIAS_SIGMA), true, false));
  }
}
