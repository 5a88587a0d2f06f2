package dev.frontier.transforms.calibrate;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * {@code percentile}: each tail is cut at its p-th percentile (nearest rank: the k-th smallest magnitude,
 * k = ⌈p/100 · n⌉ of the tail's n values), read from the histogram as the upper edge of the bin holding
 * that value. The threshold is therefore never below the exact percentile and at most one bin width
 * ({@link TensorStatistics#binWidth()}) above it. A value of p leaves about (100 − p) % of each tail's
 * values outside the range; exact zeros do not count.
 */
final class PercentileCalibration extends TailCalibration {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  static final String NAME = "percentile";

  @Override
  public String name() {
    return NAME;
  }

  /** {@code percentile-99.99}: sweeps compare several p. */
  @Override
  public String label(CalibrationParams params) {
    return NAME + "-" + params.percentileText();
  }

  @Override
  double threshold(long[] counts, double binWidth, CalibrationParams params) {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    long rank = rank(params.percentile(), n);
    long seen = 0;
    for (int b = 0; b < counts.length; b++) {
      seen += counts[b];
      if (seen >= rank) {
        return (b + 1) * binWidth;
      }
    }
    throw new IllegalStateException("rank " + rank + " beyond " + n + " values");
  }

  /** ⌈p/100 · n⌉ (at least 1), in decimal so that 99.99 % of 10000 is 9999, not 10000. */
  static long rank(double percentile, long n) {
    long k = BigDecimal.valueOf(percentile).multiply(BigDecimal.valueOf(n))
        .divide(HUNDRED, 0, RoundingMode.CEILING).longValueExact();
    return Math.max(1, k);
  }
}
