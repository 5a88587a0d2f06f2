package dev.frontier.transforms.measure;

import java.util.List;

/**
 * What {@link LatencyProbe} measured: one {@link BatchLatency} per batch size, in the config's order,
 * with shortcuts for the default batch sizes 1 and 32.
 */
public record LatencyReport(List<BatchLatency> batches) {

  public LatencyReport {
    batches = List.copyOf(batches);
  }

  /**
   * The measurement at {@code batchSize}.
   *
   * @throws IllegalArgumentException when that batch size was not measured
   */
  public BatchLatency at(int batchSize) {
    return batches.stream().filter(b -> b.batchSize() == batchSize).findFirst().orElseThrow(() ->
        new IllegalArgumentException("batch size " + batchSize + " was not measured; measured: "
            + batches.stream().map(BatchLatency::batchSize).toList()));
  }

  public double candidateMsB1() {
    return at(LatencyConfig.SMALL_BATCH).candidateMedianMs();
  }

  public double candidateMsB32() {
    return at(LatencyConfig.LARGE_BATCH).candidateMedianMs();
  }

  public double floatMsB1() {
    return at(LatencyConfig.SMALL_BATCH).floatMedianMs();
  }

  public double floatMsB32() {
    return at(LatencyConfig.LARGE_BATCH).floatMedianMs();
  }

  public double ratioB1() {
    return at(LatencyConfig.SMALL_BATCH).ratio();
  }

  public double ratioB32() {
    return at(LatencyConfig.LARGE_BATCH).ratio();
  }

  /** The batch-1 ratio's 95 % interval and rounds, as one value for the Pareto stage. */
  public BatchLatency b1() {
    return at(LatencyConfig.SMALL_BATCH);
  }

  /** The batch-32 measurement. */
  public BatchLatency b32() {
    return at(LatencyConfig.LARGE_BATCH);
  }

  /**
   * Latency at one batch size. For {@link LatencyProbe#measureAlone} candidate and float are the same
   * measurement (and the same runs), and the ratio is 1 with the interval [1, 1].
   *
   * @param batchSize rows per run
   * @param candidateMedianMs median candidate {@code Session.run} time over the rounds, ms
   * @param floatMedianMs median float-baseline {@code Session.run} time over the rounds, ms
   * @param ratio candidate / float: the median of the per-round ratios of the paired, interleaved rounds;
   *     below 1 is a speed-up, above 1 a slow-down
   * @param ratioLo lower end of the ratio's 95 % interval ({@link MedianInterval})
   * @param ratioHi upper end of it
   * @param rounds timed rounds behind the medians and the ratio
   * @param candidateRunCount candidate {@code Session.run} calls made at this batch size (warm-up + rounds)
   * @param floatRunCount float {@code Session.run} calls made at this batch size (warm-up + rounds)
   */
  public record BatchLatency(int batchSize, double candidateMedianMs, double floatMedianMs, double ratio,
      double ratioLo, double ratioHi, int rounds, int candidateRunCount, int floatRunCount) {}
}
