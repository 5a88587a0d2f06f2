package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CandidateEvaluator;
import dev.frontier.transforms.beam.candidate.EvaluatedCandidate;
import dev.frontier.transforms.beam.candidate.LatencyMeasurer;
import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.BenchmarkSlot;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.measure.PairedTally;
import dev.frontier.transforms.results.FailureRecord;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Racing, last step per candidate: applies the last round's stops (a map side input), evaluates a candidate still
 * running on the rows no round gave it, summarises it on the rows it saw (a full-integer candidate's shipped graph
 * compared on the same rows) and times it ({@link LatencyMeasurer}: batch 1 and 32, or batch 1 only for a stopped
 * one). Emits its row, and stopped candidates themselves for the chance that their stop is undone
 * ({@link CompleteRaceFn}).
 */
class FinishRaceFn extends DoFn<RacingCandidate, CandidateResult> {
  private final RaceSteps steps;
  private final LatencyMeasurer latency;
  private final TupleTag<CandidateResult> results;
  private final TupleTag<RacingCandidate> stopped;
  private final TupleTag<FailureRecord> failures;
  private final PCollectionView<Map<String, String>> stops;

  FinishRaceFn(RaceSteps steps, LatencyMeasurer latency, PCollectionView<Map<String, String>> stops,
      TupleTag<CandidateResult> results, TupleTag<RacingCandidate> stopped, TupleTag<FailureRecord> failures) {
    this.steps = steps;
    this.latency = latency;
    this.stops = stops;
    this.results = results;
    this.stopped = stopped;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element RacingCandidate raced, MultiOutputReceiver out, ProcessContext context) {
    String stage = CandidateEvaluator.STAGE;
    RacingCandidate candidate = raced;
    try {
      Dataset eval = steps.evaluation(candidate.built().task().model());
      EvaluatedCandidate evaluated;
      try (BenchmarkSlot.Held shared = BenchmarkSlot.shared()) {
        String reason = candidate.stopReason() != null ? null : context.sideInput(stops).get(candidate.candidateId());
        if (reason != null) {
          RaceCandidates.STOPPED_EARLY.inc();
          candidate = candidate.stop("after " + candidate.tally().rows() + " rows: " + reason);
        } else if (candidate.stopReason() == null && candidate.tally().rows() < eval.size()) {
          int[] rest = steps.slices(eval).rowsAfter(candidate.tally().rows());
          PairedTally all = candidate.tally().plus(steps.evaluator.tally(candidate.built(), eval, rest));
          RaceCandidates.ROWS_EVALUATED.inc(rest.length);
          candidate = new RacingCandidate(candidate.built(), all, steps.interval(all, candidate.built().task().model(),
              eval), null);
        }
        int seen = candidate.tally().rows();
        Dataset rows = seen == eval.size() ? eval
            : eval.select(eval.name(), steps.slices(eval).firstRows(seen));
        evaluated = steps.evaluator.summarize(candidate.built(), candidate.tally(), rows);
      }
      stage = LatencyMeasurer.STAGE;
      out.get(results).output(latency.measure(evaluated, eval, candidate.tally().rows(), candidate.interval(),
          candidate.stopReason()));
      if (candidate.stopReason() != null) {
        out.get(stopped).output(candidate);
      }
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), candidate.built().task(), stage, e);
    }
  }
}
