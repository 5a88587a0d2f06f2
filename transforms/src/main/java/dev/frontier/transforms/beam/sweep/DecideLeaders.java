package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.pareto.Stop;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Racing candidates after the last round → the followers ({@link dev.frontier.transforms.pareto.Leaders}), as
 * candidate id → the id of the candidate it follows, which {@code Finish} reads as a map side input: a follower
 * is not evaluated further there but settled against the leaders' exact results ({@link SettleRaceFn}). Only
 * standings are grouped by model, never graphs.
 */
final class DecideLeaders extends PTransform<PCollection<RacingCandidate>, PCollectionView<Map<String, String>>> {
  private final PCollectionView<Map<String, Stop>> lastStops;

  private DecideLeaders(PCollectionView<Map<String, Stop>> lastStops) {
    this.lastStops = lastStops;
  }

  /** Leaders among the candidates that the last round's stops ({@link DecideStops}) leave running. */
  static DecideLeaders after(PCollectionView<Map<String, Stop>> lastStops) {
    return new DecideLeaders(lastStops);
  }

  @Override
  public PCollectionView<Map<String, String>> expand(PCollection<RacingCandidate> candidates) {
    return DecideStops.byModel(candidates)
        .apply("Leaders", ParDo.of(new DecideLeadersFn(lastStops)).withSideInputs(lastStops))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("AsMap", View.asMap());
  }
}
