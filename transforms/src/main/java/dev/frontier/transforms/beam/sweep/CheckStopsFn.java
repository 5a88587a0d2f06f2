package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.io.CandidateCheckpoints;
import dev.frontier.transforms.pareto.Point;
import dev.frontier.transforms.pareto.StopCheck;
import dev.frontier.transforms.results.CandidateResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Racing, once latencies are measured: one model's rows → the rows whose stop {@link StopCheck} confirms (and
 * every fully evaluated row), checkpointed and passed on; the stopped rows it does not confirm go to
 * {@code toComplete}, keyed by candidate id, to be evaluated on their remaining rows.
 */
class CheckStopsFn extends DoFn<KV<String, Iterable<CandidateResult>>, CandidateResult> {
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
    List<CandidateResult> rows = new ArrayList<>();
    model.getValue().forEach(rows::add);
    rows.sort(Comparator.comparing(CandidateResult::candidateId));
    List<CandidateResult> checked = new ArrayList<>(rows);
    earlierRows.stream().filter(r -> r.modelId().equals(model.getKey())).forEach(checked::add);
    List<StopCheck.Raced> raced = checked.stream()
        .map(r -> new StopCheck.Raced(point(r), r.accuracyHi(), r.stopped())).toList();
    Set<String> undo = StopCheck.unconfirmed(raced, rows.get(0).floatAccuracy(), accuracyBudgetPp,
        latencyEquivalence);
    for (CandidateResult r : rows) {
      if (undo.contains(r.candidateId())) {
        out.get(toComplete).output(KV.of(r.candidateId(), r));
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
