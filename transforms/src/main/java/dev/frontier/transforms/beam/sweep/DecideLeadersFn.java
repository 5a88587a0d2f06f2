package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.pareto.Leaders;
import dev.frontier.transforms.pareto.Standing;
import dev.frontier.transforms.pareto.Stop;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Racing, after the last round: one model's standings → its followers ({@link Leaders}), as follower id → the
 * id of the candidate it follows. Candidates the last round stops, stopped ones and exact ones are not among
 * them. From standings only, so the same on every run and runner.
 */
class DecideLeadersFn extends DoFn<KV<String, Iterable<DecideStopsFn.Entry>>, KV<String, String>> {
  private final double accuracyBudgetPp;
  private final double confidence;

  DecideLeadersFn(double accuracyBudgetPp, double confidence) {
    this.accuracyBudgetPp = accuracyBudgetPp;
    this.confidence = confidence;
  }

  @ProcessElement
  public void process(@Element KV<String, Iterable<DecideStopsFn.Entry>> model,
      OutputReceiver<KV<String, String>> out) {
    // A grouped result may be iterated once only (Flink): copy it.
    List<DecideStopsFn.Entry> entries = StreamSupport.stream(model.getValue().spliterator(), false).toList();
    Map<String, Stop> stops = DecideStopsFn.stops(entries, accuracyBudgetPp, confidence);
    List<Standing> running = entries.stream()
        .map(DecideStopsFn.Entry::standing)
        .filter(s -> !s.stopped() && !s.exact() && !stops.containsKey(s.id()))
        .toList();
    Leaders.followers(running).forEach((follower, leader) -> out.output(KV.of(follower, leader)));
  }
}
