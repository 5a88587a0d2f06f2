package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.DenseSavedModels;
import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.calibrate.ActivationTaps;
import dev.frontier.transforms.calibrate.CalibrationParams;
import dev.frontier.transforms.calibrate.Calibrator;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.TopOne;
import dev.frontier.transforms.model.ImportRequest;
import dev.frontier.transforms.model.IrPredictor;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.SavedModelImporter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full-integer int8 of a model whose serving input (float {@code [-1, 784]}) feeds its only MatMul directly:
 * the one tensor calibration observes is the fed input itself, so there is nothing to fetch from TF (which
 * refuses a run without fetches). The model is a nearest-centroid classifier of MNIST written as a real
 * SavedModel: logits {@code x·μ_c − |μ_c|²/2} from the class means of the first 5,000 test rows; calibrated
 * (min/max) on 500 of those, evaluated on the other 5,000.
 */
class FullInt8InputLayerTest {
  private static final int PIXELS = 784;
  private static final int CLASSES = 10;
  private static final int FIT_ROWS = 5000;
  private static final int CALIBRATION_ROWS = 500;
  private static final double ACCURACY_BUDGET = 0.01;
  private static final double MIN_AGREEMENT = 0.99;

  @TempDir
  Path temp;

  @Test
  void int8CalibratesAndCompressesAModelWhoseInputFeedsItsFirstMatMul() {
    Dataset mnist = SharedFixtures.mnist();
    Dataset fit = head(mnist, 0, FIT_ROWS);
    Dataset evaluation = head(mnist, FIT_ROWS, mnist.size());
    Path dir = writeNearestCentroid(fit, temp.resolve("centroids"));
    ModelIr floatIr = SavedModelImporter.importModel(ImportRequest.of("centroids", dir));
    assertEquals(1, floatIr.layers().size());
    assertEquals(List.of(DenseSavedModels.INPUT + ":0"), ActivationTaps.of(floatIr).tensorNames(),
        "the only tensor calibration observes is the fed input");

    ActivationRanges ranges = Calibrator.calibrate(floatIr, fit, CALIBRATION_ROWS, "minmax", CalibrationParams.DEFAULTS);
    ActivationRanges.Range input = ranges.ranges().get(DenseSavedModels.INPUT + ":0");
    assertEquals(0f, input.min(), "pixels / 255 start at 0");
    assertEquals(1f, input.max(), 1e-6f, "and reach 1");

    CompressedCandidate c = CandidateCompressor.compress(floatIr, null,
        ConfiguredMethod.of(FullInt8.NAME, MethodParameters.builder().granularity(Granularity.PER_CHANNEL).build()), ranges);
    assertEquals(List.of(), c.floatLayers(), "the layer runs on integer kernels");

    int[] floatTop = top(floatIr, evaluation);
    int[] simulatedTop = top(c.evaluated(), evaluation);
    int[] kernelTop = top(c.shipped(), evaluation);
    double floatAccuracy = TopOne.accuracy(floatTop, evaluation.labels());
    double simulatedAccuracy = TopOne.accuracy(simulatedTop, evaluation.labels());
    System.out.printf("nearest-centroid int8 on %d rows: float %.4f, simulated %.4f, kernels %.4f; agreement"
            + " simulated/float %.4f, simulated/kernels %.4f%n", evaluation.size(), floatAccuracy, simulatedAccuracy,
        TopOne.accuracy(kernelTop, evaluation.labels()), TopOne.agreement(simulatedTop, floatTop),
        TopOne.agreement(simulatedTop, kernelTop));
    assertTrue(floatAccuracy > 0.75, "a nearest-centroid classifier of MNIST: " + floatAccuracy);
    assertTrue(Math.abs(simulatedAccuracy - floatAccuracy) <= ACCURACY_BUDGET,
        "simulated int8 " + simulatedAccuracy + " vs float " + floatAccuracy);
    assertTrue(TopOne.agreement(simulatedTop, floatTop) >= MIN_AGREEMENT);
    assertTrue(TopOne.agreement(simulatedTop, kernelTop) >= MIN_AGREEMENT, "integer kernels vs simulation");
  }

  /** Class means of {@code fit} as a one-layer SavedModel: kernel column c = μ_c, bias c = −|μ_c|²/2. */
  private static Path writeNearestCentroid(Dataset fit, Path dir) {
    double[][] sums = new double[CLASSES][PIXELS];
    int[] counts = new int[CLASSES];
    for (int r = 0; r < fit.size(); r++) {
      int label = fit.labels()[r];
      counts[label]++;
      for (int i = 0; i < PIXELS; i++) {
        sums[label][i] += fit.features()[r][i];
      }
    }
    float[] kernel = new float[PIXELS * CLASSES];
    float[] bias = new float[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      double norm = 0;
      for (int i = 0; i < PIXELS; i++) {
        float mean = (float) (sums[c][i] / counts[c]);
        kernel[i * CLASSES + c] = mean;
        norm += (double) mean * mean;
      }
      bias[c] = (float) (-norm / 2);
    }
    return DenseSavedModels.write(dir, PIXELS, kernel, bias);
  }

  private static Dataset head(Dataset d, int from, int to) {
    int[] idx = new int[to - from];
    Arrays.setAll(idx, i -> from + i);
    return d.select(d.name() + "-" + from + "-" + to, idx);
  }

  private static int[] top(ModelIr ir, Dataset d) {
    try (IrPredictor p = new IrPredictor(ir)) {
      return TopOne.argmax(p.predict(d.features(), d.featureNames()));
    }
  }
}
