package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.calibrate.ActivationTaps;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.BatchedPredictions;
import dev.frontier.transforms.measure.TopOne;
import dev.frontier.transforms.model.IrPredictor;
import dev.frontier.transforms.model.LayerInfo;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bias correction on the real MNIST MLP (mnist-mlp-csdai0324): corrected on the first 500 test rows, judged
 * on the other 9,500 (held out). The measure the correction targets is the mean output error: per logit (the
 * last layer's output after its bias, before softmax), the mean over rows of (compressed − float), whose size
 * the correction must shrink on held-out rows.
 * Each case prints top-1 before and after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BiasCorrectionTest {
  private static final int CORRECTION_ROWS = 500;
  private static final int BATCH_ROWS = 1000;

  private ModelIr floatIr;
  private Dataset correctionRows;
  private Dataset heldOut;
  private float[][] floatLogits;

  @BeforeAll
  void load() {
    floatIr = SharedFixtures.mlp();
    Dataset all = SharedFixtures.mnist();
    correctionRows = all.select("correction", IntStream.range(0, CORRECTION_ROWS).toArray());
    heldOut = all.select("held-out", IntStream.range(CORRECTION_ROWS, all.size()).toArray());
    floatLogits = logits(floatIr, heldOut);
  }

  private static ModelIr globalMagnitude(ModelIr ir, double sparsity) {
    return ConfiguredMethod.of(MagnitudePruning.NAME,
        MethodParameters.builder().sparsity(sparsity).scope(PruningScope.GLOBAL).build()).applyTo(ir);
  }

  private ModelIr correct(ModelIr compressed) {
    return BiasCorrection.correct(floatIr, compressed, correctionRows.features(), correctionRows.featureNames());
  }

  /** The last layer's output after its bias (the logits), one row per input row. */
  private float[][] logits(ModelIr ir, Dataset rows) {
    LayerInfo last = floatIr.layers().get(floatIr.layers().size() - 1);
    TensorSpec out = ir.primaryOutput();
    TensorSpec logits = new TensorSpec(out.key(), ActivationTaps.outputTensor(ir, last), out.dataType(), out.shape());
    ModelIr upToLogits = ModelIr.of(ir.modelId(), ir.graphDef(), ir.inputs(), List.of(logits));
    float[][] values = new float[rows.size()][];
    try (IrPredictor p = new IrPredictor(upToLogits)) {
      for (int start = 0; start < rows.size(); start += BATCH_ROWS) {
        int end = Math.min(rows.size(), start + BATCH_ROWS);
        float[][] batch = p.predict(Arrays.copyOfRange(rows.features(), start, end), rows.featureNames());
        System.arraycopy(batch, 0, values, start, batch.length);
      }
    }
    return values;
  }

  /** Mean over logits of |mean over held-out rows of (compressed − float)|. */
  private double meanOutputError(ModelIr ir) {
    float[][] s = logits(ir, heldOut);
    int outputs = s[0].length;
    double total = 0;
    for (int j = 0; j < outputs; j++) {
      double shift = 0;
      for (int i = 0; i < s.length; i++) {
        shift += s[i][j] - floatLogits[i][j];
      }
      total += Math.abs(shift / s.length);
    }
    return total / outputs;
  }

  private double accuracy(ModelIr ir) {
    try (IrPredictor p = new IrPredictor(ir)) {
      return TopOne.accuracy(BatchedPredictions.topOne(p, heldOut, BATCH_ROWS), heldOut.labels());
    }
  }

  private ModelIr correctSpread(ModelIr compressed) {
    return BiasCorrection.correctMeanAndSpread(floatIr, compressed, correctionRows.features(),
        correctionRows.featureNames());
  }

  @Test
  void reducesTheMeanOutputErrorOfPrunedGraphsOnHeldOutRows() {
    for (double sparsity : new double[] {0.5, 0.75, 0.9}) {
      ModelIr pruned = globalMagnitude(floatIr, sparsity);
      ModelIr mean = correct(pruned);
      ModelIr spread = correctSpread(pruned);
      double before = meanOutputError(pruned);
      System.out.printf("magnitude %.2f global: mean logit error %.5f, bias-corrected %.5f, variance-corrected %.5f; "
          + "held-out top-1 %.4f, %.4f, %.4f (float %.4f)%n", sparsity, before, meanOutputError(mean),
          meanOutputError(spread), accuracy(pruned), accuracy(mean), accuracy(spread), accuracy(floatIr));
      assertTrue(meanOutputError(mean) < before / 2, "bias correction at sparsity " + sparsity);
      assertTrue(meanOutputError(spread) < before / 2, "variance correction at sparsity " + sparsity);
    }
  }

  @Test
  void aSecondPassIsAFixedPoint() {
    ModelIr pruned = globalMagnitude(floatIr, 0.9);
    for (boolean spread : new boolean[] {false, true}) {
      ModelIr once = spread ? correctSpread(pruned) : correct(pruned);
      ModelIr twice = spread ? correctSpread(once) : correct(once);
      float[][] a = logits(once, correctionRows);
      float[][] b = logits(twice, correctionRows);
      for (int i = 0; i < a.length; i++) {
        assertArrayEquals(a[i], b[i], 1e-3f, (spread ? "variance" : "bias") + " correction row " + i);
      }
    }
  }

  @Test
  void keepsEveryPrunedWeightZero() {
    ModelIr pruned = globalMagnitude(floatIr, 0.75);
    ModelIr spread = correctSpread(pruned);
    List<LayerWeights.Weight> before = LayerWeights.read("test", pruned);
    List<LayerWeights.Weight> after = LayerWeights.read("test", spread);
    long rescaled = 0;
    for (int w = 0; w < before.size(); w++) {
      float[] b = before.get(w).values();
      float[] a = after.get(w).values();
      for (int i = 0; i < b.length; i++) {
        assertEquals(b[i] == 0f, a[i] == 0f, "weight " + before.get(w).nodeName() + "[" + i + "]");
        rescaled += b[i] != a[i] ? 1 : 0;
      }
    }
    assertTrue(rescaled > 0, "variance correction rescales surviving weights");
  }

  @Test
  void reducesTheMeanOutputErrorOfInt4WeightsOnHeldOutRows() {
    ModelIr quantized = ConfiguredMethod.of(Int4GroupWeights.NAME,
        MethodParameters.builder().groupSize(128).build()).applyTo(globalMagnitude(floatIr, 0.75));
    ModelIr corrected = correct(quantized);
    double before = meanOutputError(quantized);
    double after = meanOutputError(corrected);
    System.out.printf("bias correction, int4 g128 + magnitude 0.75 global: mean output error %.5f -> %.5f, "
        + "held-out top-1 %.4f -> %.4f%n", before, after, accuracy(quantized), accuracy(corrected));
    assertTrue(after < before, "error " + before + " -> " + after);
  }

  @Test
  void changesOnlyBiasesAndIsDeterministic() {
    ModelIr pruned = globalMagnitude(floatIr, 0.75);
    ModelIr a = correct(pruned);
    ModelIr b = correct(pruned);
    assertArrayEquals(a.graphDefBytes(), b.graphDefBytes());
    assertEquals(pruned.graphDef().getNodeCount(), a.graphDef().getNodeCount());
    int changed = 0;
    for (int i = 0; i < pruned.graphDef().getNodeCount(); i++) {
      var before = pruned.graphDef().getNode(i);
      var after = a.graphDef().getNode(i);
      assertEquals(before.getName(), after.getName());
      if (!before.equals(after)) {
        changed++;
        assertTrue(after.getName().toLowerCase().contains("bias"), "changed a non-bias node " + after.getName());
      }
    }
    assertEquals(floatIr.layers().size(), changed, "one bias per layer corrected");
  }

  @Test
  void leavesTheFloatGraphAlone() {
    ModelIr same = correct(floatIr);
    for (int i = 0; i < floatIr.graphDef().getNodeCount(); i++) {
      assertEquals(floatIr.graphDef().getNode(i).getName(), same.graphDef().getNode(i).getName());
    }
    float[][] s = logits(same, heldOut);
    for (int i = 0; i < 100; i++) {
      assertArrayEquals(floatLogits[i], s[i], 1e-4f);
    }
  }
}
