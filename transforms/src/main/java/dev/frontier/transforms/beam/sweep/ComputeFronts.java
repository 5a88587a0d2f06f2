package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FrontSummary;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Result rows → the same rows with on_front / knee / chosen set per model ({@link #RESULTS}), and the
 * Markdown summary of every model's front as one document ({@link #SUMMARY}).
 */
public final class ComputeFronts extends PTransform<PCollection<CandidateResult>, PCollectionTuple> {
  public static final TupleTag<CandidateResult> RESULTS = new TupleTag<>() {};
  public static final TupleTag<String> SUMMARY = new TupleTag<>() {};
  private static final TupleTag<String> SECTIONS = new TupleTag<>() {};

  private final double accuracyBudgetPp;
  private final double latencyEquivalence;

  private ComputeFronts(double accuracyBudgetPp, double latencyEquivalence) {
    this.accuracyBudgetPp = accuracyBudgetPp;
    this.latencyEquivalence = latencyEquivalence;
  }

  /**
   * Fronts with the best candidate chosen among those at most {@code accuracyBudgetPp} points below float;
   * latencies compared by their intervals as they are.
   */
  public static ComputeFronts withBudget(double accuracyBudgetPp) {
    return new ComputeFronts(accuracyBudgetPp, 0);
  }

  /** The same, with latency ratios within {@code equivalence} (a share) of each other's interval a tie. */
  public ComputeFronts withLatencyEquivalence(double equivalence) {
    return new ComputeFronts(accuracyBudgetPp, equivalence);
  }

  @Override
  public PCollectionTuple expand(PCollection<CandidateResult> results) {
    PCollectionTuple marked = results
        .apply("KeyByModel", WithKeys.of(CandidateResult::modelId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ElementCoder.of(CandidateResult.class)))
        .apply("GroupByModel", GroupByKey.create())
        .apply("MarkFronts", ParDo.of(new ComputeFrontFn(accuracyBudgetPp, latencyEquivalence, SECTIONS))
            .withOutputTags(RESULTS, TupleTagList.of(SECTIONS)));
    marked.get(RESULTS).setCoder(ElementCoder.of(CandidateResult.class));
    PCollection<String> summary = marked.get(SECTIONS).setCoder(StringUtf8Coder.of())
        .apply("JoinSummary", Combine.globally(new JoinSectionsFn()));
    return PCollectionTuple.of(RESULTS, marked.get(RESULTS)).and(SUMMARY, summary);
  }

  /** Joins the per-model sections in model order, so the summary is the same on every runner. */
  static final class JoinSectionsFn extends Combine.CombineFn<String, List<String>, String> {
    @Override
    public List<String> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<String> addInput(List<String> acc, String section) {
      acc.add(section);
      return acc;
    }

    @Override
    public List<String> mergeAccumulators(Iterable<List<String>> accs) {
      List<String> merged = new ArrayList<>();
      accs.forEach(merged::addAll);
      return merged;
    }

    @Override
    public String extractOutput(List<String> acc) {
      List<String> sorted = new ArrayList<>(acc);
      Collections.sort(sorted);
      return FrontSummary.TITLE + "\n\n" + String.join("\n", sorted);
    }
  }
}
