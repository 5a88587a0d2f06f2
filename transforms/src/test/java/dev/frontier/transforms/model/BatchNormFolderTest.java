package dev.frontier.transforms.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

/** BatchNorm folding on small graphs built with TF Java ops: same outputs, no BN left. */
class BatchNormFolderTest {
  private static final float TOLERANCE = 1e-5f;
  private final Random random = new Random(20240611L);

  private Operand<TFloat32> constant(Ops tf, long[] shape, float scale, float offset) {
    float[] v = new float[(int) ConstTensors.elementCount(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = offset + scale * (float) random.nextGaussian();
    }
    return tf.constant(Shape.of(shape), DataBuffers.of(v, true, false));
  }

  private Operand<TFloat32> positive(Ops tf, int n, float min, float max) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = min + (max - min) * random.nextFloat();
    }
    return tf.constant(Shape.of(n), DataBuffers.of(v, true, false));
  }

  private FusedBatchNorm<TFloat32, TFloat32> bn(Ops tf, Operand<TFloat32> x, int channels) {
    return tf.nn.fusedBatchNorm(x, positive(tf, channels, 0.5f, 1.5f), constant(tf, new long[] {channels}, 0.3f, 0f),
        constant(tf, new long[] {channels}, 0.5f, 0f), positive(tf, channels, 0.3f, 2f),
        FusedBatchNorm.epsilon(1e-3f), FusedBatchNorm.isTraining(false));
  }

  private float[][] rows(int n, int width) {
    float[][] r = new float[n][width];
    for (float[] row : r) {
      for (int j = 0; j < width; j++) {
        row[j] = random.nextFloat();
      }
    }
    return r;
  }

  /** Folds {@code graph}, checks outputs agree on random rows, returns the folded IR. */
  private ModelIr foldAndCompare(GraphDef graph, TensorSpec in, TensorSpec out, int width) {
    ModelIr before = ModelIr.of("bn-test", graph, List.of(in), List.of(out));
    Set<String> keep = Set.of(in.nodeName(), out.nodeName());
    GraphDef folded = GraphPruner.prune(BatchNormFolder.fold(graph, keep), List.of(out.nodeName()), Set.of(in.nodeName()));
    ModelIr after = ModelIr.of("bn-test", folded, List.of(in), List.of(out));
    float[][] x = rows(64, width);
    try (IrPredictor p0 = new IrPredictor(before); IrPredictor p1 = new IrPredictor(after)) {
      float[][] y0 = p0.predict(x, List.of());
      float[][] y1 = p1.predict(x, List.of());
      float diff = SharedData.maxAbsDiff(y0, y1);
      assertTrue(diff <= TOLERANCE, "folded graph differs by " + diff);
      float spread = 0;
      for (float[] r : y0) {
        for (float v : r) {
          spread = Math.max(spread, Math.abs(v));
        }
      }
      assertTrue(spread > 0.1f, "test graph output is degenerate");
    }
    return after;
  }

  private static Set<String> ops(ModelIr ir) {
    return ir.graphDef().getNodeList().stream().map(NodeDef::getOp).collect(Collectors.toSet());
  }

  @Test
  void foldsFusedBatchNormIntoConv2dWithBias() {
    GraphDef g;
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 3)));
      Operand<TFloat32> conv = tf.nn.conv2d(x, constant(tf, new long[] {3, 3, 3, 4}, 0.5f, 0f), List.of(1L, 1L, 1L, 1L), "SAME");
      Operand<TFloat32> biased = tf.nn.biasAdd(conv, constant(tf, new long[] {4}, 0.2f, 0f));
      tf.withName("y").nn.relu(bn(tf, biased, 4).y());
      g = graph.toGraphDef();
    }
    ModelIr ir = foldAndCompare(g, new TensorSpec("x", "x:0", DataType.DT_FLOAT, new long[] {-1, 8, 8, 3}),
        new TensorSpec("y", "y:0", DataType.DT_FLOAT, new long[] {-1, 8, 8, 4}), 192);
    assertFalse(ops(ir).stream().anyMatch(o -> o.startsWith("FusedBatchNorm")), ops(ir).toString());
    assertEquals(1, ir.layers().size());
    assertArrayEquals(new long[] {3, 3, 3, 4}, ir.layers().get(0).weightShape());
    assertEquals(3 * 3 * 3 * 4 + 4, ir.parameterCount(), "weight plus folded bias");
  }

  @Test
  void foldsFusedBatchNormIntoDepthwiseConvWithoutBias() {
    GraphDef g;
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 6, 6, 3)));
      Operand<TFloat32> dw = tf.nn.depthwiseConv2dNative(x, constant(tf, new long[] {3, 3, 3, 2}, 0.5f, 0f),
          List.of(1L, 1L, 1L, 1L), "VALID");
      tf.withName("y").identity(bn(tf, dw, 6).y());
      g = graph.toGraphDef();
    }
    ModelIr ir = foldAndCompare(g, new TensorSpec("x", "x:0", DataType.DT_FLOAT, new long[] {-1, 6, 6, 3}),
        new TensorSpec("y", "y:0", DataType.DT_FLOAT, new long[] {-1, 4, 4, 6}), 108);
    assertFalse(ops(ir).stream().anyMatch(o -> o.startsWith("FusedBatchNorm")), ops(ir).toString());
    assertTrue(ops(ir).contains("BiasAdd"));
  }

  @Test
  void foldsDecomposedBatchNormIntoMatMul() {
    GraphDef g;
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 5)));
      Operand<TFloat32> mm = tf.linalg.matMul(x, constant(tf, new long[] {5, 4}, 0.7f, 0f));
      Operand<TFloat32> biased = tf.nn.biasAdd(mm, constant(tf, new long[] {4}, 0.2f, 0f));
      // Inference BN on a 2-D tensor, as Keras writes it: x * (gamma / sqrt(var + eps)) + (beta - mean * that).
      Operand<TFloat32> scaled = tf.math.mul(biased, positive(tf, 4, 0.5f, 2f));
      tf.withName("y").math.add(scaled, constant(tf, new long[] {4}, 0.5f, 0f));
      g = graph.toGraphDef();
    }
    ModelIr ir = foldAndCompare(g, new TensorSpec("x", "x:0", DataType.DT_FLOAT, new long[] {-1, 5}),
        new TensorSpec("y", "y:0", DataType.DT_FLOAT, new long[] {-1, 4}), 5);
    assertFalse(ops(ir).contains("Mul"), ops(ir).toString());
    assertEquals(Set.of("Placeholder", "Const", "MatMul", "BiasAdd"), ops(ir));
    assertEquals(5 * 4 + 4, ir.parameterCount());
  }

  @Test
  void foldsKerasStyleBatchNormComputedAtRunTimeAfterConstantFolding() {
    // Keras' non-fused BN on a 2-D tensor computes its per-channel factor at run time from the (frozen)
    // variables: mul = gamma * rsqrt(var + eps); y = x * mul + (beta - mean * mul).
    GraphDef g;
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 6)));
      Operand<TFloat32> mm = tf.linalg.matMul(x, constant(tf, new long[] {6, 3}, 0.7f, 0f));
      Operand<TFloat32> biased = tf.nn.biasAdd(mm, constant(tf, new long[] {3}, 0.2f, 0f));
      Operand<TFloat32> mul = tf.math.mul(positive(tf, 3, 0.5f, 1.5f),
          tf.math.rsqrt(tf.math.add(positive(tf, 3, 0.3f, 2f), tf.constant(1e-3f))));
      Operand<TFloat32> shift = tf.math.sub(constant(tf, new long[] {3}, 0.3f, 0f),
          tf.math.mul(constant(tf, new long[] {3}, 0.5f, 0f), mul));
      tf.withName("y").math.add(tf.math.mul(biased, mul), shift);
      g = graph.toGraphDef();
    }
    GraphDef constantsFolded = ConstantFolder.fold(g, Set.of("x", "y"));
    ModelIr ir = foldAndCompare(constantsFolded, new TensorSpec("x", "x:0", DataType.DT_FLOAT, new long[] {-1, 6}),
        new TensorSpec("y", "y:0", DataType.DT_FLOAT, new long[] {-1, 3}), 6);
    assertEquals(Set.of("Placeholder", "Const", "MatMul", "BiasAdd"), ops(ir));
    // And against the graph before any folding.
    ModelIr original = ModelIr.of("bn-test", g, ir.inputs(), ir.outputs());
    float[][] x = rows(32, 6);
    try (IrPredictor p0 = new IrPredictor(original); IrPredictor p1 = new IrPredictor(ir)) {
      float diff = SharedData.maxAbsDiff(p0.predict(x, List.of()), p1.predict(x, List.of()));
      assertTrue(diff <= TOLERANCE, "differs by " + diff);
    }
  }

  @Test
  void leavesFusedBatchNormThatDoesNotDirectlyFollowTheLayer() {
    // FusedBatchNorm needs 4-D input, so after a MatMul it never follows directly: it must be left alone.
    GraphDef g;
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 5)));
      Operand<TFloat32> mm = tf.linalg.matMul(x, constant(tf, new long[] {5, 4}, 0.7f, 0f));
      Operand<TFloat32> four = tf.reshape(mm, tf.constant(new long[] {-1, 1, 1, 4}));
      tf.withName("y").reshape(bn(tf, four, 4).y(), tf.constant(new long[] {-1, 4}));
      g = graph.toGraphDef();
    }
    ModelIr ir = foldAndCompare(g, new TensorSpec("x", "x:0", DataType.DT_FLOAT, new long[] {-1, 5}),
        new TensorSpec("y", "y:0", DataType.DT_FLOAT, new long[] {-1, 4}), 5);
    assertTrue(ops(ir).contains("FusedBatchNormV3"), "a BN not directly after the layer must stay");
  }

  @Test
  void leavesBatchNormWhenTheWeightIsNotConstant() {
    GraphDef g;
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4, 4, 2)));
      Operand<TFloat32> w = tf.math.mul(constant(tf, new long[] {1, 1, 2, 3}, 1f, 0f), tf.constant(2f));
      Operand<TFloat32> conv = tf.nn.conv2d(x, w, List.of(1L, 1L, 1L, 1L), "SAME");
      tf.withName("y").identity(bn(tf, conv, 3).y());
      g = graph.toGraphDef();
    }
    ModelIr ir = foldAndCompare(g, new TensorSpec("x", "x:0", DataType.DT_FLOAT, new long[] {-1, 4, 4, 2}),
        new TensorSpec("y", "y:0", DataType.DT_FLOAT, new long[] {-1, 4, 4, 3}), 32);
    assertTrue(ops(ir).contains("FusedBatchNormV3"));
    assertTrue(ir.layers().isEmpty(), "a computed weight is not a compressible layer");
  }
}
