package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.pareto.Leaders;
import dev.frontier.transforms.pareto.Standing;
import dev.frontier.transforms.pareto.Stop;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Racing, after the last round: one model's standings → its followers ({@link Leaders}), as follower id → the
 * id of the candidate it follows. Candidates the last round stops (a map side input), stopped ones and exact ones
 * are not among them. From standings only, so the same on every run and runner.
 */
class DecideLeadersFn extends DoFn<KV<String, Iterable<DecideStopsFn.Entry>>, KV<String, String>> {
  private final PCollectionView<Map<String, Stop>> lastStops;

  DecideLeadersFn(PCollectionView<Map<String, Stop>> lastStops) {
    this.lastStops = lastStops;
  }

  @ProcessElement
  public void process(@Element KV<String, Iterable<DecideStopsFn.Entry>> model,
      OutputReceiver<KV<String, String>> out, ProcessContext context) {
    Map<String, Stop> stops = context.sideInput(lastStops);
    List<Standing> running = StreamSupport.stream(model.getValue().spliterator(), false)
        .map(DecideStopsFn.Entry::standing)
        .filter(s -> !s.stopped() && !s.exact() && !stops.containsKey(s.id()))
        .toList();
    Leaders.followers(running).forEach((follower, leader) -> out.output(KV.of(follower, leader)));
  }
}
