package dev.frontier.transforms.beam;

import dev.frontier.transforms.catalogue.Catalogue;
import dev.frontier.transforms.catalogue.SweepSpec;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Candidate tasks → result rows: each candidate is compressed, evaluated and timed in one step
 * ({@link MeasureCandidateFn}), so size, accuracy and latency all come from the same compressed artifact
 * and that artifact is held only while it is measured. What fails goes to {@link #FAILURES}, naming the
 * step (Compress, Evaluate or MeasureLatency), so one bad candidate never stops the others.
 */
public final class MeasureCandidates extends PTransform<PCollection<CandidateTask>, PCollectionTuple> {
  public static final TupleTag<CandidateResult> RESULTS = new TupleTag<>() {};
  public static final TupleTag<FailureRecord> FAILURES = new TupleTag<>() {};
  private static final Counter FAILED = Metrics.counter(MeasureCandidates.class, "candidates_failed");

  private final Catalogue catalogue;
  private final SweepSpec sweep;
  private final String outputDir;
  private final PCollectionView<Map<String, CalibrationOutcome>> calibrations;

  private MeasureCandidates(Catalogue catalogue, SweepSpec sweep, String outputDir,
      PCollectionView<Map<String, CalibrationOutcome>> calibrations) {
    this.catalogue = catalogue;
    this.sweep = sweep;
    this.outputDir = outputDir;
    this.calibrations = calibrations;
  }

  /**
   * Measures candidates of {@code catalogue}'s models, with the ranges of the Calibrate stage, checkpointing
   * each finished one under {@code outputDir}.
   */
  public static MeasureCandidates of(Catalogue catalogue, SweepSpec sweep, String outputDir,
      PCollectionView<Map<String, CalibrationOutcome>> calibrations) {
    return new MeasureCandidates(catalogue, sweep, outputDir, calibrations);
  }

  @Override
  public PCollectionTuple expand(PCollection<CandidateTask> tasks) {
    PCollectionTuple measured = tasks.apply("CompressEvaluateTime",
        ParDo.of(new MeasureCandidateFn(catalogue,
                new CandidateBuilder(catalogue, sweep.evaluationBatchRows()),
                new CandidateEvaluator(sweep.evaluationBatchRows()),
                new LatencyMeasurer(sweep),
                outputDir, calibrations, RESULTS, FAILURES))
            .withSideInputs(calibrations)
            .withOutputTags(RESULTS, TupleTagList.of(FAILURES)));
    measured.get(RESULTS).setCoder(ElementCoder.of(CandidateResult.class));
    measured.get(FAILURES).setCoder(ElementCoder.of(FailureRecord.class));
    return measured;
  }

  /** Records a failed candidate: counter, progress line and failure record. */
  static void fail(DoFn.OutputReceiver<FailureRecord> out, CandidateTask task, String stage, RuntimeException e) {
    FailureRecord f = FailureRecord.of(task.model().modelId(), task.candidateId(), task.config(), stage, e);
    FAILED.inc();
    SweepProgress.failed(f);
    out.output(f);
  }
}
