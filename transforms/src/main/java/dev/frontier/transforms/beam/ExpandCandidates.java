package dev.frontier.transforms.beam;

import dev.frontier.transforms.catalogue.CandidateSpec;
import dev.frontier.transforms.catalogue.SweepSpec;

import java.util.Set;
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

  /** Every candidate of the sweep except those whose ids are in {@code doneCandidateIds}. */
  public static ExpandCandidates of(SweepSpec sweep, Set<String> doneCandidateIds) {
    return new ExpandCandidates(sweep, doneCandidateIds, null);
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
      for (CandidateSpec spec : sweep.candidates(model.modelId())) {
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
