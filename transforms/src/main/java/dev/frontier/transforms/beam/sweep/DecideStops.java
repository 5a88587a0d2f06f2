package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.pareto.Standing;
import java.util.Map;
import org.apache.beam.sdk.coders.DoubleCoder;
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
 * Racing candidates after a round → the candidates to stop, as a map side input (candidate id → reason) for the
 * next round. Only each candidate's standing (size, accuracy interval) is grouped by model, never its graph.
 */
final class DecideStops extends PTransform<PCollection<RacingCandidate>, PCollectionView<Map<String, String>>> {
  private final double accuracyBudgetPp;

  private DecideStops(double accuracyBudgetPp) {
    this.accuracyBudgetPp = accuracyBudgetPp;
  }

  static DecideStops withBudget(double accuracyBudgetPp) {
    return new DecideStops(accuracyBudgetPp);
  }

  @Override
  public PCollectionView<Map<String, String>> expand(PCollection<RacingCandidate> candidates) {
    return candidates
        .apply("Standings", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), new TypeDescriptor<KV<Standing, Double>>() {}))
            .via(DecideStopsFn::standing))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), KvCoder.of(ElementCoder.of(Standing.class), DoubleCoder.of())))
        .apply("GroupByModel", GroupByKey.create())
        .apply("StopRule", ParDo.of(new DecideStopsFn(accuracyBudgetPp)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("AsMap", View.asMap());
  }
}
