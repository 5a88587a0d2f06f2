package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CandidateEvaluator;
import dev.frontier.transforms.beam.candidate.EvaluatedCandidate;
import dev.frontier.transforms.beam.candidate.LatencyMeasurer;
import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.beam.io.CandidateCheckpoints;
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
 * Racing, a stop undone: a stopped candidate whose row {@link CheckStopsFn} could not confirm (a map side input,
 * candidate id → row) is evaluated on the rows it has not seen and timed at batch 32; its batch-1 latency stays
 * as measured. Other stopped candidates are dropped here (their rows went on from {@link CheckStopsFn}).
 */
class CompleteRaceFn extends DoFn<RacingCandidate, CandidateResult> {
  private final RaceSteps steps;
  private final LatencyMeasurer latency;
  private final String outputDir;
  private final Counter measured = Metrics.counter(MeasureCandidates.class, "candidates_measured");
  private final PCollectionView<Map<String, CandidateResult>> toComplete;
  private final TupleTag<CandidateResult> results;
  private final TupleTag<FailureRecord> failures;

  CompleteRaceFn(RaceSteps steps, LatencyMeasurer latency, String outputDir,
      PCollectionView<Map<String, CandidateResult>> toComplete, TupleTag<CandidateResult> results,
      TupleTag<FailureRecord> failures) {
    this.steps = steps;
    this.latency = latency;
    this.outputDir = outputDir;
    this.toComplete = toComplete;
    this.results = results;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element RacingCandidate candidate, MultiOutputReceiver out, ProcessContext context) {
    CandidateResult row = context.sideInput(toComplete).get(candidate.candidateId());
    if (row == null) {
      return;
    }
    String stage = CandidateEvaluator.STAGE;
    try {
      Dataset eval = steps.evaluation(candidate.built().task().model());
      EvaluatedCandidate evaluated;
      try (BenchmarkSlot.Held shared = BenchmarkSlot.shared()) {
        RacingCandidate all = steps.evaluateChosen(candidate, eval, steps.unseen(candidate, eval));
        evaluated = steps.evaluator.summarize(candidate.built(), all.tally(), eval);
      }
      stage = LatencyMeasurer.STAGE;
      CandidateResult complete = latency.complete(row, evaluated, eval);
      RaceCandidates.STOPS_UNDONE.inc();
      CandidateCheckpoints.write(outputDir, complete);
      measured.inc();
      SweepProgress.succeeded(complete);
      out.get(results).output(complete);
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), candidate.built().task(), stage, e);
    }
  }
}
