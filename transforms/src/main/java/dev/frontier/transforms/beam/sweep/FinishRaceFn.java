package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CandidateEvaluator;
import dev.frontier.transforms.beam.candidate.EvaluatedCandidate;
import dev.frontier.transforms.beam.candidate.LatencyMeasurer;
import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.BenchmarkSlot;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Racing, last step per candidate: the candidate as evaluated on the rows it saw (every row unless it stopped;
 * a full-integer candidate's shipped graph compared on the same rows) and timed ({@link LatencyMeasurer}: batch
 * 1 and 32, or batch 1 only for a stopped one). Emits its row, and stopped candidates themselves for the chance
 * that their stop is undone ({@link CompleteRaceFn}).
 */
class FinishRaceFn extends DoFn<RacingCandidate, CandidateResult> {
  private final RaceSteps steps;
  private final LatencyMeasurer latency;
  private final TupleTag<CandidateResult> results;
  private final TupleTag<RacingCandidate> stopped;
  private final TupleTag<FailureRecord> failures;

  FinishRaceFn(RaceSteps steps, LatencyMeasurer latency, TupleTag<CandidateResult> results,
      TupleTag<RacingCandidate> stopped, TupleTag<FailureRecord> failures) {
    this.steps = steps;
    this.latency = latency;
    this.results = results;
    this.stopped = stopped;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element RacingCandidate candidate, MultiOutputReceiver out) {
    String stage = CandidateEvaluator.STAGE;
    try {
      Dataset eval = steps.evaluation(candidate.built().task().model());
      int seen = candidate.tally().rows();
      EvaluatedCandidate evaluated;
      try (BenchmarkSlot.Held shared = BenchmarkSlot.shared()) {
        Dataset rows = seen == eval.size() ? eval
            : eval.select(eval.name(), steps.slices(eval).firstRows(seen));
        evaluated = steps.evaluator.summarize(candidate.built(), candidate.tally(), rows);
      }
      stage = LatencyMeasurer.STAGE;
      out.get(results).output(latency.measure(evaluated, eval, seen, candidate.interval(), candidate.stopReason()));
      if (candidate.stopReason() != null) {
        out.get(stopped).output(candidate);
      }
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), candidate.built().task(), stage, e);
    }
  }
}
