package dev.frontier.transforms.calibrate;

/**
 * {@code entropy}: the threshold whose quantized distribution loses the least information, as TensorRT's
 * entropy calibration and ONNX Runtime's describe it, applied to each tail's magnitude histogram.
 *
 * <p>For every candidate count i of kept bins (from {@code levels} up to the last non-empty bin):
 * <ol>
 *   <li>reference P: bins 0..i−1, with every value beyond (the outliers) added to bin i−1, as clipping
 *       at i·w would put them there;
 *   <li>candidate Q: bins 0..i−1 (without outliers) merged into {@code levels} groups (bin k is in group
 *       ⌊k·levels / i⌋), each group's count spread evenly over the group's bins where P is non-zero,
 *       i.e. the histogram as {@code levels} quantization levels would see it, expanded back;
 *   <li>KL(P‖Q) = Σ p ln(p/q) over the bins where p &gt; 0, both normalised; +∞ when q = 0 where p &gt; 0
 *       (no smoothing: such a candidate cannot represent the reference at all).
 * </ol>
 * The threshold is i·w (the upper edge of the last kept bin) for the i of least divergence, the larger i
 * on ties. When the tail's last non-empty bin is among the first {@code levels}, every bin can have a level
 * of its own and nothing needs clipping: the threshold is that bin's upper edge. The last candidate
 * (i = last non-empty bin + 1) always has a finite divergence, so a threshold always exists.
 */
final class EntropyCalibration extends TailCalibration {
  static final String NAME = "entropy";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  double threshold(long[] counts, double binWidth, CalibrationParams params) {
    int levels = params.levels();
    int used = usedBins(counts);
    if (used <= levels) {
      return used * binWidth;
    }
    int best = used;
    double bestDivergence = Double.POSITIVE_INFINITY;
    for (int kept = levels; kept <= used; kept++) {
      double d = divergence(counts, kept, levels);
      if (d <= bestDivergence) {
        bestDivergence = d;
        best = kept;
      }
    }
    return best * binWidth;
  }

  /** KL(P‖Q) of keeping the first {@code kept} bins and quantizing them to {@code levels} levels. */
  static double divergence(long[] counts, int kept, int levels) {
    long outliers = 0;
    for (int k = kept; k < counts.length; k++) {
      outliers += counts[k];
    }
    double[] groupCount = new double[levels];
    int[] groupNonZero = new int[levels];
    double keptCount = 0;
    for (int k = 0; k < kept; k++) {
      int g = group(k, kept, levels);
      groupCount[g] += counts[k];
      keptCount += counts[k];
      if (reference(counts, k, kept, outliers) > 0) {
        groupNonZero[g]++;
      }
    }
    if (keptCount == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double total = keptCount + outliers;
    double divergence = 0;
    for (int k = 0; k < kept; k++) {
      double p = reference(counts, k, kept, outliers) / total;
      if (p == 0) {
        continue;
      }
      int g = group(k, kept, levels);
      double q = groupCount[g] / groupNonZero[g] / keptCount;
      if (q == 0) {
        return Double.POSITIVE_INFINITY;
      }
      divergence += p * Math.log(p / q);
    }
    return divergence;
  }

  private static int group(int bin, int kept, int levels) {
    return (int) ((long) bin * levels / kept);
  }

  private static double reference(long[] counts, int bin, int kept, long outliers) {
    return bin == kept - 1 ? counts[bin] + (double) outliers : counts[bin];
  }
}
