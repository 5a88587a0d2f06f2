package dev.frontier.transforms.calibrate;

/** {@code minmax}: the exact [min, max] seen, as TFLite calibrates; every value fits, outliers included. */
final class MinMaxCalibration implements RangeEstimator {
  static final String NAME = "minmax";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ActivationRanges.Range range(TensorStatistics stats, CalibrationParams params) {
    TailCalibration.requireValues(stats);
    return new ActivationRanges.Range(stats.min(), stats.max());
  }
}
