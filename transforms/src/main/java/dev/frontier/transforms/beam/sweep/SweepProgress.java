package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Candidates done / total and failures so far, logged as candidates finish. Counts are per JVM: on the
 * DirectRunner and an embedded Flink that is the whole job; on a cluster each worker logs its own share
 * (the job's Beam counters hold the totals).
 */
public final class SweepProgress {
  private static final Logger LOG = LoggerFactory.getLogger(SweepProgress.class);
  private static final AtomicInteger TOTAL = new AtomicInteger();
  private static final AtomicInteger DONE = new AtomicInteger();
  private static final AtomicInteger FAILED = new AtomicInteger();

  private SweepProgress() {}

  /** Resets the counts for a new run of {@code totalCandidates} candidates. */
  public static void start(int totalCandidates) {
    TOTAL.set(totalCandidates);
    DONE.set(0);
    FAILED.set(0);
  }

  static void succeeded(CandidateResult r) {
    int done = DONE.incrementAndGet();
    LOG.info(String.format(Locale.ROOT,
        "[%d/%d, %d failed] %s %s: top-1 %.4f (%+.2f pp), gzip %,d B, b1 %.3f ms (%.2fx float)",
        done, TOTAL.get(), FAILED.get(), r.modelId(), r.config(), r.accuracy(),
        100 * r.accuracyDelta(), r.gzipBytes(), r.latencyMsB1(), r.latencyRatioB1()));
  }

  static void failed(FailureRecord f) {
    int failed = FAILED.incrementAndGet();
    int done = DONE.incrementAndGet();
    LOG.warn(String.format(Locale.ROOT, "[%d/%d, %d failed] %s %s failed at %s: %s", done, TOTAL.get(),
        failed, f.modelId(), f.config(), f.stage(), f.message()));
  }
}
