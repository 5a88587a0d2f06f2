package dev.frontier.transforms.beam;

import dev.frontier.transforms.catalogue.CandidateSpec;
import dev.frontier.transforms.catalogue.SweepSpec;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;

/**
 * Imported models → one task per (model, sweep configuration). The tasks are redistributed so that the
 * candidates of one model are built and measured on all workers, not one after another in the bundle
 * that imported the model.
 */
public final class ExpandCandidates extends PTransform<PCollection<ImportedModel>, PCollection<CandidateTask>> {
  private final SweepSpec sweep;

  private ExpandCandidates(SweepSpec sweep) {
    this.sweep = sweep;
  }

  public static ExpandCandidates of(SweepSpec sweep) {
    return new ExpandCandidates(sweep);
  }

  @Override
  public PCollection<CandidateTask> expand(PCollection<ImportedModel> models) {
    return models
        .apply("CrossWithSweep", ParDo.of(new ExpandFn(sweep)))
        .setCoder(ElementCoder.of(CandidateTask.class))
        .apply("SpreadOverWorkers", Reshuffle.viaRandomKey());
  }

  /** Emits every candidate of the sweep for one model. */
  static final class ExpandFn extends DoFn<ImportedModel, CandidateTask> {
    private final SweepSpec sweep;

    ExpandFn(SweepSpec sweep) {
      this.sweep = sweep;
    }

    @ProcessElement
    public void process(@Element ImportedModel model, OutputReceiver<CandidateTask> out) {
      for (CandidateSpec spec : sweep.candidates(model.modelId())) {
        out.output(new CandidateTask(model, spec));
      }
    }
  }
}
