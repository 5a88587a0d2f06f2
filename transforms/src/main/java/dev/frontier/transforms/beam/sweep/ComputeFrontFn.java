package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.pareto.BudgetChoice;
import dev.frontier.transforms.pareto.Knee;
import dev.frontier.transforms.pareto.ParetoFront;
import dev.frontier.transforms.pareto.Point;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FrontSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;

/**
 * For one model's results: marks the Pareto front over (gzip size ↓, batch-1 latency ↓, accuracy ↑), its
 * knee and the best candidate within the accuracy budget, and renders the model's Markdown section. Latency
 * is the ratio to the float model with its 95 % interval: two candidates differ on it only when their
 * intervals separate by more than the sweep's latency equivalence ({@link dev.frontier.transforms.pareto.Dominance}).
 * A candidate racing evaluation stopped enters at the lower end of its accuracy interval: its stop was confirmed
 * ({@link dev.frontier.transforms.pareto.StopCheck}) only where every accuracy in the interval gives the same flags.
 */
class ComputeFrontFn extends DoFn<KV<String, Iterable<CandidateResult>>, CandidateResult> {
  private final double accuracyBudgetPp;
  private final double latencyEquivalence;
  private final TupleTag<String> summaries;

  ComputeFrontFn(double accuracyBudgetPp, double latencyEquivalence, TupleTag<String> summaries) {
    this.accuracyBudgetPp = accuracyBudgetPp;
    this.latencyEquivalence = latencyEquivalence;
    this.summaries = summaries;
  }

  @ProcessElement
  public void process(@Element KV<String, Iterable<CandidateResult>> model, MultiOutputReceiver out) {
    List<CandidateResult> rows = new ArrayList<>();
    model.getValue().forEach(rows::add);
    rows.sort(Comparator.comparing(CandidateResult::config));
    List<Point> points = rows.stream().map(CheckStopsFn::point).collect(Collectors.toList());
    Set<String> front = ParetoFront.of(points, latencyEquivalence).stream().map(Point::id)
        .collect(Collectors.toSet());
    String knee = Knee.of(points, latencyEquivalence).map(Point::id).orElse(null);
    String chosen = BudgetChoice.best(points, rows.get(0).floatAccuracy(), accuracyBudgetPp)
        .map(Point::id).orElse(null);
    List<CandidateResult> flagged = new ArrayList<>();
    for (CandidateResult r : rows) {
      CandidateResult f = r.withFlags(front.contains(r.candidateId()), r.candidateId().equals(knee),
          r.candidateId().equals(chosen));
      flagged.add(f);
      out.get(ComputeFronts.RESULTS).output(f);
    }
    out.get(summaries).output(FrontSummary.markdown(model.getKey(), flagged, accuracyBudgetPp));
  }
}
