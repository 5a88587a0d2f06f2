package dev.frontier.transforms.calibrate;

import dev.frontier.transforms.calibrate.TensorStatistics.Tail;

/**
 * A method that chooses one threshold per tail from that tail's magnitude histogram: the range is
 * {@code [max(min, -t⁻), min(max, t⁺)]}, where a tail without values keeps the exact bound (so a
 * non-negative tensor gets {@code [min, t⁺]}). Exact zeros are in no tail: they are exact in any range
 * containing 0, which the quantizer guarantees.
 */
abstract class TailCalibration implements RangeEstimator {

  /**
   * The threshold for one tail: magnitudes in bin b lie in [b·w, (b+1)·w); at least one count is non-zero.
   * Every value above the threshold will be clipped to it.
   */
  abstract double threshold(long[] counts, double binWidth, CalibrationParams params);

  @Override
  public final ActivationRanges.Range range(TensorStatistics stats, CalibrationParams params) {
    requireValues(stats);
    float lo = stats.min();
    float hi = stats.max();
    if (hi > 0) {
      hi = (float) Math.min(hi, threshold(stats.binCounts(Tail.POSITIVE), stats.binWidth(), params));
    }
    if (lo < 0) {
      lo = (float) Math.max(lo, -threshold(stats.binCounts(Tail.NEGATIVE), stats.binWidth(), params));
    }
    return new ActivationRanges.Range(lo, hi);
  }

  static void requireValues(TensorStatistics stats) {
    if (stats.count() == 0) {
      throw new IllegalArgumentException("no values were seen, so there is no range to calibrate");
    }
  }

  /** One past the last non-zero bin. */
  static int usedBins(long[] counts) {
    int n = counts.length;
    while (n > 0 && counts[n - 1] == 0) {
      n--;
    }
    return n;
  }
}
