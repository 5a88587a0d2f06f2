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

  /**
   * Latency at one batch size. For {@link LatencyProbe#measureAlone} candidate and float are the same
   * measurement (and the same runs).
   *
   * @param batchSize rows per run
   * @param candidateMedianMs median candidate {@code Session.run} time over the rounds, ms
   * @param floatMedianMs median float-baseline {@code Session.run} time over the rounds, ms
   * @param candidateRunCount candidate {@code Session.run} calls made at this batch size (warm-up + rounds)
   * @param floatRunCount float {@code Session.run} calls made at this batch size (warm-up + rounds)
   */
  public record BatchLatency(int batchSize, double candidateMedianMs, double floatMedianMs,
      int candidateRunCount, int floatRunCount) {

    /** Candidate median / float median: below 1 is a speed-up, above 1 a slow-down. */
    public double ratio() {
      return candidateMedianMs / floatMedianMs;
    }
  }
}
