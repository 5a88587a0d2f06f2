package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.io.CandidateCheckpoints;
import dev.frontier.transforms.pareto.Point;
import dev.frontier.transforms.pareto.StopCheck;
import dev.frontier.transforms.results.CandidateResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Racing, once latencies are measured: one model's rows → the rows whose stop {@link StopCheck} confirms (and
 * every fully evaluated row), checkpointed and passed on; the stopped rows it does not confirm go to
 * {@code toComplete}, keyed by candidate id, to be evaluated on their remaining rows. A twin (a candidate whose
 * graphs another measured, {@code sameGraphAs}) gets that candidate's measurements first, and is completed on
 * its own when that candidate failed or is completed.
 */
class CheckStopsFn extends DoFn<KV<String, Iterable<CandidateResult>>, CandidateResult> {
  private static final Logger LOG = LoggerFactory.getLogger(CheckStopsFn.class);
  private final double accuracyBudgetPp;
  private final double latencyEquivalence;
  private final String outputDir;
  private final Counter measured = Metrics.counter(MeasureCandidates.class, "candidates_measured");
  private final List<CandidateResult> earlierRows;
  private final TupleTag<KV<String, CandidateResult>> toComplete;

  /** {@code earlierRows}: rows of an earlier run, counted by the checks but joined to the results elsewhere. */
  CheckStopsFn(double accuracyBudgetPp, double latencyEquivalence, String outputDir,
      List<CandidateResult> earlierRows, TupleTag<KV<String, CandidateResult>> toComplete) {
    this.accuracyBudgetPp = accuracyBudgetPp;
    this.latencyEquivalence = latencyEquivalence;
    this.outputDir = outputDir;
    this.earlierRows = List.copyOf(earlierRows);
    this.toComplete = toComplete;
  }

  @ProcessElement
  public void process(@Element KV<String, Iterable<CandidateResult>> model, MultiOutputReceiver out) {
    Map<String, CandidateResult> own = new TreeMap<>();  // this run's rows, as measured, by id
    model.getValue().forEach(r -> own.put(r.candidateId(), r));
    Map<String, CandidateResult> rows = new TreeMap<>(own);  // as checked, earlier runs' rows included
    earlierRows.stream().filter(r -> r.modelId().equals(model.getKey())).forEach(r -> rows.put(r.candidateId(), r));
    // A twin's row becomes its twin's measurements (the twin, the smallest id of its graphs, is never a twin
    // itself); without its twin's row (failed) it is completed on its own.
    Set<String> undo = new TreeSet<>();
    for (CandidateResult r : own.values()) {
      if (r.sameGraphAs() == null) {
        continue;
      }
      CandidateResult twin = rows.get(r.sameGraphAs());
      if (twin != null) {
        rows.put(r.candidateId(), twin.measuredFor(r));
      } else {
        undo.add(r.candidateId());
        LOG.info("racing, model '{}': candidate {} measures the same graphs as {}, which has no row; its remaining"
            + " rows are evaluated", model.getKey(), r.candidateId(), r.sameGraphAs());
      }
    }
    List<StopCheck.Raced> raced = rows.values().stream()
        .map(r -> new StopCheck.Raced(point(r), r.accuracyHi(), r.stopped(), r.dominatedBy())).toList();
    double floatAccuracy = own.values().iterator().next().floatAccuracy();
    StopCheck.whyUnconfirmed(raced, floatAccuracy, accuracyBudgetPp, latencyEquivalence).forEach((id, why) -> {
      undo.add(id);
      LOG.info("racing, model '{}': the stop of candidate {} is undone ({}); its remaining rows are evaluated",
          model.getKey(), id, why);
    });
    for (String id : own.keySet()) {
      CandidateResult r = rows.get(id);
      if (undo.contains(id) || r.sameGraphAs() != null && undo.contains(r.sameGraphAs())) {
        out.get(toComplete).output(KV.of(id, own.get(id)));
      } else {
        CandidateCheckpoints.write(outputDir, r);
        measured.inc();
        SweepProgress.succeeded(r);
        out.get(MeasureCandidates.RESULTS).output(r);
      }
    }
  }

  /**
   * The row as the Pareto stage sees it: a stopped candidate at the lower end of its accuracy interval, which
   * gives the flags exhaustive evaluation would once its stop is confirmed ({@link StopCheck}).
   */
  static Point point(CandidateResult r) {
    return new Point(r.candidateId(), r.gzipBytes(), r.latencyRatioB1(), r.latencyRatioB1Lo(),
        r.latencyRatioB1Hi(), r.stopped() ? r.accuracyLo() : r.accuracy());
  }
}
