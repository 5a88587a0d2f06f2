package dev.frontier.transforms.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.calibrate.ActivationRanges.Range;
import dev.frontier.transforms.calibrate.TensorStatistics.Tail;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeEstimatorsTest {
  /** A hand-made one-sided histogram: bin width 1 over [0, 16), a bulk, a thin tail and two far outliers. */
  private static final long[] HAND_MADE = {0, 40, 90, 70, 45, 30, 18, 9, 5, 3, 0, 2, 0, 0, 0, 1};
  private static final int HAND_MADE_BINS = 16;
  private static final int HAND_MADE_LEVELS = 4;

  private static Range range(String method, TensorStatistics s, CalibrationParams p) {
    return RangeEstimators.get(method).range(s, p);
  }

  /** Statistics whose positive tail is exactly {@code counts}: values at the bin centres b + 0.5. */
  private static TensorStatistics fromCounts(long[] counts, int bins) {
    TensorStatistics s = TensorStatistics.empty(bins);
    for (int b = 0; b < counts.length; b++) {
      for (long i = 0; i < counts[b]; i++) {
        s.add(b + 0.5f);
      }
    }
    assertEquals(1.0, s.binWidth(), "test histogram has unit bins");
    return s;
  }

  @Test
  void registryFindsMethodsByNameAndListsThemOnError() {
    assertEquals(List.of("minmax", "percentile", "entropy", "mse"), new ArrayList<>(RangeEstimators.names()));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RangeEstimators.get("kl"));
    assertTrue(e.getMessage().contains("'kl'") && e.getMessage().contains("[minmax, percentile, entropy, mse]"),
        e.getMessage());
    assertEquals("percentile-99.9", RangeEstimators.get("percentile").label(CalibrationParams.DEFAULTS.withPercentile(99.9)));
    assertEquals("entropy", RangeEstimators.get("entropy").label(CalibrationParams.DEFAULTS));
  }

  @Test
  void paramsFromConfigKeepDefaultsAndNameBadKeys() {
    assertEquals(new CalibrationParams(99.9, 128), CalibrationParams.fromMap("percentile", Map.of("percentile", 99.9)));
    assertEquals(new CalibrationParams(99.99, 64), CalibrationParams.fromMap("mse", Map.of("levels", "64")));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> CalibrationParams.fromMap("entropy", Map.of("bins", 10)));
    assertTrue(unknown.getMessage().contains("entropy") && unknown.getMessage().contains("'bins'"), unknown.getMessage());
    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> CalibrationParams.fromMap("percentile", Map.of("percentile", 100.5)));
    assertTrue(range.getMessage().contains("(0, 100]"), range.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CalibrationParams.fromMap("mse", Map.of("levels", 2.5)));
  }

  @Test
  void minmaxIsTheExactRange() {
    TensorStatistics s = TensorStatistics.empty().add(-0.3f, 2.75f, 0f, 1e-7f);
    assertEquals(new Range(-0.3f, 2.75f), range("minmax", s, CalibrationParams.DEFAULTS));
  }

  @Test
  void percentileIsWithinOneBinOfTheExactPercentileOfEachTail() {
    Random r = new Random(11);
    float[] positives = new float[60_000];
    float[] negatives = new float[40_000];
    TensorStatistics s = TensorStatistics.empty();
    for (int i = 0; i < positives.length; i++) {
      positives[i] = (float) -Math.log(1 - r.nextDouble());
    }
    for (int i = 0; i < negatives.length; i++) {
      negatives[i] = (float) (2 * Math.log(1 - r.nextDouble()));
    }
    s.add(positives).add(negatives).add(new float[5_000]);
    float[] posSorted = positives.clone();
    Arrays.sort(posSorted);
    float[] negMagnitudes = new float[negatives.length];
    for (int i = 0; i < negatives.length; i++) {
      negMagnitudes[i] = -negatives[i];
    }
    Arrays.sort(negMagnitudes);
    double w = s.binWidth();
    for (int pMilli : new int[] {99_000, 99_900, 99_990, 99_999}) {
      Range got = range("percentile", s, CalibrationParams.DEFAULTS.withPercentile(pMilli / 1000.0));
      float upper = nearestRank(posSorted, pMilli);
      float lower = -nearestRank(negMagnitudes, pMilli);
      assertTrue(w < upper / 100, "bin width " + w + " is fine enough to test against " + upper);
      assertTrue(got.max() >= upper && got.max() <= upper + w, pMilli + ": " + got + " vs exact upper " + upper);
      assertTrue(got.min() <= lower && got.min() >= lower - w, pMilli + ": " + got + " vs exact lower " + lower);
    }
  }

  /** The k-th smallest, k = ⌈p·n/100⌉, in integer arithmetic. */
  private static float nearestRank(float[] sorted, int pMilli) {
    long n = sorted.length;
    long k = (pMilli * n + 99_999) / 100_000;
    return sorted[(int) Math.max(1, k) - 1];
  }

  @Test
  void entropyPicksTheLeastDivergentThresholdOfAHandMadeHistogram() {
    CalibrationParams p = CalibrationParams.DEFAULTS.withLevels(HAND_MADE_LEVELS);
    int expectedBins = bruteForceKlBins(HAND_MADE, HAND_MADE_LEVELS);
    assertTrue(expectedBins < HAND_MADE.length, "the hand-made histogram is worth clipping: " + expectedBins);
    Range got = range("entropy", fromCounts(HAND_MADE, HAND_MADE_BINS), p);
    assertEquals(new Range(1.5f, expectedBins), got, "[smallest value, threshold]");
  }

  /** KL(P‖Q) for every number of kept bins, written out plainly; the count of kept bins with the least. */
  private static int bruteForceKlBins(long[] h, int levels) {
    int used = h.length;
    while (h[used - 1] == 0) {
      used--;
    }
    double best = Double.POSITIVE_INFINITY;
    int bestBins = -1;
    for (int i = levels; i <= used; i++) {
      double[] p = new double[i];
      for (int k = 0; k < h.length; k++) {
        p[Math.min(k, i - 1)] += h[k];
      }
      double[] q = new double[i];
      for (int level = 0; level < levels; level++) {
        List<Integer> members = new ArrayList<>();
        for (int k = 0; k < i; k++) {
          if (k * levels / i == level) {
            members.add(k);
          }
        }
        double mass = members.stream().mapToDouble(k -> h[k]).sum();
        long nonZero = members.stream().filter(k -> p[k] > 0).count();
        for (int k : members) {
          q[k] = p[k] > 0 ? mass / nonZero : 0;
        }
      }
      double pSum = Arrays.stream(p).sum();
      double qSum = Arrays.stream(q).sum();
      double kl = 0;
      for (int k = 0; k < i; k++) {
        if (p[k] > 0) {
          kl += q[k] == 0 ? Double.POSITIVE_INFINITY : p[k] / pSum * Math.log((p[k] / pSum) / (q[k] / qSum));
        }
      }
      if (kl <= best) {
        best = kl;
        bestBins = i;
      }
    }
    return bestBins;
  }

  @Test
  void entropyNeedsNoClippingWhenEveryBinHasALevel() {
    long[] counts = {0, 5, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    assertEquals(3.0, new EntropyCalibration().threshold(counts, 1.0, CalibrationParams.DEFAULTS.withLevels(4)),
        "upper edge of the last non-empty bin");
  }

  @Test
  void mseMinimisesTheHistogramsSquaredErrorAsABruteForceSearchDoes() {
    CalibrationParams p = CalibrationParams.DEFAULTS.withLevels(HAND_MADE_LEVELS);
    double expected = bruteForceMseThreshold(HAND_MADE, 1.0, HAND_MADE_LEVELS);
    assertTrue(expected < 16, "the hand-made histogram is worth clipping: " + expected);
    Range got = range("mse", fromCounts(HAND_MADE, HAND_MADE_BINS), p);
    assertEquals(new Range(1.5f, (float) expected), got, "[smallest value, threshold]");
  }

  /** Tries every bin edge; each bin centre goes to the nearest of the levels 0, s, …, t found by scanning them. */
  private static double bruteForceMseThreshold(long[] h, double w, int levels) {
    double best = Double.POSITIVE_INFINITY;
    double bestT = Double.NaN;
    for (int edge = 1; edge <= h.length; edge++) {
      if (Arrays.stream(h, 0, edge).sum() == 0 || Arrays.stream(h, edge - 1, h.length).sum() == 0) {
        continue;
      }
      double t = edge * w;
      double error = 0;
      for (int b = 0; b < h.length; b++) {
        double c = (b + 0.5) * w;
        double e = Double.POSITIVE_INFINITY;
        for (int l = 0; l < levels; l++) {
          double level = l * t / (levels - 1);
          e = Math.min(e, (c - level) * (c - level));
        }
        error += h[b] * e;
      }
      if (error <= best) {
        best = error;
        bestT = t;
      }
    }
    return bestT;
  }

  @Test
  void mseThresholdIsNearlyOptimalForTheRawValues() {
    Random r = new Random(5);
    float[] v = new float[100_000];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) -Math.log(1 - r.nextDouble());
    }
    int levels = CalibrationParams.DEFAULT_LEVELS;
    TensorStatistics s = TensorStatistics.empty().add(v);
    float t = range("mse", s, CalibrationParams.DEFAULTS).max();
    double bestOnGrid = Double.POSITIVE_INFINITY;
    for (double grid = 0.5; grid <= s.max(); grid += 0.01) {
      bestOnGrid = Math.min(bestOnGrid, rawSquaredError(v, grid, levels));
    }
    double ours = rawSquaredError(v, t, levels);
    assertTrue(ours <= 1.02 * bestOnGrid, "mse threshold " + t + ": error " + ours + " vs best on a grid " + bestOnGrid);
    assertTrue(t < 0.8 * s.max(), "the long exponential tail is clipped: " + t + " of " + s.max());
  }

  private static double rawSquaredError(float[] v, double t, int levels) {
    double step = t / (levels - 1);
    double e = 0;
    for (float x : v) {
      double q = Math.min(t, step * Math.floor(x / step + 0.5));
      e += (x - q) * (x - q);
    }
    return e;
  }

  /** N(0, 1) values, {@code outliersPerTail} of them replaced by +50 and as many by −50. */
  private static TensorStatistics gaussianWithOutliers(int n, int outliersPerTail) {
    Random r = new Random(1);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < 2 * outliersPerTail; i++) {
      v[i * (n / (2 * outliersPerTail))] = i % 2 == 0 ? 50f : -50f;
    }
    return TensorStatistics.empty().add(v);
  }

  private static boolean clearlyNarrower(Range r) {
    return r.max() > 2 && r.max() < 10 && r.min() < -2 && r.min() > -10;
  }

  @Test
  void rareLargeOutliersGiveMuchNarrowerPercentileAndEntropyRangesThanMinmax() {
    TensorStatistics s = gaussianWithOutliers(200_000, 5);
    assertEquals(new Range(-50f, 50f), range("minmax", s, CalibrationParams.DEFAULTS));
    for (String m : List.of("percentile", "entropy")) {
      Range got = range(m, s, CalibrationParams.DEFAULTS);
      assertTrue(clearlyNarrower(got), m + ": " + got);
    }
  }

  /**
   * MSE trades the clipping of k outliers at M, k·(M − t)², against rounding the n values of the tail with
   * a step of t/127, about n·(t/127)²/12; the sum is least at t* = M / (1 + n / (12·127²·k)). So MSE keeps
   * outliers as frequent as 5 per 100 000 values (t* ≈ 45) and clips a single one in 400 000 (t* ≈ 16).
   */
  @Test
  void mseClipsOutliersAsFarAsTheRoundingTheyCostAllows() {
    for (int[] nk : new int[][] {{200_000, 5}, {800_000, 1}}) {
      TensorStatistics s = gaussianWithOutliers(nk[0], nk[1]);
      int steps = CalibrationParams.DEFAULT_LEVELS - 1;
      double expected = 50 / (1 + s.tailCount(Tail.POSITIVE) / (12.0 * steps * steps * nk[1]));
      Range got = range("mse", s, CalibrationParams.DEFAULTS);
      assertEquals(expected, got.max(), 1.0, nk[1] + " outliers among " + nk[0] + ": " + got);
      assertEquals(-expected, got.min(), 1.0, nk[1] + " outliers among " + nk[0] + ": " + got);
    }
  }

  @Test
  void nonNegativeActivationsGetRangesFromZero() {
    Random r = new Random(2);
    float[] v = new float[50_000];
    for (int i = 0; i < v.length; i++) {
      v[i] = i % 5 < 2 ? 0f : (float) Math.abs(r.nextGaussian() * 3);
    }
    TensorStatistics s = TensorStatistics.empty().add(v);
    for (String m : RangeEstimators.names()) {
      Range got = range(m, s, CalibrationParams.DEFAULTS);
      assertTrue(got.min() == 0f && got.max() > 5 && got.max() <= s.max(), m + ": " + got);
    }
  }

  @Test
  void signedActivationsGetOneThresholdPerTail() {
    Random r = new Random(4);
    float[] v = new float[50_000];
    for (int i = 0; i < v.length; i++) {
      double g = Math.abs(r.nextGaussian());
      v[i] = (float) (i % 2 == 0 ? g : -4 * g);
    }
    TensorStatistics s = TensorStatistics.empty().add(v);
    assertTrue(s.tailCount(Tail.NEGATIVE) == 25_000);
    for (String m : List.of("percentile", "entropy", "mse")) {
      Range got = range(m, s, CalibrationParams.DEFAULTS);
      assertTrue(-got.min() > 3 * got.max() && -got.min() < 5 * got.max(), m + ": " + got);
    }
  }

  @Test
  void noValuesIsAnError() {
    for (String m : RangeEstimators.names()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> range(m, TensorStatistics.empty(), CalibrationParams.DEFAULTS));
      assertTrue(e.getMessage().contains("no values"), e.getMessage());
    }
  }
}
