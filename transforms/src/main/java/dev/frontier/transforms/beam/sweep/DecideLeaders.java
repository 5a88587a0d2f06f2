package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.RacingCandidate;
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
  private final double accuracyBudgetPp;
  private final double confidence;

  private DecideLeaders(double accuracyBudgetPp, double confidence) {
    this.accuracyBudgetPp = accuracyBudgetPp;
    this.confidence = confidence;
  }

  /** Leaders for a sweep with this accuracy budget and {@code evaluation.confidence} (its last stops excluded). */
  static DecideLeaders of(double accuracyBudgetPp, double confidence) {
    return new DecideLeaders(accuracyBudgetPp, confidence);
  }

  @Override
  public PCollectionView<Map<String, String>> expand(PCollection<RacingCandidate> candidates) {
    return DecideStops.byModel(candidates)
        .apply("Leaders", ParDo.of(new DecideLeadersFn(accuracyBudgetPp, confidence)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("AsMap", View.asMap());
  }
}
