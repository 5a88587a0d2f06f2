package dev.frontier.transforms.calibrate;

/**
 * {@code mse}: the threshold t that minimises the squared error of quantizing each tail to {@code levels}
 * evenly spaced levels 0, s, …, t (s = t / (levels − 1); round to nearest, values above t clipped to t).
 * Every value is taken at its bin's centre, weighted by the bin's count; candidates are the upper edges of
 * the bins from the first to the last non-empty one; the larger t wins a tie.
 *
 * <p>Per tail, so asymmetric: for a signed tensor each side is searched with its own {@code levels}
 * (about int8's 256 levels split in two); for a non-negative one it is the [0, t] range with the 7-bit
 * activations the integer kernels run (docs/DESIGN.md, "The int8 scheme as implemented"). Exact zeros
 * cost nothing at any t and are left out.
 */
final class MseCalibration extends TailCalibration {
  static final String NAME = "mse";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  double threshold(long[] counts, double binWidth, CalibrationParams params) {
    int used = usedBins(counts);
    int first = 0;
    while (counts[first] == 0) {
      first++;
    }
    double best = used * binWidth;
    double bestError = Double.POSITIVE_INFINITY;
    for (int b = first; b < used; b++) {
      double t = (b + 1) * binWidth;
      double e = squaredError(counts, binWidth, t, params.levels());
      if (e <= bestError) {
        bestError = e;
        best = t;
      }
    }
    return best;
  }

  /** Σ count · (centre − quantized centre)² over the bins, for threshold {@code t}. */
  static double squaredError(long[] counts, double binWidth, double t, int levels) {
    double step = t / (levels - 1);
    double error = 0;
    for (int b = 0; b < counts.length; b++) {
      if (counts[b] == 0) {
        continue;
      }
      double centre = (b + 0.5) * binWidth;
      double d = centre >= t ? centre - t : centre - step * Math.floor(centre / step + 0.5);
      error += counts[b] * d * d;
    }
    return error;
  }
}
