package dev.frontier.transforms.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

/**
 * A SavedModel as the project's own trainer writes it (TF Java exporter, TF1 VariableV2, inference
 * FusedBatchNormV3 after a conv): import freezes the CHECKPOINT values (changed after initialisation,
 * so initialiser values would fail) and folds the BN.
 */
class OwnExportImportTest {
  private static final int ROWS = 16;
  private static final int WIDTH = 8 * 8 * 2;

  @TempDir
  Path temp;

  private final Random random = new Random(99);

  private Operand<TFloat32> values(Ops tf, float scale, float offset, long... shape) {
    float[] v = new float[(int) ConstTensors.elementCount(shape)];
    for (int i = 0; i < v.length; i++) {
      v[i] = offset + scale * (float) random.nextGaussian();
    }
    return tf.constant(Shape.of(shape), DataBuffers.of(v, true, false));
  }

  @Test
  void importFreezesCheckpointValuesAndFoldsBatchNorm() throws IOException {
    Path dir = temp.resolve("own");
    float[] x = new float[ROWS * WIDTH];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat();
    }
    float[] expected;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, 8, 8, 2)));
      Variable<TFloat32> kernel = tf.withName("conv_kernel").variable(values(tf, 0.5f, 0f, 3, 3, 2, 4));
      Variable<TFloat32> gamma = tf.withName("bn_gamma").variable(values(tf, 0.1f, 1f, 4));
      Variable<TFloat32> beta = tf.withName("bn_beta").variable(values(tf, 0.2f, 0f, 4));
      Variable<TFloat32> mean = tf.withName("bn_mean").variable(values(tf, 0.3f, 0f, 4));
      Variable<TFloat32> var = tf.withName("bn_var").variable(values(tf, 0.1f, 1f, 4));
      Variable<TFloat32> dense = tf.withName("dense_kernel").variable(values(tf, 0.1f, 0f, 256, 3));
      Variable<TFloat32> bias = tf.withName("dense_bias").variable(values(tf, 0.1f, 0f, 3));
      Operand<TFloat32> conv = tf.nn.conv2d(images, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
      Operand<TFloat32> bn = tf.withName("bn").nn.fusedBatchNorm(conv, gamma, beta, mean, var,
          FusedBatchNorm.isTraining(false), FusedBatchNorm.epsilon(1e-3f)).y();
      Operand<TFloat32> flat = tf.reshape(tf.nn.relu(bn), tf.constant(new long[] {-1, 256}));
      Operand<TFloat32> probs = tf.withName("probs").nn.softmax(
          tf.nn.biasAdd(tf.linalg.matMul(flat, dense), bias));
      // "Training": weights move away from their initial values before the checkpoint is written.
      var step1 = tf.assign(kernel, tf.math.mul(kernel, tf.constant(1.5f)));
      var step2 = tf.assign(mean, tf.math.add(mean, tf.constant(0.25f)));
      var step3 = tf.assign(dense, tf.math.neg(dense));
      try (Session s = new Session(g)) {
        s.runner().addTarget(step1).addTarget(step2).addTarget(step3).run();
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(ROWS, 8, 8, 2), DataBuffers.of(x, true, false));
            Result r = s.runner().feed(images, in).fetch(probs).run()) {
          expected = new float[ROWS * 3];
          r.get(0).asRawTensor().data().asFloats().read(expected);
        }
        SavedModelBundle.exporter(dir.toString()).withSession(s)
            .withSignature(Signature.builder().key("serving_default").input("images", images).output("probs", probs).build())
            .export();
      }
    }

    ModelIr ir = SavedModelImporter.importModel(ImportRequest.of("own", dir));
    Set<String> ops = ir.graphDef().getNodeList().stream().map(NodeDef::getOp).collect(Collectors.toSet());
    assertTrue(ops.stream().noneMatch(o -> o.startsWith("FusedBatchNorm") || o.startsWith("Variable") || o.equals("Assign")),
        ops.toString());
    assertEquals(2, ir.layers().size(), ir.layers().toString());
    assertArrayEquals(new long[] {3, 3, 2, 4}, ir.layers().get(0).weightShape());
    assertArrayEquals(new long[] {256, 3}, ir.layers().get(1).weightShape());
    assertEquals(72 + 4 + 768 + 3, ir.parameterCount(), "conv weight + folded BN bias + dense weight + bias");

    float[][] rows = new float[ROWS][WIDTH];
    for (int i = 0; i < ROWS; i++) {
      System.arraycopy(x, i * WIDTH, rows[i], 0, WIDTH);
    }
    float[][] fromSignature;
    try (SignaturePredictor p = SignaturePredictor.open(ImportRequest.of("own", dir))) {
      fromSignature = p.predict(rows, List.of());
    }
    try (IrPredictor p = new IrPredictor(ir)) {
      float[][] fromIr = p.predict(rows, List.of());
      float maxDiffTrained = 0;
      for (int i = 0; i < ROWS; i++) {
        for (int j = 0; j < 3; j++) {
          maxDiffTrained = Math.max(maxDiffTrained, Math.abs(fromIr[i][j] - expected[i * 3 + j]));
        }
      }
      assertTrue(maxDiffTrained <= 1e-5f, "IR differs from the trained session by " + maxDiffTrained);
      assertTrue(SharedData.maxAbsDiff(fromSignature, fromIr) <= 1e-5f);
    }
  }
}
