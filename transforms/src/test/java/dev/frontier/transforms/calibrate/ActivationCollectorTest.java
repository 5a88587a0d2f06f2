package dev.frontier.transforms.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.calibrate.ActivationRanges.Range;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.LayerInfo;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.NodeDef;

class ActivationCollectorTest {
  private static final String MLP_PREFIX = "StatefulPartitionedCall/StatefulPartitionedCall/sequential/";
  private static final String MLP_PIXELS = MLP_PREFIX + "flatten/Reshape:0";
  private static final String MLP_HIDDEN = MLP_PREFIX + "dense/Relu:0";
  private static final int CALIBRATION_ROWS = 300;

  @BeforeAll
  static void sharedData() {
    assumeTrue(SharedFixtures.available(), "shared models and MNIST not found");
  }

  @Test
  void mlpTapsAreTheFlattenedPixelsAndTheHiddenRelu() {
    ModelIr ir = SharedFixtures.mlp();
    ActivationTaps taps = ActivationTaps.of(ir);
    assertEquals(List.of(MLP_PIXELS, MLP_HIDDEN), taps.tensorNames());
    Dataset rows = SharedFixtures.mnistHead(3);
    try (ActivationCollector c = new ActivationCollector(ir, taps)) {
      Map<String, float[]> v = c.activations(rows.features(), rows.featureNames());
      float[] pixels = new float[3 * 784];
      for (int i = 0; i < 3; i++) {
        System.arraycopy(rows.features()[i], 0, pixels, i * 784, 784);
      }
      assertArrayEquals(pixels, v.get(MLP_PIXELS), "the first layer reads the flattened pixels");
      float[] hidden = reluDense(ir, ir.layers().get(0), rows.features());
      float[] got = v.get(MLP_HIDDEN);
      for (int i = 0; i < hidden.length; i++) {
        assertEquals(hidden[i], got[i], 1e-4, "relu(x·W + b) at " + i);
      }
    }
  }

  /** relu(x·W + b) of a Dense layer, from its Const weight and the Const bias of its BiasAdd. */
  private static float[] reluDense(ModelIr ir, LayerInfo layer, float[][] x) {
    Map<String, NodeDef> byName = new HashMap<>();
    ir.graphDef().getNodeList().forEach(n -> byName.put(n.getName(), n));
    float[] w = ConstTensors.floats(ConstTensors.value(byName.get(layer.weightNodeName())));
    NodeDef biasAdd = ir.graphDef().getNodeList().stream()
        .filter(n -> n.getOp().equals("BiasAdd") && TensorNames.nodeName(n.getInput(0)).equals(layer.name()))
        .findFirst().orElseThrow();
    float[] b = ConstTensors.floats(ConstTensors.value(byName.get(TensorNames.nodeName(biasAdd.getInput(1)))));
    int in = (int) layer.weightShape()[0];
    int out = (int) layer.weightShape()[1];
    float[] y = new float[x.length * out];
    for (int r = 0; r < x.length; r++) {
      for (int o = 0; o < out; o++) {
        double s = b[o];
        for (int i = 0; i < in; i++) {
          s += x[r][i] * w[i * out + o];
        }
        y[r * out + o] = (float) Math.max(0, s);
      }
    }
    return y;
  }

  @Test
  void mlpMinmaxRangesArePixelsZeroToOneAndReluFromZero() {
    ActivationRanges r = Calibrator.calibrate(SharedFixtures.mlp(), SharedFixtures.mnistHead(CALIBRATION_ROWS),
        CALIBRATION_ROWS, "minmax", CalibrationParams.DEFAULTS);
    assertEquals(new Range(0f, 1f), r.of(MLP_PIXELS));
    assertEquals(0f, r.of(MLP_HIDDEN).min());
    assertTrue(r.of(MLP_HIDDEN).max() > 1, r.toString());
    assertEquals("minmax", r.method());
    assertEquals(CALIBRATION_ROWS, r.samples());
    for (String m : List.of("percentile", "entropy", "mse")) {
      ActivationRanges other = Calibrator.calibrate(SharedFixtures.mlp(), SharedFixtures.mnistHead(CALIBRATION_ROWS),
          CALIBRATION_ROWS, m, CalibrationParams.DEFAULTS);
      print(SharedFixtures.MNIST_MLP, other);
      for (String t : List.of(MLP_PIXELS, MLP_HIDDEN)) {
        Range g = other.of(t);
        assertTrue(g.min() == 0f && g.max() > 0 && g.max() <= r.of(t).max(), m + " " + t + ": " + g);
      }
    }
  }

  @Test
  void convTapsEveryLayerInputAndOnRequestTheOutputs() {
    ModelIr ir = SharedFixtures.conv();
    assertEquals(List.of("Features:0", "Relu:0", "Relu_1:0", "Reshape:0", "dropout/mul:0"),
        ActivationTaps.of(ir).tensorNames());
    ActivationTaps both = ActivationTaps.inputsAndOutputs(ir);
    assertEquals(List.of("Features:0", "Relu:0", "Relu_1:0", "Reshape:0", "dropout/mul:0", "Relu_2:0", "Relu_3:0",
        "add_4:0"), both.tensorNames());
    assertEquals("add_4:0", both.layerOutputs().get("MatMul_1"), "no ReLU after the last layer: its biased logits");

    Dataset rows = SharedFixtures.mnistHead(CALIBRATION_ROWS);
    CalibrationStatistics stats = Calibrator.statistics(ir, both, rows, CALIBRATION_ROWS, TensorStatistics.DEFAULT_BINS);
    ActivationRanges minmax = Calibrator.ranges(stats, "minmax", CalibrationParams.DEFAULTS);
    assertEquals(new Range(0f, 1f), minmax.of("Features:0"));
    for (String relu : List.of("Relu:0", "Relu_1:0", "Reshape:0", "dropout/mul:0", "Relu_2:0", "Relu_3:0")) {
      assertEquals(0f, minmax.of(relu).min(), relu);
    }
    assertTrue(minmax.of("add_4:0").min() < 0 && minmax.of("add_4:0").max() > 0, "logits are signed");
    print(SharedFixtures.MNIST_CONV, minmax);
    for (String m : List.of("percentile", "entropy", "mse")) {
      ActivationRanges r = Calibrator.ranges(stats, m, CalibrationParams.DEFAULTS);
      print(SharedFixtures.MNIST_CONV, r);
      for (String t : both.tensorNames()) {
        Range g = r.of(t);
        Range all = minmax.of(t);
        assertTrue(g.min() >= all.min() && g.max() <= all.max() && g.max() > 0, m + " " + t + ": " + g);
      }
    }
  }

  @Test
  void statisticsDoNotDependOnTheBatchSize() {
    ModelIr ir = SharedFixtures.conv();
    ActivationTaps taps = ActivationTaps.of(ir);
    Dataset rows = SharedFixtures.mnistHead(40);
    CalibrationStatistics small = CalibrationStatistics.empty(taps);
    try (ActivationCollector c = new ActivationCollector(ir, taps, 7)) {
      c.collect(rows.features(), rows.featureNames(), small);
    }
    SameStatistics.assertSame(Calibrator.statistics(ir, taps, rows, 40, TensorStatistics.DEFAULT_BINS), small);
    assertEquals(40, small.rowsSeen());
    assertEquals(40L * 784, small.tensors().get("Features:0").count());
  }

  private static void print(String model, ActivationRanges r) {
    StringBuilder s = new StringBuilder(model + " " + r.method() + " (" + r.samples() + " rows):");
    r.ranges().forEach((t, g) -> s.append(String.format(" %s [%.4g, %.4g]", t.replace(MLP_PREFIX, ""), g.min(), g.max())));
    System.out.println(s);
  }

  @Test
  void tapsOfAnotherModelAreRejected() {
    ActivationTaps conv = ActivationTaps.of(SharedFixtures.conv());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ActivationCollector(SharedFixtures.mlp(), conv).close());
    assertTrue(e.getMessage().contains(SharedFixtures.MNIST_CONV) && e.getMessage().contains(SharedFixtures.MNIST_MLP),
        e.getMessage());
  }
}
