package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.LatencyConfig;
import dev.frontier.transforms.measure.LatencyInput;
import dev.frontier.transforms.measure.LatencyProbe;
import dev.frontier.transforms.measure.LatencyReport;
import dev.frontier.transforms.measure.TopOne;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorNames;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tensorflow.proto.NodeDef;

/**
 * The full-integer scheme on the real MNIST MLP (mnist-mlp-csdai0324) and the TF1 conv model
 * (mnist-conv-tf1-dotnet): min/max ranges calibrated on the first 500 test rows, evaluated on the other
 * 9,500. The simulated graph (accuracy) and the integer-kernel graph (size, latency) agree on ≥ 99.5 % of
 * top-1 predictions; per-channel simulated accuracy is within 0.5 pp of float; the integer graph is at most
 * 0.35× the float GraphDef. Each model prints one line per granularity plus an informational latency line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FullInt8MnistTest {
  private static final int CALIBRATION_ROWS = 500;
  private static final double MIN_AGREEMENT = 0.995;
  private static final double ACCURACY_BUDGET = 0.005;
  private static final double MAX_SIZE_RATIO = 0.35;
  private static final LatencyConfig LATENCY = new LatencyConfig(5, 20, new int[] {1, 32});

  private float[][] calibration;
  private float[][] evaluation;
  private int[] labels;

  @BeforeAll
  void split() {
    Dataset test = SharedFixtures.mnist();
    calibration = Arrays.copyOfRange(test.features(), 0, CALIBRATION_ROWS);
    evaluation = Arrays.copyOfRange(test.features(), CALIBRATION_ROWS, test.size());
    labels = Arrays.copyOfRange(test.labels(), CALIBRATION_ROWS, test.size());
  }

  @Test
  void mlpRunsEveryLayerOnIntegerKernels() {
    ModelIr floatIr = SharedFixtures.mlp();
    CompressedCandidate c = checkAndReport(floatIr, Granularity.PER_CHANNEL);
    assertEquals(List.of(), c.floatLayers());
    assertEquals(2, countOps(c.shipped(), "QuantizedMatMulWithBiasAndDequantize"));
    checkAndReport(floatIr, Granularity.PER_TENSOR);
    reportLatency(floatIr, c.shipped());
  }

  @Test
  void convModelRunsEveryLayerOnIntegerKernels() {
    ModelIr floatIr = Int8TestSupport.mnistConv();
    CompressedCandidate c = checkAndReport(floatIr, Granularity.PER_CHANNEL);
    assertEquals(List.of(), c.floatLayers());
    assertEquals(3, countOps(c.shipped(), "QuantizedConv2DWithBiasAndReluAndRequantize"), "every conv hands on levels");
    assertEquals(0, countOps(c.shipped(), "QuantizedConv2DWithBias"));
    assertEquals(2, countOps(c.shipped(), "QuantizedMatMulWithBiasAndDequantize"));
    assertEquals(2, countOps(c.shipped(), "QuantizeV2"), "quantized at the input and after the dequantizing dense 200");
    checkAndReport(floatIr, Granularity.PER_TENSOR);
    reportLatency(floatIr, c.shipped());
  }

  /** Compresses, checks agreement and size (and accuracy for per-channel), prints the candidate's line. */
  private CompressedCandidate checkAndReport(ModelIr floatIr, Granularity granularity) {
    ActivationRanges ranges = Int8TestSupport.minMaxRanges(floatIr, calibration);
    ConfiguredMethod int8 = ConfiguredMethod.of(FullInt8.NAME, MethodParameters.builder().granularity(granularity).build());
    CompressedCandidate c = CandidateCompressor.compress(floatIr, null, int8, ranges);

    int[] floatTop = TopOne.argmax(Int8TestSupport.predict(floatIr, evaluation));
    float[][] simulated = Int8TestSupport.predict(c.evaluated(), evaluation);
    float[][] kernels = Int8TestSupport.predict(c.shipped(), evaluation);
    int[] simulatedTop = TopOne.argmax(simulated);
    double floatAccuracy = TopOne.accuracy(floatTop, labels);
    double accuracy = TopOne.accuracy(simulatedTop, labels);
    double agreement = TopOne.agreement(simulatedTop, TopOne.argmax(kernels));
    double sizeRatio = c.shipped().graphDefSizeBytes() / (double) floatIr.graphDefSizeBytes();
    String logits = logitsTensor(floatIr);
    float[] simulatedLogits = Int8TestSupport.fetch(c.evaluated(), evaluation, List.of(logits)).get(logits);
    float[] kernelLogits = Int8TestSupport.fetch(c.shipped(), evaluation, List.of(logits)).get(logits);
    System.out.printf("%s int8 %s on %d rows: float %.4f, simulated %.4f (%+.2f pp), kernels %.4f;"
            + " simulated vs kernels: top-1 agreement %.4f, mean |score diff| %.2e, mean |logit diff| %.2e"
            + " (max %.2e, logits mean |x| %.2f); graph %d B vs float %d B (%.3f×); float layers %s%n",
        floatIr.modelId(), granularity, evaluation.length, floatAccuracy, accuracy, 100 * (accuracy - floatAccuracy),
        TopOne.accuracy(TopOne.argmax(kernels), labels), agreement, Int8TestSupport.meanAbsDiff(simulated, kernels),
        meanAbsDiff(simulatedLogits, kernelLogits), Int8TestSupport.maxAbsDiff(simulatedLogits, kernelLogits),
        meanAbs(simulatedLogits), c.shipped().graphDefSizeBytes(), floatIr.graphDefSizeBytes(), sizeRatio,
        c.floatLayers());
    assertTrue(agreement >= MIN_AGREEMENT, "simulated vs kernel agreement " + agreement);
    assertTrue(sizeRatio <= MAX_SIZE_RATIO, "size ratio " + sizeRatio);
    if (granularity == Granularity.PER_CHANNEL) {
      assertTrue(Math.abs(accuracy - floatAccuracy) <= ACCURACY_BUDGET, "per-channel " + accuracy + " vs float " + floatAccuracy);
    }
    return c;
  }

  /** Informational: the integer artifact against float, interleaved, batch 1 and 32. */
  private void reportLatency(ModelIr floatIr, ModelIr shipped) {
    LatencyReport r = LatencyProbe.compare(shipped.graphDefBytes(), floatIr.graphDefBytes(),
        LatencyInput.of(floatIr, Arrays.copyOfRange(evaluation, 0, 32), List.of()), LATENCY);
    System.out.printf("%s int8 kernels latency: batch 1 %.3f ms vs float %.3f ms (%.2f×), batch 32 %.3f ms vs"
            + " float %.3f ms (%.2f×)%n", floatIr.modelId(), r.candidateMsB1(), r.floatMsB1(), r.ratioB1(),
        r.candidateMsB32(), r.floatMsB32(), r.ratioB32());
  }

  /** The input of the Softmax that produces the primary output (through Identity nodes). */
  private static String logitsTensor(ModelIr ir) {
    NodeDef n = TfOracles.node(ir, ir.primaryOutput().nodeName());
    while (n.getOp().equals("Identity")) {
      n = TfOracles.node(ir, TensorNames.nodeName(n.getInput(0)));
    }
    assertEquals("Softmax", n.getOp());
    return TensorNames.withIndex(n.getInput(0));
  }

  private static double meanAbsDiff(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / a.length;
  }

  private static double meanAbs(float[] a) {
    double sum = 0;
    for (float x : a) {
      sum += Math.abs(x);
    }
    return sum / a.length;
  }

  private static long countOps(ModelIr ir, String op) {
    return ir.graphDef().getNodeList().stream().filter(n -> n.getOp().equals(op)).count();
  }
}
