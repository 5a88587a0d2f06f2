package dev.frontier.transforms.measure;

/**
 * Exact one-sided bounds on how many marked items a finite population holds, from a sample drawn without
 * replacement: the Clopper–Pearson construction with the hypergeometric distribution in place of the binomial.
 *
 * <p>A population of {@code populationSize} items holds an unknown number {@code K} of marked ones; a uniformly
 * random sample of {@code sampleSize} items (without replacement) shows {@code observed} marked ones. The upper
 * bound is the largest {@code K} for which seeing {@code observed} or fewer still has probability above
 * {@code alpha}; the lower bound the smallest {@code K} for which seeing {@code observed} or more does. Each
 * bound fails with probability at most {@code alpha} whatever {@code K} is. Unlike the binomial interval this
 * one knows the population is finite: when the sample is the whole population both bounds equal
 * {@code observed}, so a candidate evaluated on every row has an interval of width zero.
 */
public final class FinitePopulationBounds {
  private FinitePopulationBounds() {}

  /** The largest count of marked items the population may hold at error level {@code alpha}. */
  public static int upper(int populationSize, int sampleSize, int observed, double alpha) {
    check(populationSize, sampleSize, observed, alpha);
    double[] logFactorial = logFactorials(populationSize);
    int lo = observed;
    int hi = populationSize - (sampleSize - observed);
    // P(X <= observed; K) falls as K grows: find the largest K where it is still above alpha.
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (atMost(populationSize, mid, sampleSize, observed, logFactorial) > alpha) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** The smallest count of marked items the population may hold at error level {@code alpha}. */
  public static int lower(int populationSize, int sampleSize, int observed, double alpha) {
    check(populationSize, sampleSize, observed, alpha);
    // Marked and unmarked items swap roles: a lower bound on K is an upper bound on the unmarked ones.
    return populationSize - upper(populationSize, sampleSize, sampleSize - observed, alpha);
  }

  /** P(X ≤ k) for X hypergeometric: k or fewer marked items among {@code draws} from {@code marked} of {@code size}. */
  static double atMost(int size, int marked, int draws, int k, double[] logFactorial) {
    int from = Math.max(0, draws - (size - marked));
    int to = Math.min(k, Math.min(draws, marked));
    double denominator = logChoose(size, draws, logFactorial);
    double sum = 0;
    for (int x = from; x <= to; x++) {
      sum += Math.exp(logChoose(marked, x, logFactorial) + logChoose(size - marked, draws - x, logFactorial)
          - denominator);
    }
    return Math.min(1.0, sum);
  }

  private static double logChoose(int n, int k, double[] logFactorial) {
    return logFactorial[n] - logFactorial[k] - logFactorial[n - k];
  }

  private static double[] logFactorials(int n) {
    double[] f = new double[n + 1];
    for (int i = 2; i <= n; i++) {
      f[i] = f[i - 1] + Math.log(i);
    }
    return f;
  }

  private static void check(int populationSize, int sampleSize, int observed, double alpha) {
    if (sampleSize < 0 || sampleSize > populationSize || observed < 0 || observed > sampleSize) {
      throw new IllegalArgumentException("need 0 <= observed (" + observed + ") <= sample (" + sampleSize
          + ") <= population (" + populationSize + ")");
    }
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
    }
  }
}
