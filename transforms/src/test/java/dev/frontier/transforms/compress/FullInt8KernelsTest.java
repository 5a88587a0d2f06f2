package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;

/**
 * The integer artifact: weights stored as qint8 (the levels TF's QuantizeV2 gives), the int32 bias with the
 * zero-point correction, integer ops that compute the exact accumulator (checked against Java integer
 * arithmetic, for MatMul and VALID / strided-SAME Conv2D, inputs with and without a zero-point), outputs
 * agreeing with the simulated graph, and the layers that stay float reported with their reasons.
 */
class FullInt8KernelsTest {
  private final Random random = new Random(9);
  private final ModelIr chain = Int8TestGraphs.convChain("chain", random);
  private final float[][] signedRows = Int8TestGraphs.rows(random, 40, 8 * 8 * 3, -1f, 1.5f);
  private final ActivationRanges chainRanges = Int8TestSupport.minMaxRanges(chain, signedRows);

  @Test
  void dequantizingOpsComputeTheExactAccumulator() {
    checkAccumulators(chain, signedRows);
    // non-negative inputs, so that the SAME convolutions are quantized; the concatenation dequantizes a and b
    ModelIr concat = Int8TestGraphs.concatChain("concat", random);
    checkAccumulators(concat, Int8TestGraphs.rows(random, 40, 8 * 8 * 3, 0f, 1f));
    // non-negative inputs and conv weights: the depthwise input has zero-point 0; both layers dequantize
    ModelIr depthwise = TestGraphs.convNet("depthwise", abs(TestGraphs.gaussian(random, 3 * 3 * 2 * 4, 0.3f)),
        new long[] {3, 3, 2, 4}, TestGraphs.gaussian(random, 3 * 3 * 4, 0.3f), new long[] {3, 3, 4, 1});
    checkAccumulators(depthwise, Int8TestGraphs.rows(random, 40, 5 * 5 * 2, 0f, 1f));
  }

  private static float[] abs(float[] values) {
    float[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.abs(out[i]);
    }
    return out;
  }

  /** Every quantized layer whose output is dequantized: its accumulator equals Java's integer arithmetic. */
  private void checkAccumulators(ModelIr ir, float[][] rows) {
    ActivationRanges ranges = Int8TestSupport.minMaxRanges(ir, rows);
    for (Granularity granularity : Granularity.values()) {
      Int8Plan plan = Int8Plan.of(ir, ranges, granularity, FullInt8Kernels.ACTIVATION_BITS, List.of());
      Int8Artifact artifact = FullInt8Kernels.build(ir, plan);
      ModelIr kernels = artifact.ir();
      List<Int8Layer> dequantized = plan.integerLayers().stream()
          .filter(l -> artifact.dequantizedOutputs().containsKey(l.name())).toList();
      assertTrue(dequantized.stream().anyMatch(l -> "Conv2D".equals(l.node().getOp())) || ir == chain,
          "a dequantized Conv2D is checked: " + artifact.dequantizedOutputs());
      for (Int8Layer l : dequantized) {
        String accumulator = l.bias() == null ? l.name() + "/int8/accumulator:0" : l.name() + ":0";
        // the layer's float input as the simulated graph computes it: what the kernel graph's levels stand for
        float[] x = Int8TestSupport.fetch(FullInt8Simulated.simulate(ir, plan), rows,
            List.of(l.node().getInput(0) + ":0")).values().iterator().next();
        long[] expected = IntegerReference.accumulators(l, x, rows.length);
        float[] actual = Int8TestSupport.fetch(kernels, rows, List.of(accumulator)).get(accumulator);
        assertEquals(expected.length, actual.length, l.name());
        for (int i = 0; i < expected.length; i++) {
          assertEquals((float) expected[i], actual[i], 0f, granularity + " " + l.name() + " accumulator " + i);
        }
      }
      assertTrue(ir != chain || plan.integerLayers().get(0).input().zeroPoint() > 0, "conv1's input straddles 0");
    }
  }

  @Test
  void outputsAgreeWithTheSimulatedGraph() {
    for (Granularity granularity : Granularity.values()) {
      ModelIr sim = FullInt8Simulated.simulate(chain, chainRanges, granularity);
      Int8Artifact artifact = FullInt8Kernels.build(chain, chainRanges, granularity);
      assertEquals(List.of(), artifact.floatLayers());
      float[][] a = Int8TestSupport.predict(sim, signedRows);
      float[][] b = Int8TestSupport.predict(artifact.ir(), signedRows);
      float scale = 0;
      for (float[] row : a) {
        for (float v : row) {
          scale = Math.max(scale, Math.abs(v));
        }
      }
      for (int i = 0; i < a.length; i++) {
        assertEquals(0f, Int8TestSupport.maxAbsDiff(a[i], b[i]), 1e-5f * scale, granularity + " row " + i);
      }
    }
  }

  @Test
  void weightsAreStoredAsQint8LevelsAndBiasesAsInt32() {
    ModelIr mlp = TestGraphs.randomMlp("mlp", random, 256, 64, 10);
    float[][] rows = Int8TestGraphs.rows(random, 32, 256, 0f, 1f);
    ActivationRanges ranges = Int8TestSupport.minMaxRanges(mlp, rows);
    Int8Artifact artifact = FullInt8Kernels.build(mlp, ranges, Granularity.PER_TENSOR);
    float[] w = ConstTensors.floats(TfOracles.constValue(mlp, "layer0/kernel"));
    TensorProto stored = TfOracles.constValue(artifact.ir(), "layer0/kernel");
    assertEquals(DataType.DT_QINT8, stored.getDtype());
    float maxAbs = 0;
    for (float v : w) {
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    assertArrayEquals(TfOracles.quantizeV2Int8(w, maxAbs), stored.getTensorContent().toByteArray());
    TensorProto bias = TfOracles.constValue(artifact.ir(), "layer0/bias");
    assertEquals(DataType.DT_QINT32, bias.getDtype());
    Int8Layer l = Int8Plan.of(mlp, ranges, Granularity.PER_TENSOR, FullInt8Kernels.ACTIVATION_BITS, List.of())
        .integerLayers().get(0);
    assertEquals(0, l.input().zeroPoint(), "non-negative input: no correction");
    assertArrayEquals(l.biasLevels(), ints(bias.getTensorContent().toByteArray()));
    double ratio = artifact.ir().graphDefSizeBytes() / (double) mlp.graphDefSizeBytes();
    assertTrue(ratio < 0.35, "size ratio " + ratio);
  }

  @Test
  void layersWithoutAnExactIntegerMappingStayFloatWithTheirReason() {
    Random r = new Random(4);
    ModelIr net = TestGraphs.convNet("net", TestGraphs.gaussian(r, 3 * 3 * 2 * 4, 0.3f), new long[] {3, 3, 2, 4},
        TestGraphs.gaussian(r, 3 * 3 * 4 * 2, 0.3f), new long[] {3, 3, 4, 2});
    float[][] rows = Int8TestGraphs.rows(r, 8, 50, -1f, 1f);
    Int8Artifact artifact = FullInt8Kernels.build(net, Int8TestSupport.minMaxRanges(net, rows), Granularity.PER_CHANNEL);
    assertEquals(List.of("conv/Conv2D", "depthwise/conv"), artifact.floatLayers());
    assertTrue(artifact.floatLayerReasons().get("depthwise/conv").contains("channel multiplier 2"),
        artifact.floatLayerReasons().toString());
    assertTrue(artifact.floatLayerReasons().get("conv/Conv2D").contains("SAME padding would pad with level 0"),
        artifact.floatLayerReasons().toString());
    assertEquals(net.graphDef(), artifact.ir().graphDef(), "nothing to quantize: the graph is unchanged");
  }

  private static int[] ints(byte[] littleEndian) {
    int[] out = new int[littleEndian.length / Integer.BYTES];
    ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
    return out;
  }
}
