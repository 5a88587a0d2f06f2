package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CandidateTask;
import dev.frontier.transforms.beam.candidate.ImportedModel;
import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.config.CandidateSpec;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.results.CandidateResult;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;

/**
 * Imported models → one task per (model, sweep configuration), minus the candidates already measured in
 * an earlier run into the same output (resume). The tasks are redistributed so that the candidates of one
 * model are built and measured on all workers, not one after another in the bundle that imported the model.
 */
public final class ExpandCandidates extends PTransform<PCollection<ImportedModel>, PCollection<CandidateTask>> {
  private final SweepSpec sweep;
  private final Set<String> doneCandidateIds;
  private final Integer numBuckets;

  private ExpandCandidates(SweepSpec sweep, Set<String> doneCandidateIds, Integer numBuckets) {
    this.sweep = sweep;
    this.doneCandidateIds = Set.copyOf(doneCandidateIds);
    this.numBuckets = numBuckets;
  }

  /** Every candidate of the sweep. */
  public static ExpandCandidates of(SweepSpec sweep) {
    return new ExpandCandidates(sweep, Set.of(), null);
  }

  /** Leaves out the candidates of {@code earlierRows}, measured by an earlier run (resume). */
  public ExpandCandidates skipping(List<CandidateResult> earlierRows) {
    Set<String> done = earlierRows.stream().map(CandidateResult::candidateId).collect(Collectors.toSet());
    return new ExpandCandidates(sweep, done, numBuckets);
  }

  /**
   * Spreads the tasks over {@code numBuckets} random keys instead of one per task (null: one per task).
   * Runners that make one bundle per key (the DirectRunner) then set each stage up once per bucket, not
   * once per candidate.
   */
  public ExpandCandidates withNumBuckets(Integer numBuckets) {
    return new ExpandCandidates(sweep, doneCandidateIds, numBuckets);
  }

  @Override
  public PCollection<CandidateTask> expand(PCollection<ImportedModel> models) {
    return models
        .apply("CrossWithSweep", ParDo.of(new ExpandFn(sweep, doneCandidateIds)))
        .setCoder(ElementCoder.of(CandidateTask.class))
        .apply("SpreadOverWorkers", Reshuffle.<CandidateTask>viaRandomKey().withNumBuckets(numBuckets));
  }

  /** Emits every candidate of the sweep for one model that is not done yet. */
  static final class ExpandFn extends DoFn<ImportedModel, CandidateTask> {
    private final SweepSpec sweep;
    private final Set<String> done;
    private final Counter resumed = Metrics.counter(ExpandCandidates.class, "candidates_resumed");

    ExpandFn(SweepSpec sweep, Set<String> done) {
      this.sweep = sweep;
      this.done = done;
    }

    @ProcessElement
    public void process(@Element ImportedModel model, OutputReceiver<CandidateTask> out) {
      for (CandidateSpec spec : sweep.candidates(model.entry())) {
        CandidateTask task = new CandidateTask(model, spec);
        if (done.contains(task.candidateId())) {
          resumed.inc();
        } else {
          out.output(task);
        }
      }
    }
  }
}
