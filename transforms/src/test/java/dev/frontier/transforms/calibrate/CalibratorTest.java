package dev.frontier.transforms.calibrate;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.ModelIr;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CalibratorTest {

  @BeforeAll
  static void sharedData() {
    assumeTrue(SharedFixtures.available(), "shared models and MNIST not found");
  }

  private static String error(Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }

  @Test
  void anEmptyCalibrationDatasetIsAClearError() {
    ModelIr ir = SharedFixtures.mlp();
    Dataset empty = new Dataset("no-rows", List.of(), new float[0][], new int[0]);
    String m = error(() -> Calibrator.calibrate(ir, empty, 100, "minmax", CalibrationParams.DEFAULTS));
    assertTrue(m.contains(SharedFixtures.MNIST_MLP) && m.contains("'no-rows'") && m.contains("empty"), m);
    String merged = error(() -> Calibrator.ranges(CalibrationStatistics.empty(ActivationTaps.of(ir)), "entropy",
        CalibrationParams.DEFAULTS));
    assertTrue(merged.contains(SharedFixtures.MNIST_MLP) && merged.contains("empty"), merged);
  }

  @Test
  void rowsOfTheWrongWidthAreAClearError() {
    Dataset narrow = new Dataset("narrow", List.of(), new float[][] {new float[5], new float[5]}, new int[2]);
    String m = error(() -> Calibrator.calibrate(SharedFixtures.mlp(), narrow, 2, "minmax", CalibrationParams.DEFAULTS));
    assertTrue(m.contains(SharedFixtures.MNIST_MLP) && m.contains("5 values") && m.contains("784"), m);
  }

  @Test
  void moreSamplesThanRowsOrAnUnknownMethodAreClearErrors() {
    Dataset rows = SharedFixtures.mnistHead(10);
    String tooMany = error(() -> Calibrator.calibrate(SharedFixtures.mlp(), rows, 2000, "minmax", CalibrationParams.DEFAULTS));
    assertTrue(tooMany.contains("2000") && tooMany.contains("10 rows") && tooMany.contains(SharedFixtures.MNIST_MLP), tooMany);
    String none = error(() -> Calibrator.calibrate(SharedFixtures.mlp(), rows, 0, "minmax", CalibrationParams.DEFAULTS));
    assertTrue(none.contains("0 calibration samples"), none);
    String method = error(() -> Calibrator.calibrate(SharedFixtures.mlp(), rows, 10, "kl", CalibrationParams.DEFAULTS));
    assertTrue(method.contains("'kl'") && method.contains("entropy"), method);
  }
}
