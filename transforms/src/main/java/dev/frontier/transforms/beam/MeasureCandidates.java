package dev.frontier.transforms.beam;

import dev.frontier.transforms.catalogue.Catalogue;
import dev.frontier.transforms.catalogue.SweepSpec;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import java.util.Map;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.transforms.Flatten;

/**
 * Candidate tasks → result rows, through the Compress, Evaluate and MeasureLatency stages; size, accuracy
 * and latency all come from the same compressed artifact. Each stage sends what fails to
 * {@link #FAILURES}, so one bad candidate never stops the others.
 */
public final class MeasureCandidates extends PTransform<PCollection<CandidateTask>, PCollectionTuple> {
  public static final TupleTag<CandidateResult> RESULTS = new TupleTag<>() {};
  public static final TupleTag<FailureRecord> FAILURES = new TupleTag<>() {};
  private static final TupleTag<BuiltCandidate> BUILT = new TupleTag<>() {};
  private static final TupleTag<EvaluatedCandidate> EVALUATED = new TupleTag<>() {};
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
    PCollectionTuple built = tasks.apply("Compress",
        ParDo.of(new CompressCandidateFn(catalogue, sweep.evaluationBatchRows(), calibrations, BUILT, FAILURES)).withSideInputs(calibrations)
            .withOutputTags(BUILT, TupleTagList.of(FAILURES)));
    built.get(BUILT).setCoder(ElementCoder.of(BuiltCandidate.class));
    built.get(FAILURES).setCoder(ElementCoder.of(FailureRecord.class));

    PCollectionTuple evaluated = built.get(BUILT).apply("Evaluate",
        ParDo.of(new EvaluateCandidateFn(catalogue, sweep.evaluationBatchRows(), EVALUATED, FAILURES))
            .withOutputTags(EVALUATED, TupleTagList.of(FAILURES)));
    evaluated.get(EVALUATED).setCoder(ElementCoder.of(EvaluatedCandidate.class));
    evaluated.get(FAILURES).setCoder(ElementCoder.of(FailureRecord.class));

    PCollectionTuple measured = evaluated.get(EVALUATED).apply("MeasureLatency",
        ParDo.of(new MeasureLatencyFn(catalogue, sweep, outputDir, RESULTS, FAILURES))
            .withOutputTags(RESULTS, TupleTagList.of(FAILURES)));
    measured.get(RESULTS).setCoder(ElementCoder.of(CandidateResult.class));
    measured.get(FAILURES).setCoder(ElementCoder.of(FailureRecord.class));

    PCollection<FailureRecord> failures = PCollectionList.of(built.get(FAILURES))
        .and(evaluated.get(FAILURES)).and(measured.get(FAILURES))
        .apply("CollectFailures", Flatten.pCollections());
    return PCollectionTuple.of(RESULTS, measured.get(RESULTS)).and(FAILURES, failures);
  }

  /** Records a failed candidate: counter, progress line and failure record. */
  static void fail(DoFn.OutputReceiver<FailureRecord> out, CandidateTask task, String stage, RuntimeException e) {
    FailureRecord f = FailureRecord.of(task.model().modelId(), task.candidateId(), task.config(), stage, e);
    FAILED.inc();
    SweepProgress.failed(f);
    out.output(f);
  }
}
