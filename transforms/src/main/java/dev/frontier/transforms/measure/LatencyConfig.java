package dev.frontier.transforms.measure;

import java.util.Arrays;
import java.util.Objects;

/**
 * How {@link LatencyProbe} measures: warm-up runs, timed rounds and batch sizes. Immutable (the array
 * is copied in and out).
 *
 * @param warmupRuns runs per graph and batch size before the timed rounds, not in the median
 *     ({@value #DEFAULT_WARMUP_RUNS} by default), ≥ 0
 * @param rounds timed runs per graph and batch size ({@value #DEFAULT_ROUNDS} by default), ≥ 1
 * @param batchSizes batch sizes to measure, positive and distinct ({@value #SMALL_BATCH} and
 *     {@value #LARGE_BATCH} by default)
 */
public record LatencyConfig(int warmupRuns, int rounds, int[] batchSizes) {
  /** Enough to load kernels, allocate buffers and let oneDNN pick its primitives. */
  public static final int DEFAULT_WARMUP_RUNS = 5;
  /** Timed runs per graph and batch: a median over 30 is stable to a few percent on a quiet worker. */
  public static final int DEFAULT_ROUNDS = 30;
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

  /** {@value #DEFAULT_WARMUP_RUNS} warm-up runs, {@value #DEFAULT_ROUNDS} rounds, batches 1 and 32. */
  public static LatencyConfig defaults() {
    return new LatencyConfig(DEFAULT_WARMUP_RUNS, DEFAULT_ROUNDS, new int[] {SMALL_BATCH, LARGE_BATCH});
  }

  /** The same config with another number of rounds. */
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
        && Arrays.equals(c.batchSizes, batchSizes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(warmupRuns, rounds, Arrays.hashCode(batchSizes));
  }

  @Override
  public String toString() {
    return "LatencyConfig[warmupRuns=" + warmupRuns + ", rounds=" + rounds + ", batchSizes="
        + Arrays.toString(batchSizes) + "]";
  }
}
