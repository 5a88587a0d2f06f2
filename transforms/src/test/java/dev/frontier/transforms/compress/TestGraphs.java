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
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

/**
 * Small IRs built with TF Java ops, with weights the tests choose. Weight Consts are named
 * {@code layer<i>/kernel} (dense) or {@code conv/filter}, {@code depthwise/filter}; the input is {@code x},
 * the output {@code y}.
 */
final class TestGraphs {
  private TestGraphs() {}

  /** A chain of dense layers (MatMul + BiasAdd, ReLU between) with the given kernels [widths[i], widths[i+1]]. */
  static ModelIr mlp(String id, int[] widths, float[]... kernels) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> h = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, widths[0])));
      for (int i = 0; i < kernels.length; i++) {
        Ops layer = tf.withSubScope("layer" + i);
        Operand<TFloat32> w = layer.withName("kernel")
            .constant(Shape.of(widths[i], widths[i + 1]), DataBuffers.of(kernels[i], true, false));
        Operand<TFloat32> b = layer.withName("bias").constant(Shape.of(widths[i + 1]),
            DataBuffers.of(ramp(widths[i + 1]), true, false));
        h = layer.withName("BiasAdd").nn.biasAdd(layer.withName("MatMul").linalg.matMul(h, w), b);
        if (i + 1 < kernels.length) {
          h = tf.nn.relu(h);
        }
      }
      tf.withName("y").identity(h);
      return ir(id, g.toGraphDef(), new long[] {-1, widths[0]}, new long[] {-1, widths[widths.length - 1]});
    }
  }

  /** An MLP with Gaussian kernels. */
  static ModelIr randomMlp(String id, Random random, int... widths) {
    float[][] kernels = new float[widths.length - 1][];
    for (int i = 0; i < kernels.length; i++) {
      kernels[i] = gaussian(random, widths[i] * widths[i + 1], 0.1f);
    }
    return mlp(id, widths, kernels);
  }

  /** x [-1, 5, 5, convShape[2]] → Conv2D (SAME) → DepthwiseConv2dNative (SAME) → y. */
  static ModelIr convNet(String id, float[] conv, long[] convShape, float[] depthwise, long[] depthwiseShape) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 5, 5, convShape[2])));
      Ops convScope = tf.withSubScope("conv");
      Ops dwScope = tf.withSubScope("depthwise");
      Operand<TFloat32> c = convScope.withName("Conv2D").nn.conv2d(x,
          convScope.withName("filter").constant(Shape.of(convShape), DataBuffers.of(conv, true, false)),
          List.of(1L, 1L, 1L, 1L), "SAME");
      Operand<TFloat32> d = dwScope.withName("conv").nn.depthwiseConv2dNative(c,
          dwScope.withName("filter").constant(Shape.of(depthwiseShape), DataBuffers.of(depthwise, true, false)),
          List.of(1L, 1L, 1L, 1L), "SAME");
      tf.withName("y").identity(d);
      long out = depthwiseShape[2] * depthwiseShape[3];
      return ir(id, g.toGraphDef(), new long[] {-1, 5, 5, convShape[2]}, new long[] {-1, 5, 5, out});
    }
  }

  static float[] gaussian(Random random, int n, float sigma) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = sigma * (float) random.nextGaussian();
    }
    return v;
  }

  private static float[] ramp(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = 0.01f * (i + 1);
    }
    return v;
  }

  private static ModelIr ir(String id, GraphDef graph, long[] inShape, long[] outShape) {
    return ModelIr.of(id, graph, List.of(new TensorSpec("x", "x:0", DataType.DT_FLOAT, inShape)),
        List.of(new TensorSpec("y", "y:0", DataType.DT_FLOAT, outShape)));
  }
}
