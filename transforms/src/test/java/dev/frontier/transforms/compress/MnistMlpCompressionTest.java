package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.ArtifactSize;
import dev.frontier.transforms.measure.BatchedPredictions;
import dev.frontier.transforms.measure.TopOne;
import dev.frontier.transforms.model.IrPredictor;
import dev.frontier.transforms.model.ModelIr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every method on the real MNIST MLP (mnist-mlp-csdai0324, Dense 784-128-10, float top-1 0.9771 on the
 * 10k test rows): the compressed IR runs through {@link IrPredictor}, keeps accuracy within each method's
 * budget and shrinks the serialized graph. Model and data are loaded once for the class. Each candidate
 * prints one line (accuracy, graph bytes, gzip bytes, weights and non-zero weights).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MnistMlpCompressionTest {
  private static final double FLOAT_ACCURACY = 0.9771;
  private static final int BATCH_ROWS = 1000;
  private static final double INT8_BUDGET = 0.005;
  private static final double FP16_BUDGET = 0.001;
  private static final double PRUNE_HALF_BUDGET = 0.015;
  private static final double INT4_BUDGET = 0.01;
  private static final double INT8_SIZE_RATIO = 0.3;
  private static final double FP16_SIZE_RATIO = 0.55;
  private static final double INT4_SIZE_RATIO = 0.2;
  private static final ConfiguredMethod FLOAT = ConfiguredMethod.of(FloatBaseline.NAME);

  private ModelIr floatIr;
  private Dataset test;
  private double floatAccuracy;

  @BeforeAll
  void load() {
    floatIr = SharedFixtures.mlp();
    test = SharedFixtures.mnist();
    floatAccuracy = evaluate(null, FLOAT, floatIr);
    assertEquals(FLOAT_ACCURACY, floatAccuracy, 0.00005);
  }

  private static ConfiguredMethod globalMagnitude(double sparsity) {
    return ConfiguredMethod.of(MagnitudePruning.NAME,
        MethodParameters.builder().sparsity(sparsity).scope(PruningScope.GLOBAL).build());
  }

  private ModelIr compress(ConfiguredMethod pruning, ConfiguredMethod quantization) {
    return CandidateCompressor.compress(floatIr, pruning, quantization);
  }

  /** Top-1 of {@code ir} on the 10k rows; prints the candidate's line. */
  private double evaluate(ConfiguredMethod pruning, ConfiguredMethod quantization, ModelIr ir) {
    double accuracy;
    try (IrPredictor p = new IrPredictor(ir)) {
      accuracy = TopOne.accuracy(BatchedPredictions.topOne(p, test, BATCH_ROWS), test.labels());
    }
    SizeAccounting.WeightCounts counts = SizeAccounting.weightCounts(ir);
    System.out.printf("%-52s top-1 %.4f (%+.2f pp)  graph %6d B (%.3f×)  gzip %6d B  weights %d, non-zero %d%n",
        (pruning == null ? "" : pruning + " + ") + quantization, accuracy, 100 * (accuracy - FLOAT_ACCURACY),
        ir.graphDefSizeBytes(), sizeRatio(ir), gzipBytes(ir), counts.params(), counts.nonzeroParams());
    return accuracy;
  }

  private double sizeRatio(ModelIr ir) {
    return ir.graphDefSizeBytes() / (double) floatIr.graphDefSizeBytes();
  }

  private static long gzipBytes(ModelIr ir) {
    return ArtifactSize.of(ir.graphDefBytes()).gzipBytes();
  }

  @Test
  void int8PerChannelIsWithinHalfAPointAtUnderAThirdOfTheSize() {
    ConfiguredMethod step = ConfiguredMethod.of(Int8Weights.NAME,
        MethodParameters.builder().granularity(Granularity.PER_CHANNEL).build());
    ModelIr ir = compress(null, step);
    double accuracy = evaluate(null, step, ir);
    assertTrue(Math.abs(accuracy - floatAccuracy) <= INT8_BUDGET, "int8 per-channel " + accuracy);
    assertTrue(sizeRatio(ir) <= INT8_SIZE_RATIO, "size ratio " + sizeRatio(ir));
    assertEquals(SizeAccounting.weightCounts(floatIr).params(), SizeAccounting.weightCounts(ir).params());
  }

  @Test
  void int8PerTensorIsWithinHalfAPoint() {
    ConfiguredMethod step = ConfiguredMethod.of(Int8Weights.NAME,
        MethodParameters.builder().granularity(Granularity.PER_TENSOR).build());
    ModelIr ir = compress(null, step);
    double accuracy = evaluate(null, step, ir);
    assertTrue(Math.abs(accuracy - floatAccuracy) <= INT8_BUDGET, "int8 per-tensor " + accuracy);
    assertTrue(sizeRatio(ir) <= INT8_SIZE_RATIO, "size ratio " + sizeRatio(ir));
  }

  @Test
  void fp16IsWithinATenthOfAPointAtHalfTheSize() {
    ConfiguredMethod step = ConfiguredMethod.of(Fp16Weights.NAME);
    ModelIr ir = compress(null, step);
    double accuracy = evaluate(null, step, ir);
    assertTrue(Math.abs(accuracy - floatAccuracy) <= FP16_BUDGET, "fp16 " + accuracy);
    assertTrue(sizeRatio(ir) <= FP16_SIZE_RATIO, "size ratio " + sizeRatio(ir));
  }

  @Test
  void int4IsUnderAFifthOfTheSize() {
    for (int groupSize : new int[] {32, 128}) {
      ConfiguredMethod step = ConfiguredMethod.of(Int4GroupWeights.NAME, MethodParameters.builder().groupSize(groupSize).build());
      ModelIr ir = compress(null, step);
      double accuracy = evaluate(null, step, ir);
      assertTrue(sizeRatio(ir) <= INT4_SIZE_RATIO, "group " + groupSize + " size ratio " + sizeRatio(ir));
      assertTrue(Math.abs(accuracy - floatAccuracy) <= INT4_BUDGET, "int4 group " + groupSize + " " + accuracy);
    }
  }

  @Test
  void magnitudeHalfGlobalIsWithinOneAndAHalfPoints() {
    ConfiguredMethod half = globalMagnitude(0.5);
    ModelIr ir = compress(half, FLOAT);
    double accuracy = evaluate(half, FLOAT, ir);
    assertTrue(Math.abs(accuracy - floatAccuracy) <= PRUNE_HALF_BUDGET, "magnitude 50% global " + accuracy);
    assertEquals(0.5, SizeAccounting.weightCounts(ir).zeroShare(), 1e-5);
    assertTrue(gzipBytes(ir) < 0.6 * gzipBytes(floatIr), "dense zeros pay off under gzip");
    for (double sparsity : new double[] {0.75, 0.9}) {
      evaluate(globalMagnitude(sparsity), FLOAT, compress(globalMagnitude(sparsity), FLOAT));
    }
    ConfiguredMethod layerHalf = ConfiguredMethod.of(MagnitudePruning.NAME, MethodParameters.builder().sparsity(0.5).build());
    evaluate(layerHalf, FLOAT, compress(layerHalf, FLOAT));
  }

  @Test
  void pruningThenInt8KeepsAtLeastHalfZerosAndCompoundsUnderGzip() {
    ConfiguredMethod prune = globalMagnitude(0.5);
    for (Granularity granularity : Granularity.values()) {
      ConfiguredMethod int8 = ConfiguredMethod.of(Int8Weights.NAME, MethodParameters.builder().granularity(granularity).build());
      ModelIr ir = compress(prune, int8);
      evaluate(prune, int8, ir);
      double zeroShare = SizeAccounting.weightCounts(ir).zeroShare();
      assertTrue(zeroShare >= 0.5, "zero share " + zeroShare);
      assertTrue(gzipBytes(ir) < gzipBytes(compress(null, int8)), "pruning shrinks the gzipped int8 artifact");
    }
    ConfiguredMethod int4 = ConfiguredMethod.of(Int4GroupWeights.NAME);
    for (double sparsity : new double[] {0.5, 0.9}) {
      ModelIr ir = compress(globalMagnitude(sparsity), int4);
      evaluate(globalMagnitude(sparsity), int4, ir);
      assertTrue(SizeAccounting.weightCounts(ir).zeroShare() >= sparsity);
    }
  }
}
