package dev.frontier.transforms.measure;

import java.util.Arrays;
import java.util.Objects;

/**
 * How {@link LatencyProbe} measures: warm-up runs, timed rounds and batch sizes, and when to stop adding
 * rounds. Immutable (the array is copied in and out).
 *
 * <p>Rounds come in chunks of {@code rounds}: after each chunk the probe computes the 95 % interval of the
 * candidate/float ratio ({@link MedianInterval} over the paired rounds) and stops once its relative width
 * {@code hi / lo − 1} is at most {@code targetRelativeWidth}, or once another chunk would pass
 * {@code maxRounds}.
 *
 * @param warmupRuns runs per graph and batch size before the timed rounds, not in the median
 *     ({@value #DEFAULT_WARMUP_RUNS} by default), ≥ 0
 * @param rounds timed runs per graph and batch size in one chunk, and the least that is timed
 *     ({@value #DEFAULT_ROUNDS} by default), ≥ 1
 * @param maxRounds the most timed runs per graph and batch size ({@value #DEFAULT_MAX_ROUNDS} by default),
 *     ≥ {@code rounds}, ≤ {@value MedianInterval#MAX_COUNT}
 * @param targetRelativeWidth stop adding rounds once the ratio's interval is this narrow, relative
 *     ({@value #DEFAULT_TARGET_RELATIVE_WIDTH} by default), &gt; 0
 * @param batchSizes batch sizes to measure, positive and distinct ({@value #SMALL_BATCH} and
 *     {@value #LARGE_BATCH} by default)
 */
public record LatencyConfig(int warmupRuns, int rounds, int maxRounds, double targetRelativeWidth,
    int[] batchSizes) {
  /** Enough to load kernels, allocate buffers and let oneDNN pick its primitives. */
  public static final int DEFAULT_WARMUP_RUNS = 5;
  /** Timed runs per chunk: 30 paired rounds give a 95 % interval from the 10th to the 21st ratio. */
  public static final int DEFAULT_ROUNDS = 30;
  /** At most 4 chunks: a noisy worker costs at most 4× the quiet one's timing. */
  public static final int DEFAULT_MAX_ROUNDS = 120;
  /** ±5 % around the ratio: narrower than the differences the front should act on. */
  public static final double DEFAULT_TARGET_RELATIVE_WIDTH = 0.10;
  /** Batch 1: the latency a single request sees. */
  public static final int SMALL_BATCH = 1;
  /** Batch 32: batched serving, where integer kernels usually pay off. */
  public static final int LARGE_BATCH = 32;

  public LatencyConfig {
    if (warmupRuns < 0) {
      throw new IllegalArgumentException("warmupRuns must be >= 0, got " + warmupRuns);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
    }
    if (maxRounds < rounds || maxRounds > MedianInterval.MAX_COUNT) {
      throw new IllegalArgumentException("max rounds must be in [rounds = " + rounds + ", "
          + MedianInterval.MAX_COUNT + "], got " + maxRounds);
    }
    if (!(targetRelativeWidth > 0) || Double.isInfinite(targetRelativeWidth)) {
      throw new IllegalArgumentException("target relative width must be a number > 0, got " + targetRelativeWidth);
    }
    batchSizes = Objects.requireNonNull(batchSizes, "batchSizes").clone();
    if (batchSizes.length == 0) {
      throw new IllegalArgumentException("at least one batch size is needed");
    }
    if (Arrays.stream(batchSizes).anyMatch(b -> b < 1)
        || Arrays.stream(batchSizes).distinct().count() != batchSizes.length) {
      throw new IllegalArgumentException("batch sizes must be positive and distinct, got "
          + Arrays.toString(batchSizes));
    }
  }

  /** Exactly {@code rounds} rounds, never extended. */
  public LatencyConfig(int warmupRuns, int rounds, int[] batchSizes) {
    this(warmupRuns, rounds, rounds, DEFAULT_TARGET_RELATIVE_WIDTH, batchSizes);
  }

  /** The defaults: {@value #DEFAULT_WARMUP_RUNS} warm-up runs, 30 to 120 rounds to ±5 %, batches 1 and 32. */
  public static LatencyConfig defaults() {
    return new LatencyConfig(DEFAULT_WARMUP_RUNS, DEFAULT_ROUNDS, DEFAULT_MAX_ROUNDS,
        DEFAULT_TARGET_RELATIVE_WIDTH, new int[] {SMALL_BATCH, LARGE_BATCH});
  }

  /** The same config with exactly {@code newRounds} rounds. */
  public LatencyConfig withRounds(int newRounds) {
    return new LatencyConfig(warmupRuns, newRounds, batchSizes);
  }

  @Override
  public int[] batchSizes() {
    return batchSizes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatencyConfig c && c.warmupRuns == warmupRuns && c.rounds == rounds
        && c.maxRounds == maxRounds && c.targetRelativeWidth == targetRelativeWidth
        && Arrays.equals(c.batchSizes, batchSizes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(warmupRuns, rounds, maxRounds, targetRelativeWidth, Arrays.hashCode(batchSizes));
  }

  @Override
  public String toString() {
    return "LatencyConfig[warmupRuns=" + warmupRuns + ", rounds=" + rounds + ", maxRounds=" + maxRounds
        + ", targetRelativeWidth=" + targetRelativeWidth + ", batchSizes=" + Arrays.toString(batchSizes) + "]";
  }
}
