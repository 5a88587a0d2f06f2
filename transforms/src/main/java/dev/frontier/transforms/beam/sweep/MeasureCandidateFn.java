package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.BuiltCandidate;
import dev.frontier.transforms.beam.candidate.CalibrationOutcome;
import dev.frontier.transforms.beam.candidate.CandidateBuilder;
import dev.frontier.transforms.beam.candidate.CandidateEvaluator;
import dev.frontier.transforms.beam.candidate.CandidateTask;
import dev.frontier.transforms.beam.candidate.EvaluatedCandidate;
import dev.frontier.transforms.beam.candidate.LatencyMeasurer;
import dev.frontier.transforms.beam.io.CandidateCheckpoints;
import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.BenchmarkSlot;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Takes one candidate through its three steps in one call: {@link CandidateBuilder} (Compress),
 * {@link CandidateEvaluator} (Evaluate) and {@link LatencyMeasurer} (MeasureLatency), then checkpoints the
 * finished row ({@link CandidateCheckpoints}) so an interrupted sweep can resume.
 *
 * <p>One DoFn rather than three chained ones, so a compressed graph lives only while its candidate is being
 * measured: a runner that materialises every stage's output (the DirectRunner has no backpressure) would
 * otherwise hold the compressed graphs of all candidates built ahead of the slower evaluation, and memory
 * would grow with the catalogue. A failure names the step it happened in. Compressing and evaluating hold the
 * {@link BenchmarkSlot} shared and timing holds it exclusively, so no candidate is timed while another thread
 * of this worker runs TensorFlow.
 */
class MeasureCandidateFn extends DoFn<CandidateTask, CandidateResult> {
  private final Catalogue catalogue;
  private final CandidateBuilder builder;
  private final CandidateEvaluator evaluator;
  private final LatencyMeasurer latency;
  private final String outputDir;
  private final PCollectionView<Map<String, CalibrationOutcome>> calibrations;
  private final TupleTag<CandidateResult> results;
  private final TupleTag<FailureRecord> failures;
  private final Counter compressed = Metrics.counter(MeasureCandidates.class, "candidates_compressed");
  private final Counter measured = Metrics.counter(MeasureCandidates.class, "candidates_measured");

  MeasureCandidateFn(Catalogue catalogue, CandidateBuilder builder, CandidateEvaluator evaluator,
      LatencyMeasurer latency, String outputDir, PCollectionView<Map<String, CalibrationOutcome>> calibrations,
      TupleTag<CandidateResult> results, TupleTag<FailureRecord> failures) {
    this.catalogue = catalogue;
    this.builder = builder;
    this.evaluator = evaluator;
    this.latency = latency;
    this.outputDir = outputDir;
    this.calibrations = calibrations;
    this.results = results;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element CandidateTask task, MultiOutputReceiver out, ProcessContext context) {
    String stage = CandidateBuilder.STAGE;
    try {
      Dataset eval;
      EvaluatedCandidate evaluated;
      try (BenchmarkSlot.Held shared = BenchmarkSlot.shared()) {
        BuiltCandidate built = builder.build(task, context.sideInput(calibrations));
        compressed.inc();
        stage = CandidateEvaluator.STAGE;
        eval = ModelData.shared(catalogue, StagedFiles.create()).split(task.model().entry()).evaluation();
        evaluated = evaluator.evaluate(built, eval);
      }
      stage = LatencyMeasurer.STAGE;
      CandidateResult result = latency.measure(evaluated, eval);
      CandidateCheckpoints.write(outputDir, result);
      measured.inc();
      SweepProgress.succeeded(result);
      out.get(results).output(result);
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), task, stage, e);
    }
  }
}
