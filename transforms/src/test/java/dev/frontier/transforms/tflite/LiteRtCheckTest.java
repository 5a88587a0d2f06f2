package dev.frontier.transforms.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.compress.Granularity;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.TopOne;
import dev.frontier.transforms.model.ImportRequest;
import dev.frontier.transforms.model.IrPredictor;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.SavedModelImporter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Written files run in LiteRT itself (through Node, {@link LiteRtRunner}): the oracle is an interpreter nobody
 * here wrote. These tests fail, with how to install it, when Node.js or the package is missing.
 */
class LiteRtCheckTest {
  private static final int ROWS = 1000;

  private static float[][] tf(ModelIr ir, float[][] rows) {
    try (IrPredictor p = new IrPredictor(ir)) {
      return p.predict(rows, java.util.List.of());
    }
  }

  @Test
  void sharedModelsInFloat32PredictWhatTensorFlowPredicts() {
    assumeTrue(SharedFixtures.available(), "shared models absent");
    LiteRtRunner liteRt = LiteRtRunner.locate();
    Dataset rows = SharedFixtures.mnistHead(ROWS);
    for (String id : new String[] {SharedFixtures.MNIST_MLP, "mnist-mlp-hritikvalluvar", SharedFixtures.MNIST_CONV}) {
      ModelIr ir = SavedModelImporter.importModel(ImportRequest.of(id, SharedFixtures.model(id)));
      int[] tfTop = TopOne.argmax(tf(ir, rows.features()));
      int[] liteTop = TopOne.argmax(liteRt.run(TfliteWriter.write(ir, TfliteScheme.float32(), null), rows.features()));
      double agreement = TopOne.agreement(liteTop, tfTop);
      assertTrue(agreement >= 0.999, id + ": float32 .tflite agrees with TF on " + agreement);
    }
  }

  /** Full-integer files of the MNIST MLP and CNN, calibrated on other rows, stay within 1 pp of float. */
  @Test
  void fullInteger8BitOnTheMnistModelsKeepsTheirAccuracy() {
    assumeTrue(SharedFixtures.available(), "shared models absent");
    Dataset eval = SharedFixtures.mnist().select("eval", java.util.stream.IntStream.range(5000, 5000 + ROWS).toArray());
    LiteRtRunner liteRt = LiteRtRunner.locate();
    for (ModelIr ir : java.util.List.of(SharedFixtures.mlp(), SharedFixtures.conv())) {
      ActivationRanges ranges = TfliteWriterTest.ranges(ir, SharedFixtures.mnistHead(500).features());
      double floatAcc = TopOne.accuracy(TopOne.argmax(tf(ir, eval.features())), eval.labels());
      byte[] file = TfliteWriter.write(ir, TfliteScheme.int8(Granularity.PER_CHANNEL), ranges);
      double int8Acc = TopOne.accuracy(TopOne.argmax(liteRt.run(file, eval.features())), eval.labels());
      assertTrue(int8Acc >= floatAcc - 0.01, ir.modelId() + ": int8 " + int8Acc + " vs float " + floatAcc);
      int floatBytes = TfliteWriter.write(ir, TfliteScheme.float32(), null).length;
      assertTrue(file.length < 0.3 * floatBytes, ir.modelId() + ": " + file.length + " B vs float " + floatBytes + " B");
    }
  }

  /** A layer kept float runs in float32 between DEQUANTIZE and QUANTIZE; the rest stays integer. */
  @Test
  void aLayerKeptFloatRunsInFloatBetweenIntegerLayers() {
    assumeTrue(SharedFixtures.available(), "shared models absent");
    ModelIr ir = SharedFixtures.mlp();
    String first = ir.layers().get(0).name();
    ActivationRanges ranges = TfliteWriterTest.ranges(ir, SharedFixtures.mnistHead(500).features());
    byte[] file = TfliteWriter.write(ir, TfliteScheme.int8(Granularity.PER_CHANNEL, java.util.List.of(first)), ranges);
    tflite.Model m = TfliteFiles.parse(file);
    java.util.List<Integer> codes = TfliteFiles.opCodes(m);
    assertEquals(java.util.List.of(tflite.BuiltinOperator.QUANTIZE, tflite.BuiltinOperator.RESHAPE,
        tflite.BuiltinOperator.DEQUANTIZE,
        tflite.BuiltinOperator.FULLY_CONNECTED, tflite.BuiltinOperator.QUANTIZE,
        tflite.BuiltinOperator.FULLY_CONNECTED, tflite.BuiltinOperator.SOFTMAX, tflite.BuiltinOperator.DEQUANTIZE), codes);
    tflite.SubGraph g = m.subgraphs(0);
    assertEquals(tflite.TensorType.FLOAT32, g.tensors(g.operators(3).inputs(1)).type());
    assertEquals(tflite.TensorType.INT8, g.tensors(g.operators(5).inputs(1)).type());
    Dataset eval = SharedFixtures.mnistHead(ROWS);
    double floatAcc = TopOne.accuracy(TopOne.argmax(tf(ir, eval.features())), eval.labels());
    double acc = TopOne.accuracy(TopOne.argmax(LiteRtRunner.locate().run(file, eval.features())), eval.labels());
    assertTrue(acc >= floatAcc - 0.01, acc + " vs float " + floatAcc);
  }

  @Test
  void everyMappedOpRunsAsInTensorFlow() {
    ModelIr ir = TfliteTestGraphs.allOps("all-ops", 11);
    float[][] rows = TfliteTestGraphs.rows(50, 72, 12, 1f);
    float[][] expected = tf(ir, rows);
    LiteRtRunner liteRt = LiteRtRunner.locate();
    for (TfliteScheme scheme : new TfliteScheme[] {TfliteScheme.float32(), TfliteScheme.fp16(),
        TfliteScheme.int8Weight(Granularity.PER_CHANNEL)}) {
      float[][] got = liteRt.run(TfliteWriter.write(ir, scheme, null), rows);
      double tolerance = scheme.name().equals(TfliteScheme.FLOAT32) ? 1e-5 : 2e-2;
      for (int i = 0; i < rows.length; i++) {
        assertArrayEquals(expected[i], got[i], (float) tolerance, scheme + " row " + i);
      }
    }
    float[][] int8 = liteRt.run(TfliteWriter.write(ir, TfliteScheme.int8(Granularity.PER_CHANNEL),
        TfliteWriterTest.ranges(ir, rows)), rows);
    for (int i = 0; i < rows.length; i++) {
      assertArrayEquals(expected[i], int8[i], 0.05f, "int8 row " + i);
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  void fullyConnectedMatchesTheIntegerArithmeticExactly(Granularity granularity) {
    for (boolean relu : new boolean[] {false, true}) {
      ModelIr ir = TfliteTestGraphs.dense("fc", 37, 11, relu, 21);
      float[][] calibration = TfliteTestGraphs.rows(200, 37, 22, 1.5f);
      byte[] file = TfliteWriter.write(ir, TfliteScheme.int8(granularity), TfliteWriterTest.ranges(ir, calibration));
      assertExact(file, 37, 300, 23);
    }
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  void conv2dMatchesTheIntegerArithmeticExactly(Granularity granularity) {
    Object[][] cases = {{1, "SAME", true}, {2, "SAME", false}, {2, "VALID", true}};
    for (Object[] c : cases) {
      ModelIr ir = TfliteTestGraphs.conv("conv", 7, 7, 3, 5, 3, (int) c[0], (String) c[1], (boolean) c[2], 31);
      float[][] calibration = TfliteTestGraphs.rows(100, 147, 32, 1f);
      byte[] file = TfliteWriter.write(ir, TfliteScheme.int8(granularity), TfliteWriterTest.ranges(ir, calibration));
      assertExact(file, 147, 100, 33);
    }
  }

  /** Rows of int8 levels fed as their exact float values; LiteRT's output levels equal the reference's. */
  private static void assertExact(byte[] file, int width, int n, long seed) {
    Int8Reference ref = new Int8Reference(file);
    Random r = new Random(seed);
    int[][] levels = new int[n][width];
    float[][] rows = new float[n][width];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < width; j++) {
        levels[i][j] = r.nextInt(256) - 128;
        rows[i][j] = (levels[i][j] - ref.inputZeroPoint()) * ref.inputScale();
      }
    }
    float[][] out = LiteRtRunner.locate().run(file, rows);
    int compared = 0;
    for (int i = 0; i < n; i++) {
      int[] expected = ref.run(levels[i]);
      int[] got = new int[expected.length];
      for (int j = 0; j < got.length; j++) {
        got[j] = Math.round(out[i][j] / ref.outputScale()) + ref.outputZeroPoint();
      }
      assertArrayEquals(expected, got, "row " + i);
      compared += got.length;
    }
    assertTrue(compared > 0);
  }

  @Test
  void aMissingLiteRtSaysHowToInstallIt() {
    String before = System.getProperty("frontier.litert.dir");
    System.setProperty("frontier.litert.dir", "/nonexistent/litert");
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, LiteRtRunner::locate);
      assertEquals("LiteRT check: @litertjs/core is not installed in /nonexistent/litert; " + LiteRtRunner.HOW_TO_INSTALL,
          e.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty("frontier.litert.dir");
      } else {
        System.setProperty("frontier.litert.dir", before);
      }
    }
  }
}
