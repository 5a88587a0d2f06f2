package dev.frontier.transforms.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The sign-test interval for a median against the ranks printed in tables of it (e.g. Conover, "Practical
 * Nonparametric Statistics", table A3: n = 10 → ranks 2 and 9, n = 30 → 10 and 21, n = 100 → 40 and 61 at
 * 95 %), against its defining property computed exactly, and against simulated coverage.
 */
class MedianIntervalTest {

  @Test
  void ranksMatchPublishedTables() {
    assertEquals(2, MedianInterval.lowerRank(10, 0.025));
    assertEquals(10, MedianInterval.lowerRank(30, 0.025));
    assertEquals(40, MedianInterval.lowerRank(100, 0.025));
    assertEquals(0, MedianInterval.lowerRank(5, 0.025), "five values cannot reach 95 %");
    assertEquals(1, MedianInterval.lowerRank(6, 0.025), "P(B <= 0) = 1/64 <= 0.025 < P(B <= 1) = 7/64");
  }

  @Test
  void intervalUsesThoseOrderStatistics() {
    double[] values = IntStream.rangeClosed(1, 30).mapToDouble(i -> 31 - i).toArray();
    MedianInterval m = MedianInterval.of(values);
    assertEquals(15.5, m.estimate());
    assertEquals(10, m.lo());
    assertEquals(21, m.hi());
    assertTrue(m.covers95());
    MedianInterval small = MedianInterval.of(new double[] {3, 1, 2});
    assertEquals(2, small.estimate());
    assertEquals(1, small.lo());
    assertEquals(3, small.hi());
    assertFalse(small.covers95());
  }

  @Test
  void rankIsTheLargestWithinTheTailForEveryCount() {
    for (int n = 6; n <= 400; n++) {
      int k = MedianInterval.lowerRank(n, 0.025);
      assertTrue(binomialCdf(n, k - 1) <= 0.025, "n " + n);
      assertTrue(binomialCdf(n, k) > 0.025, "n " + n);
    }
  }

  @Test
  void coverageIsAtLeastTheLevelOnSkewedData() {
    Random random = new Random(7);
    double trueMedian = Math.log(2);  // exponential(1)
    int covered = 0;
    int trials = 4000;
    for (int t = 0; t < trials; t++) {
      double[] x = new double[40];
      for (int i = 0; i < x.length; i++) {
        x[i] = -Math.log(1 - random.nextDouble());
      }
      MedianInterval m = MedianInterval.of(x);
      covered += m.lo() <= trueMedian && trueMedian <= m.hi() ? 1 : 0;
    }
    assertTrue(covered >= 0.94 * trials, covered + " of " + trials);
  }

  @Test
  void pairedRatioOfConstantRatiosIsExact() {
    long[] cand = {200, 400, 600, 800, 1000, 1200};
    long[] base = {100, 200, 300, 400, 500, 600};
    MedianInterval r = LatencyProbe.pairedRatio(cand, base, 6);
    assertEquals(2.0, r.estimate(), 1e-12);
    assertEquals(2.0, r.lo(), 1e-12);
    assertEquals(2.0, r.hi(), 1e-12);
  }

  @Test
  void refusesEmptyAndOversizedSamples() {
    assertThrows(IllegalArgumentException.class, () -> MedianInterval.of(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> MedianInterval.of(new double[MedianInterval.MAX_COUNT + 1]));
  }

  /** P(Binomial(n, ½) ≤ k), summed with BigInteger-free exact doubles via the pmf recurrence. */
  private static double binomialCdf(int n, int k) {
    double pmf = Math.pow(0.5, n);
    double cdf = 0;
    for (int i = 0; i <= k; i++) {
      cdf += pmf;
      pmf = pmf * (n - i) / (i + 1);
    }
    return cdf;
  }
}
