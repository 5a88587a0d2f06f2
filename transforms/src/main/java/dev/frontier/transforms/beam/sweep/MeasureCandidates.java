package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CalibrationOutcome;
import dev.frontier.transforms.beam.candidate.CandidateBuilder;
import dev.frontier.transforms.beam.candidate.CandidateEvaluator;
import dev.frontier.transforms.beam.candidate.CandidateTask;
import dev.frontier.transforms.beam.candidate.LatencyMeasurer;
import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.EvaluationStrategy;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Candidate tasks → result rows. With {@code evaluation.strategy: racing} this is {@link RaceCandidates}; with
 * {@code exhaustive} (the default), each candidate is compressed, evaluated and timed in one step
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
  private final List<CandidateResult> earlierRows;

  private MeasureCandidates(Catalogue catalogue, SweepSpec sweep, String outputDir,
      PCollectionView<Map<String, CalibrationOutcome>> calibrations, List<CandidateResult> earlierRows) {
    this.catalogue = catalogue;
    this.sweep = sweep;
    this.outputDir = outputDir;
    this.calibrations = calibrations;
    this.earlierRows = List.copyOf(earlierRows);
  }

  /**
   * Measures candidates of {@code catalogue}'s models, with the ranges of the Calibrate stage, checkpointing
   * each finished one under {@code outputDir}.
   */
  public static MeasureCandidates of(Catalogue catalogue, SweepSpec sweep, String outputDir,
      PCollectionView<Map<String, CalibrationOutcome>> calibrations) {
    return new MeasureCandidates(catalogue, sweep, outputDir, calibrations, List.of());
  }

  /** Adds {@code earlierRows} (checkpointed by an earlier run, not measured again) to the results as they are. */
  public MeasureCandidates joining(List<CandidateResult> earlierRows) {
    return new MeasureCandidates(catalogue, sweep, outputDir, calibrations, earlierRows);
  }

  @Override
  public PCollectionTuple expand(PCollection<CandidateTask> tasks) {
    if (sweep.evaluationStrategy() == EvaluationStrategy.RACING) {
      return tasks.apply("Race", new RaceCandidates(catalogue, sweep, outputDir, calibrations, earlierRows));
    }
    PCollectionTuple measured = tasks.apply("CompressEvaluateTime",
        ParDo.of(new MeasureCandidateFn(catalogue,
                CandidateBuilder.forSweep(catalogue, sweep),
                new CandidateEvaluator(sweep.evaluationBatchRows()),
                new LatencyMeasurer(sweep),
                outputDir, calibrations, RESULTS, FAILURES))
            .withSideInputs(calibrations)
            .withOutputTags(RESULTS, TupleTagList.of(FAILURES)));
    measured.get(RESULTS).setCoder(ElementCoder.of(CandidateResult.class));
    measured.get(FAILURES).setCoder(ElementCoder.of(FailureRecord.class));
    PCollection<CandidateResult> earlier = tasks.getPipeline().apply("ReadCheckpoints",
        Create.of(earlierRows).withCoder(ElementCoder.of(CandidateResult.class)));
    PCollection<CandidateResult> results = PCollectionList.of(earlier).and(measured.get(RESULTS))
        .apply("JoinEarlierResults", Flatten.pCollections());
    return PCollectionTuple.of(RESULTS, results).and(FAILURES, measured.get(FAILURES));
  }

  /** Records a failed candidate: counter, progress line and failure record. */
  static void fail(DoFn.OutputReceiver<FailureRecord> out, CandidateTask task, String stage, RuntimeException e) {
    FailureRecord f = FailureRecord.of(task.model().modelId(), task.candidateId(), task.config(), stage, e);
    FAILED.inc();
    SweepProgress.failed(f);
    out.output(f);
  }
}
