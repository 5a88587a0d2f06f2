package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CalibrationOutcome;
import dev.frontier.transforms.beam.candidate.CandidateBuilder;
import dev.frontier.transforms.beam.candidate.CandidateTask;
import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.measure.BenchmarkSlot;
import dev.frontier.transforms.results.FailureRecord;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Racing, step one: builds each candidate once ({@link CandidateBuilder}, step Compress). The built artifact
 * travels with the candidate through the rounds, so recovery (fine-tuning above all) never runs twice.
 */
class StartRaceFn extends DoFn<CandidateTask, RacingCandidate> {
  private final CandidateBuilder builder;
  private final PCollectionView<Map<String, CalibrationOutcome>> calibrations;
  private final TupleTag<RacingCandidate> racing;
  private final TupleTag<FailureRecord> failures;
  private final Counter compressed = Metrics.counter(MeasureCandidates.class, "candidates_compressed");

  StartRaceFn(CandidateBuilder builder, PCollectionView<Map<String, CalibrationOutcome>> calibrations,
      TupleTag<RacingCandidate> racing, TupleTag<FailureRecord> failures) {
    this.builder = builder;
    this.calibrations = calibrations;
    this.racing = racing;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element CandidateTask task, MultiOutputReceiver out, ProcessContext context) {
    try (BenchmarkSlot.Held shared = BenchmarkSlot.shared()) {
      RacingCandidate started = RacingCandidate.start(builder.build(task, context.sideInput(calibrations)));
      compressed.inc();
      out.get(racing).output(started);
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), task, CandidateBuilder.STAGE, e);
    }
  }
}
