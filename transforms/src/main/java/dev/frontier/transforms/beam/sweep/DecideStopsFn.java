package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.pareto.Standing;
import dev.frontier.transforms.pareto.Stop;
import dev.frontier.transforms.pareto.StopRule;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Racing, between rounds: one model's standings (size, accuracy interval, right rows and graph hashes of every
 * candidate) → the candidates to stop ({@link StopRule}), as candidate id → {@link Stop}. No latency is read, so
 * the decision is the same on every run and runner.
 */
class DecideStopsFn extends DoFn<KV<String, Iterable<DecideStopsFn.Entry>>, KV<String, Stop>> {
  private final double accuracyBudgetPp;
  private final double confidence;

  DecideStopsFn(double accuracyBudgetPp, double confidence) {
    this.accuracyBudgetPp = accuracyBudgetPp;
    this.confidence = confidence;
  }

  /** A candidate's standing, with its model's float accuracy (the budget is relative to it) and evaluation rows. */
  record Entry(Standing standing, double floatAccuracy, int rows) implements Serializable {}

  @ProcessElement
  public void process(@Element KV<String, Iterable<Entry>> model, OutputReceiver<KV<String, Stop>> out) {
    List<Standing> standings = new ArrayList<>();
    double floatAccuracy = Double.NaN;
    int rows = 0;
    for (Entry e : model.getValue()) {
      standings.add(e.standing());
      floatAccuracy = e.floatAccuracy();
      rows = e.rows();
    }
    StopRule.toStop(standings, floatAccuracy, accuracyBudgetPp, rows,
            RaceSteps.pairAlpha(confidence, standings.size()))
        .forEach((id, stop) -> out.output(KV.of(id, stop)));
  }

  /** A candidate's entry, keyed by its model. */
  static KV<String, Entry> standing(RacingCandidate c) {
    return KV.of(c.modelId(), new Entry(c.standing(), c.built().task().model().floatAccuracy(),
        c.built().task().model().floatTop1().length));
  }
}
