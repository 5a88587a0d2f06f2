package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.io.CandidateCheckpoints;
import dev.frontier.transforms.pareto.Point;
import dev.frontier.transforms.pareto.StopCheck;
import dev.frontier.transforms.results.CandidateResult;
import java.util.ArrayList;
import java.util.Comparator;
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
    List<CandidateResult> own = new ArrayList<>();
    model.getValue().forEach(own::add);
    List<CandidateResult> all = new ArrayList<>(own);
    earlierRows.stream().filter(r -> r.modelId().equals(model.getKey())).forEach(all::add);
    Map<String, CandidateResult> byId = new TreeMap<>();
    all.forEach(r -> byId.put(r.candidateId(), r));
    // A twin's row becomes its twin's measurements; without its twin's row (failed) it is completed on its own.
    Set<String> undo = new TreeSet<>();
    List<CandidateResult> rows = new ArrayList<>();
    for (CandidateResult r : own) {
      CandidateResult twin = r.sameGraphAs() == null ? null : byId.get(r.sameGraphAs());
      if (r.sameGraphAs() != null && twin == null) {
        undo.add(r.candidateId());
        LOG.info("racing, model '{}': candidate {} measures the same graphs as {}, which has no row; its remaining"
            + " rows are evaluated", model.getKey(), r.candidateId(), r.sameGraphAs());
      }
      rows.add(twin == null ? r : twin.measuredFor(r));
    }
    rows.sort(Comparator.comparing(CandidateResult::candidateId));
    rows.forEach(r -> byId.put(r.candidateId(), r));
    List<StopCheck.Raced> raced = byId.values().stream()
        .map(r -> new StopCheck.Raced(point(r), r.accuracyHi(), r.stopped(), r.dominatedBy())).toList();
    StopCheck.whyUnconfirmed(raced, rows.get(0).floatAccuracy(), accuracyBudgetPp, latencyEquivalence)
        .forEach((id, why) -> {
          undo.add(id);
          LOG.info("racing, model '{}': the stop of candidate {} is undone ({}); its remaining rows are evaluated",
              model.getKey(), id, why);
        });
    for (CandidateResult r : rows) {
      if (undo.contains(r.candidateId()) || r.sameGraphAs() != null && undo.contains(r.sameGraphAs())) {
        CandidateResult stoppedRow = own.stream().filter(o -> o.candidateId().equals(r.candidateId())).findFirst()
            .orElseThrow();
        out.get(toComplete).output(KV.of(r.candidateId(), stoppedRow));
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
