package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.pareto.Standing;
import dev.frontier.transforms.pareto.StopRule;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Racing, between rounds: one model's standings (size and accuracy interval of every candidate) → the candidates
 * to stop ({@link StopRule}), as candidate id → reason. Sizes and intervals only, so the decision is the same on
 * every run and runner.
 */
class DecideStopsFn extends DoFn<KV<String, Iterable<KV<Standing, Double>>>, KV<String, String>> {
  private final double accuracyBudgetPp;

  DecideStopsFn(double accuracyBudgetPp) {
    this.accuracyBudgetPp = accuracyBudgetPp;
  }

  @ProcessElement
  public void process(@Element KV<String, Iterable<KV<Standing, Double>>> model, OutputReceiver<KV<String, String>> out) {
    List<Standing> standings = new ArrayList<>();
    double floatAccuracy = Double.NaN;
    for (KV<Standing, Double> s : model.getValue()) {
      standings.add(s.getKey());
      floatAccuracy = s.getValue();
    }
    StopRule.toStop(standings, floatAccuracy, accuracyBudgetPp).forEach((id, reason) -> out.output(KV.of(id, reason)));
  }

  /** A candidate's standing, with its model's float accuracy (the budget is relative to it). */
  static KV<String, KV<Standing, Double>> standing(RacingCandidate c) {
    return KV.of(c.modelId(), KV.of(c.standing(), c.built().task().model().floatAccuracy()));
  }
}
