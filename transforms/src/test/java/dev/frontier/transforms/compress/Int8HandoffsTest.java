package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.model.ModelIr;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

/**
 * Integer all the way through: where a quantized layer hands its output to the next one as levels (conv →
 * bias → ReLU → max pools and reshapes → next layer), the levels the integer artifact computes equal, level by
 * level, both the simulated graph's (its FakeQuant output divided by the grid's scale) and Java integer
 * arithmetic on the exact accumulators; only values within float round-off of a rounding tie may differ.
 * Outputs that cannot stay integer are dequantized, each with its reason.
 */
class Int8HandoffsTest {
  private final Random random = new Random(21);

  @Test
  void convChainHandsLevelsOnAndThemOnlyAtTheLogits() {
    ModelIr chain = Int8TestGraphs.convChain("chain", random);
    float[][] rows = Int8TestGraphs.rows(random, 60, 8 * 8 * 3, -1f, 1.5f);
    for (Granularity granularity : Granularity.values()) {
      Int8Artifact artifact = checkLevels(chain, rows, granularity);
      assertEquals(List.of("dense/MatMul"), List.copyOf(artifact.dequantizedOutputs().keySet()));
      assertEquals(1, countOps(artifact.ir(), "QuantizeV2"), "quantized once, at the input");
      assertEquals(2, countOps(artifact.ir(), "QuantizedConv2DWithBiasAndReluAndRequantize"));
      assertEquals(0, countOps(artifact.ir(), "FakeQuantWithMinMaxVars") - 1, "one FakeQuant: the input's");
    }
  }

  @Test
  void maxPoolingAndInt64ReshapesRunOnLevels() {
    ModelIr chain = Int8TestGraphs.convPoolChain("pool-chain", random);
    float[][] rows = Int8TestGraphs.rows(random, 60, 8 * 8 * 3, 0f, 1f);
    for (Granularity granularity : Granularity.values()) {
      Int8Artifact artifact = checkLevels(chain, rows, granularity);
      assertEquals(List.of("dense/MatMul"), List.copyOf(artifact.dequantizedOutputs().keySet()));
      NodeDef pool = node(artifact.ir(), "pool");
      assertEquals("MaxPool", pool.getOp(), "the MaxPoolV2 runs as MaxPool, its window read from its Consts");
      assertEquals(DataType.DT_UINT8, pool.getAttrOrThrow("T").getType(), "the pool runs on levels");
      assertEquals(List.of(1L, 2L, 2L, 1L), pool.getAttrOrThrow("ksize").getList().getIList());
      assertEquals(DataType.DT_UINT8, node(artifact.ir(), "flatten").getAttrOrThrow("T").getType());
      assertEquals(0, countOps(artifact.ir(), "Relu"), "ReLUs are fused into the requantizing kernels");
    }
  }

  @Test
  void depthwiseSeparableBlocksStayIntegerThroughout() {
    ModelIr separable = Int8TestGraphs.separableChain("separable", random);
    for (Granularity granularity : Granularity.values()) {
      Int8Artifact a = checkLevels(separable, Int8TestGraphs.rows(random, 40, 8 * 8 * 3, 0f, 1f), granularity);
      assertEquals(List.of(), a.floatLayers());
      assertEquals(List.of("dense/MatMul"), List.copyOf(a.dequantizedOutputs().keySet()));
      assertEquals(1, countOps(a.ir(), "QuantizedDepthwiseConv2DWithBiasAndReluAndRequantize"));
      assertEquals(2, countOps(a.ir(), "QuantizedConv2DWithBiasAndReluAndRequantize"));
    }
  }

  @Test
  void denseLayersWithPerTensorWeightsHandLevelsOn() {
    ModelIr mlp = TestGraphs.randomMlp("mlp", random, 20, 16, 12, 5);
    float[][] rows = Int8TestGraphs.rows(random, 50, 20, -1f, 1.5f);
    Int8Artifact perTensor = checkLevels(mlp, rows, Granularity.PER_TENSOR);
    assertEquals(List.of("layer2/MatMul"), List.copyOf(perTensor.dequantizedOutputs().keySet()), "only the logits");
    assertEquals(2, countOps(perTensor.ir(), "QuantizedMatMulWithBiasAndReluAndRequantize"));
    assertEquals(1, countOps(perTensor.ir(), "QuantizeV2"), "quantized once, at the input");
    Int8Artifact perChannel = checkLevels(mlp, rows, Granularity.PER_CHANNEL);
    assertEquals(List.of("layer0/MatMul", "layer1/MatMul", "layer2/MatMul"),
        List.copyOf(perChannel.dequantizedOutputs().keySet()));
    assertTrue(perChannel.dequantizedOutputs().get("layer0/MatMul").contains("one weight range"),
        perChannel.dequantizedOutputs().toString());
  }

  @Test
  void averagePoolingRunsOnLevelsAndRoundsLikeTheSimulatedGraph() {
    ModelIr chain = Int8TestGraphs.convAvgPoolChain("avg-chain", random);
    for (Granularity granularity : Granularity.values()) {
      Int8Artifact a = checkLevels(chain, Int8TestGraphs.rows(random, 60, 8 * 8 * 3, 0f, 1f), granularity);
      assertEquals(List.of("dense/MatMul"), List.copyOf(a.dequantizedOutputs().keySet()), a.dequantizedOutputs().toString());
      assertEquals(1, countOps(a.ir(), "QuantizedAvgPool"), "the average pool runs on levels");
      assertEquals(0, countOps(a.ir(), "AvgPool"));
      assertEquals(2, countOps(a.ir(), "QuantizedConv2DWithBiasAndReluAndRequantize"));
    }
  }

  @Test
  void concatenatedBranchesHandLevelsOnWhenEveryInputIsHandedOn() {
    ModelIr branches = Int8TestGraphs.branchConcatChain("branches", random);
    for (Granularity granularity : Granularity.values()) {
      Int8Artifact a = checkLevels(branches, Int8TestGraphs.rows(random, 40, 8 * 8 * 3, 0f, 1f), granularity);
      assertEquals(List.of("dense/MatMul"), List.copyOf(a.dequantizedOutputs().keySet()), a.dequantizedOutputs().toString());
      assertEquals(3, countOps(a.ir(), "QuantizedConv2DWithBiasAndReluAndRequantize"), "both branches and conv2");
      assertEquals(DataType.DT_UINT8, node(a.ir(), "concat").getAttrOrThrow("T").getType(), "the concat runs on levels");
      assertEquals(2, countOps(a.ir(), "QuantizeV2"), "only the two branches quantize (the model input)");
    }
  }

  @Test
  void outputsThatMeetFloatOnlyOpsAreDequantizedWithTheirReason() {
    ModelIr concat = Int8TestGraphs.concatChain("concat", random);
    Int8Artifact c = checkLevels(concat, Int8TestGraphs.rows(random, 40, 8 * 8 * 3, 0f, 1f), Granularity.PER_CHANNEL);
    assertTrue(c.dequantizedOutputs().get("a/Conv2D").contains("mixed/BiasAdd"), c.dequantizedOutputs().toString());
    assertTrue(c.dequantizedOutputs().get("b/Conv2D").contains("mixed/BiasAdd"), c.dequantizedOutputs().toString());
    assertEquals(List.of("a/Conv2D", "b/Conv2D", "dense/MatMul"), List.copyOf(c.dequantizedOutputs().keySet()),
        "conv2 (no bias) → ReLU → reshape → dense stays integer");
  }

  /**
   * Builds both graphs and compares, for every handoff, the receiving layer's levels in the integer artifact
   * with the simulated graph's and with Java integer arithmetic; the model outputs agree within round-off.
   */
  private static Int8Artifact checkLevels(ModelIr ir, float[][] rows, Granularity granularity) {
    ActivationRanges ranges = Int8TestSupport.minMaxRanges(ir, rows);
    Int8Plan plan = Int8Plan.of(ir, ranges, granularity, FullInt8Kernels.ACTIVATION_BITS, List.of());
    Int8Artifact artifact = FullInt8Kernels.build(ir, plan);
    ModelIr simulated = FullInt8Simulated.simulate(ir, plan);
    Int8Handoffs handoffs = Int8Handoffs.of(ir, plan);
    assertEquals(handoffs.dequantized(), artifact.dequantizedOutputs());
    int compared = 0;
    int ties = 0;
    int tiesRoundedApart = 0;
    for (Int8Handoffs.Handoff h : handoffs.byFrom().values()) {
      Int8Layer to = h.to();
      String levelsName = to.name() + "/int8/levels";
      float[] kernelLevels = Int8TestSupport.fetchLevels(artifact.ir(), rows, levelsName);
      Map<String, float[]> sim = Int8TestSupport.fetch(simulated, rows,
          List.of(FullInt8Simulated.quantizedInput(to) + ":0", to.node().getInput(0) + ":0"));
      float[] fakeQuant = sim.get(FullInt8Simulated.quantizedInput(to) + ":0");
      float[] beforeRounding = sim.get(to.node().getInput(0) + ":0");
      assertEquals(fakeQuant.length, kernelLevels.length, to.name());
      for (int i = 0; i < kernelLevels.length; i++) {
        int simulatedLevel = Math.round(fakeQuant[i] / to.input().scale()) + to.input().zeroPoint();
        double t = beforeRounding[i] / (double) to.input().scale();
        boolean tie = Math.abs(t - Math.floor(t) - 0.5) < IntegerReference.TIE_LEVELS;
        ties += tie ? 1 : 0;
        if (!tie) {
          assertEquals(simulatedLevel, (int) kernelLevels[i], granularity + " " + to.name() + " level " + i);
        } else if (simulatedLevel != (int) kernelLevels[i]) {
          assertEquals(1, Math.abs(simulatedLevel - (int) kernelLevels[i]), "a tie rounds to a neighbour, at most");
          tiesRoundedApart++;
        }
        compared++;
      }
      if (h.path().isEmpty() && h.join() == null) {
        // no pooling between: the levels are the exact accumulators of 'from', rounded to the next grid
        float[] x = Int8TestSupport.fetch(simulated, rows, List.of(h.from().node().getInput(0) + ":0"))
            .values().iterator().next();
        long[] acc = IntegerReference.accumulators(h.from(), x, rows.length);
        for (int i = 0; i < acc.length; i++) {
          long level = IntegerReference.handedOnLevel(h, acc[i], i);
          if (level != IntegerReference.NEAR_TIE) {
            assertEquals(level, (long) kernelLevels[i], granularity + " " + to.name() + " integer level " + i);
          }
        }
      }
    }
    assertTrue(compared > 0 || handoffs.byFrom().isEmpty());
    System.out.printf("%s %s: %d handed-on levels compared, %d within %.0e of a tie, %d of them rounded apart%n",
        ir.modelId(), granularity, compared, ties, IntegerReference.TIE_LEVELS, tiesRoundedApart);
    assertTrue(ties <= 4 * IntegerReference.TIE_LEVELS * compared + 1, ties + " near-ties of " + compared);
    float[][] a = Int8TestSupport.predict(simulated, rows);
    float[][] b = Int8TestSupport.predict(artifact.ir(), rows);
    for (int i = 0; i < a.length; i++) {
      assertEquals(0f, Int8TestSupport.maxAbsDiff(a[i], b[i]), 1e-4f, granularity + " output row " + i);
    }
    return artifact;
  }

  private static NodeDef node(ModelIr ir, String name) {
    return ir.graphDef().getNodeList().stream().filter(n -> n.getName().equals(name)).findFirst().orElseThrow();
  }

  private static long countOps(ModelIr ir, String op) {
    return ir.graphDef().getNodeList().stream().filter(n -> n.getOp().equals(op)).count();
  }
}
