package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.pareto.Stop;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Racing candidates after a round → the candidates to stop (candidate id → {@link Stop}), which the next round
 * reads as a map side input. Only each candidate's standing (size, accuracy interval, right rows, graph hashes)
 * is grouped by model, never its graph.
 */
final class DecideStops extends PTransform<PCollection<RacingCandidate>, PCollectionView<Map<String, Stop>>> {
  private final double accuracyBudgetPp;
  private final double confidence;

  private DecideStops(double accuracyBudgetPp, double confidence) {
    this.accuracyBudgetPp = accuracyBudgetPp;
    this.confidence = confidence;
  }

  /** Stops for a sweep with this accuracy budget and {@code evaluation.confidence}. */
  static DecideStops of(double accuracyBudgetPp, double confidence) {
    return new DecideStops(accuracyBudgetPp, confidence);
  }

  @Override
  public PCollectionView<Map<String, Stop>> expand(PCollection<RacingCandidate> candidates) {
    return byModel(candidates)
        .apply("StopRule", ParDo.of(new DecideStopsFn(accuracyBudgetPp, confidence)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ElementCoder.of(Stop.class)))
        .apply("AsMap", View.asMap());
  }

  /** Each candidate's standing, grouped by its model (no graph moves). */
  static PCollection<KV<String, Iterable<DecideStopsFn.Entry>>> byModel(PCollection<RacingCandidate> candidates) {
    return candidates
        .apply("Standings", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(DecideStopsFn.Entry.class)))
            .via(DecideStopsFn::standing))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ElementCoder.of(DecideStopsFn.Entry.class)))
        .apply("GroupByModel", GroupByKey.create());
  }
}
