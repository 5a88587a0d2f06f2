package dev.frontier.transforms.measure;

import java.util.Arrays;

/**
 * The median of a sample and a distribution-free confidence interval for it, from order statistics (the
 * sign-test interval): with the sample sorted, {@code [x(k), x(n−k+1)]} (1-based) where k is the largest
 * index with P(Binomial(n, ½) ≤ k−1) ≤ (1 − level)/2. It assumes only independent draws from one
 * distribution, no normality and no symmetry, and needs no random resampling, so the same sample always
 * gives the same interval. Its coverage is at least {@code level}; below 6 values no k reaches 95 %, and the
 * interval is then the sample's range ({@link #covers95} tells).
 *
 * @param estimate the sample median (the mean of the two middle values for an even count)
 * @param lo lower bound
 * @param hi upper bound
 * @param count sample size
 */
public record MedianInterval(double estimate, double lo, double hi, int count) {
  /** The confidence level of {@link #of}. */
  public static final double LEVEL = 0.95;
  /** Binomial probabilities are exact in doubles up to this many values (2^−n stays a normal double). */
  public static final int MAX_COUNT = 1000;

  /** Median and 95 % interval of {@code values} (not modified). */
  public static MedianInterval of(double[] values) {
    int n = values.length;
    if (n == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (n > MAX_COUNT) {
      throw new IllegalArgumentException("at most " + MAX_COUNT + " values, got " + n);
    }
    double[] x = values.clone();
    Arrays.sort(x);
    int mid = n / 2;
    double median = n % 2 == 1 ? x[mid] : (x[mid - 1] + x[mid]) / 2;
    int k = lowerRank(n, (1 - LEVEL) / 2);
    return k == 0 ? new MedianInterval(median, x[0], x[n - 1], n)
        : new MedianInterval(median, x[k - 1], x[n - k], n);
  }

  /** Whether the interval reaches the 95 % level (6 values or more). */
  public boolean covers95() {
    return lowerRank(count, (1 - LEVEL) / 2) > 0;
  }

  /**
   * The largest k ≥ 1 with P(Binomial(n, ½) ≤ k − 1) ≤ tail, or 0 when even k = 1 exceeds it. Summed exactly
   * with the pmf's recurrence from 2^−n.
   */
  static int lowerRank(int n, double tail) {
    double pmf = Math.pow(0.5, n);
    double cdf = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      cdf += pmf;
      if (cdf > tail) {
        break;
      }
      k = i + 1;
      pmf = pmf * (n - i) / (i + 1);
    }
    return k;
  }
}
