package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorNames;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.NodeDef;

/**
 * The simulated graph: FakeQuant on every quantized layer's input with the calibrated (widened) range and
 * {@link FullInt8Kernels#ACTIVATION_BITS} bits; weights equal TF QuantizeV2's int8 levels times the scale;
 * the bias equals {@code round(b / (s_in · s_w)) · s_in · s_w} exactly in float; the whole layer equals the
 * integer arithmetic computed independently in Java; depthwise layers, kept layers and missing ranges.
 */
class FullInt8SimulatedTest {
  private static final String LAYER0 = "layer0/MatMul";
  private static final String LAYER1 = "layer1/MatMul";
  private final Random random = new Random(5);
  private final ModelIr mlp = TestGraphs.randomMlp("mlp", random, 12, 6, 3);
  private final float[][] rows = Int8TestGraphs.rows(random, 64, 12, -1f, 2f);
  private final ActivationRanges ranges = Int8TestSupport.minMaxRanges(mlp, rows);

  @Test
  void everyLayerReadsItsInputThroughFakeQuantWithTheCalibratedRange() {
    ModelIr sim = FullInt8Simulated.simulate(mlp, ranges, Granularity.PER_CHANNEL);
    for (String layer : List.of(LAYER0, LAYER1)) {
      NodeDef node = TfOracles.node(sim, layer);
      NodeDef fq = TfOracles.node(sim, TensorNames.nodeName(node.getInput(0)));
      assertEquals("FakeQuantWithMinMaxVars", fq.getOp());
      assertEquals(FullInt8Kernels.ACTIVATION_BITS, fq.getAttrOrThrow("num_bits").getI());
      assertFalse(fq.getAttrOrThrow("narrow_range").getB());
      ActivationRanges.Range r = ranges.of(TensorNames.withIndex(TfOracles.node(mlp, layer).getInput(0)));
      assertEquals(Math.min(r.min(), 0f), ConstTensors.floats(TfOracles.constValue(sim, TensorNames.nodeName(fq.getInput(1))))[0]);
      assertEquals(Math.max(r.max(), 0f), ConstTensors.floats(TfOracles.constValue(sim, TensorNames.nodeName(fq.getInput(2))))[0]);
    }
    assertTrue(ranges.of("x:0").min() < 0, "the first layer's input straddles 0: a non-zero zero-point");
  }

  @Test
  void weightsAreTfQuantizeV2LevelsTimesTheScale() {
    ModelIr sim = FullInt8Simulated.simulate(mlp, ranges, Granularity.PER_TENSOR);
    // layer0 reads the float input (±127 weights); per-tensor layer0 hands its levels to layer1 (±63 weights)
    Map<String, Integer> maxLevel = Map.of("layer0/kernel", 127, "layer1/kernel", FullInt8Kernels.HANDED_ON_WEIGHT_MAX_LEVEL);
    for (String weight : List.of("layer0/kernel", "layer1/kernel")) {
      float[] w = ConstTensors.floats(TfOracles.constValue(mlp, weight));
      float maxAbs = maxAbs(w);
      int top = maxLevel.get(weight);
      float[] graph = ConstTensors.floats(TfOracles.constValue(sim, weight));
      if (top == 127) {
        byte[] levels = TfOracles.quantizeV2Int8(w, maxAbs);
        for (int i = 0; i < w.length; i++) {
          assertEquals(levels[i] * (maxAbs / 127), graph[i], 0f, weight + "[" + i + "]");
        }
      } else {
        for (int i = 0; i < w.length; i++) {
          long level = Math.round(Math.abs(w[i] * (top / maxAbs))) * (long) Math.signum(w[i]);
          assertEquals(level * (maxAbs / top), graph[i], 0f, weight + "[" + i + "]");
        }
      }
    }
  }

  @Test
  void biasIsOnTheInt32GridExactlyInFloat() {
    for (Granularity granularity : Granularity.values()) {
      ModelIr sim = FullInt8Simulated.simulate(mlp, ranges, granularity);
      for (int layer = 0; layer < 2; layer++) {
        boolean handedOn = layer == 1 && granularity == Granularity.PER_TENSOR; // per-channel dense layers dequantize
        float inputScale = ActivationGrid.of(ranges.of(layer == 0 ? "x:0" : "Relu:0"),
            handedOn ? FullInt8Kernels.HANDED_ON_ACTIVATION_BITS : FullInt8Kernels.ACTIVATION_BITS).scale();
        int top = handedOn ? FullInt8Kernels.HANDED_ON_WEIGHT_MAX_LEVEL : 127;
        float[] kernel = ConstTensors.floats(TfOracles.constValue(mlp, "layer" + layer + "/kernel"));
        float[] b = ConstTensors.floats(TfOracles.constValue(mlp, "layer" + layer + "/bias"));
        float[] graph = ConstTensors.floats(TfOracles.constValue(sim, "layer" + layer + "/bias"));
        for (int j = 0; j < b.length; j++) {
          float weightScale = (granularity == Granularity.PER_TENSOR ? maxAbs(kernel) : maxAbsOfColumn(kernel, b.length, j)) / top;
          float accumulatorScale = inputScale * weightScale;
          double q = b[j] / accumulatorScale;
          long level = (long) (Math.signum(q) * Math.floor(Math.abs(q) + 0.5));
          assertEquals(Float.floatToIntBits(level * accumulatorScale), Float.floatToIntBits(graph[j]),
              granularity + " layer" + layer + " bias[" + j + "]");
        }
      }
    }
  }

  @Test
  void aLayerComputesTheIntegerArithmeticOfTheSpec() {
    ModelIr sim = FullInt8Simulated.simulate(mlp, ranges, Granularity.PER_CHANNEL);
    Int8Plan plan = Int8Plan.of(mlp, ranges, Granularity.PER_CHANNEL, FullInt8Kernels.ACTIVATION_BITS, List.of());
    Int8Layer l = plan.integerLayers().get(0);
    float[] out = Int8TestSupport.fetch(sim, rows, List.of("layer0/BiasAdd:0")).get("layer0/BiasAdd:0");
    int channels = l.channels();
    byte[] w = l.weights().levels();
    for (int r = 0; r < rows.length; r++) {
      for (int j = 0; j < channels; j++) {
        long acc = l.biasLevels()[j];
        for (int k = 0; k < rows[r].length; k++) {
          acc += (long) (l.input().level(rows[r][k]) - l.input().zeroPoint()) * w[k * channels + j];
        }
        double expected = acc * (double) l.accumulatorScale(j);
        assertEquals(expected, out[r * channels + j], 1e-5 * Math.max(1, Math.abs(expected)), "row " + r + " channel " + j);
      }
    }
  }

  @Test
  void depthwiseStaysFloatAndConvIsQuantized() {
    Random r = new Random(3);
    ModelIr net = TestGraphs.convNet("net", TestGraphs.gaussian(r, 3 * 3 * 2 * 4, 0.3f), new long[] {3, 3, 2, 4},
        TestGraphs.gaussian(r, 3 * 3 * 4 * 2, 0.3f), new long[] {3, 3, 4, 2});
    ActivationRanges netRanges = Int8TestSupport.minMaxRanges(net, Int8TestGraphs.rows(r, 8, 50, 0f, 1f));
    Int8Plan plan = Int8Plan.of(net, netRanges, Granularity.PER_CHANNEL, FullInt8Kernels.ACTIVATION_BITS, List.of());
    assertEquals(List.of("conv/Conv2D"), plan.integerLayers().stream().map(Int8Layer::name).toList());
    assertEquals(List.of("depthwise/conv"), List.copyOf(plan.floatLayers().keySet()));
    assertTrue(plan.floatLayers().get("depthwise/conv").startsWith("DepthwiseConv2dNative"));
    ModelIr sim = FullInt8Simulated.simulate(net, netRanges, Granularity.PER_CHANNEL);
    assertEquals(TfOracles.node(net, "depthwise/conv"), TfOracles.node(sim, "depthwise/conv"));
    assertEquals(TfOracles.node(net, "depthwise/filter"), TfOracles.node(sim, "depthwise/filter"));
    assertEquals("conv/Conv2D/int8/input", TfOracles.node(sim, "conv/Conv2D").getInput(0));
  }

  @Test
  void keptLayersAreUntouchedAndUnknownNamesFail() {
    ModelIr sim = FullInt8Simulated.simulate(mlp, ranges, Granularity.PER_CHANNEL, List.of(LAYER1));
    assertEquals(TfOracles.node(mlp, LAYER1), TfOracles.node(sim, LAYER1));
    assertEquals(TfOracles.node(mlp, "layer1/kernel"), TfOracles.node(sim, "layer1/kernel"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FullInt8Simulated.simulate(mlp, ranges, Granularity.PER_CHANNEL, List.of("layer9/MatMul")));
    assertEquals("int8: model 'mlp' has no layer 'layer9/MatMul' (skipLayers); its layers are [layer0/MatMul, layer1/MatMul]",
        e.getMessage());
  }

  @Test
  void aTensorWithoutARangeIsAClearError() {
    ActivationRanges partial = new ActivationRanges("minmax", 64, Map.of("x:0", ranges.of("x:0")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FullInt8Simulated.simulate(mlp, partial, Granularity.PER_CHANNEL));
    assertEquals("int8: model 'mlp': no calibrated range for tensor 'Relu:0' (minmax calibration has [x:0])", e.getMessage());
    ActivationRanges withoutIndex = new ActivationRanges("minmax", 64, Map.of("x", ranges.of("x:0"), "Relu", ranges.of("Relu:0")));
    assertEquals(FullInt8Simulated.simulate(mlp, ranges, Granularity.PER_CHANNEL).graphDef(),
        FullInt8Simulated.simulate(mlp, withoutIndex, Granularity.PER_CHANNEL).graphDef(), "names without :0 are found too");
  }

  private static float maxAbs(float[] v) {
    float m = 0;
    for (float x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  private static float maxAbsOfColumn(float[] rowMajor, int columns, int column) {
    float m = 0;
    for (int i = column; i < rowMajor.length; i += columns) {
      m = Math.max(m, Math.abs(rowMajor[i]));
    }
    return m;
  }
}
