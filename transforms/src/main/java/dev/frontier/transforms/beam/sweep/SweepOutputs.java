package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;

/** What a sweep writes: result rows, failure records and the Markdown summary (one string). */
public final class SweepOutputs implements PInput {
  private static final TupleTag<CandidateResult> RESULTS = new TupleTag<>("results");
  private static final TupleTag<FailureRecord> FAILURES = new TupleTag<>("failures");
  private static final TupleTag<String> SUMMARY = new TupleTag<>("summary");

  private final PCollection<CandidateResult> results;
  private final PCollection<FailureRecord> failures;
  private final PCollection<String> summary;

  private SweepOutputs(PCollection<CandidateResult> results, PCollection<FailureRecord> failures,
      PCollection<String> summary) {
    this.results = results;
    this.failures = failures;
    this.summary = summary;
  }

  /** Result rows and summary, with no failures yet ({@link #withFailures} adds them). */
  public static SweepOutputs of(PCollection<CandidateResult> results, PCollection<String> summary) {
    return new SweepOutputs(results, results.getPipeline().apply("NoFailures",
        Create.empty(ElementCoder.of(FailureRecord.class))), summary);
  }

  /** These outputs with the failure records of {@code stages} added (each stage's failures, flattened). */
  @SafeVarargs
  public final SweepOutputs withFailures(PCollection<FailureRecord>... stages) {
    PCollectionList<FailureRecord> all = PCollectionList.of(failures);
    for (PCollection<FailureRecord> stage : stages) {
      all = all.and(stage);
    }
    return new SweepOutputs(results, all.apply("CollectFailures", Flatten.pCollections()), summary);
  }

  public PCollection<CandidateResult> results() { return results; }

  public PCollection<FailureRecord> failures() { return failures; }

  public PCollection<String> summary() { return summary; }

  /** Applies a transform to these outputs, as {@code PCollection.apply} does. */
  public <OutputT extends POutput> OutputT apply(String name, PTransform<SweepOutputs, OutputT> transform) {
    return Pipeline.applyTransform(name, this, transform);
  }

  @Override
  public Pipeline getPipeline() {
    return results.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return Map.of(RESULTS, results, FAILURES, failures, SUMMARY, summary);
  }
}
