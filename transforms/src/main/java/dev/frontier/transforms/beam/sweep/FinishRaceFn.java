package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CandidateEvaluator;
import dev.frontier.transforms.beam.candidate.EvaluatedCandidate;
import dev.frontier.transforms.beam.candidate.LatencyMeasurer;
import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.BenchmarkSlot;
import dev.frontier.transforms.pareto.Stop;
import dev.frontier.transforms.results.CandidateResult;
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
  private final PCollectionView<Map<String, Stop>> stops;

  FinishRaceFn(RaceSteps steps, LatencyMeasurer latency, PCollectionView<Map<String, Stop>> stops,
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
        Stop stop = candidate.stop() != null ? null : context.sideInput(stops).get(candidate.candidateId());
        if (stop != null) {
          RaceCandidates.STOPPED_EARLY.inc();
          candidate = candidate.stop(stop);
        } else if (candidate.stop() == null) {
          candidate = steps.evaluate(candidate, eval, steps.slices(eval).rowsAfter(candidate.tally().rows()));
        }
        int seen = candidate.tally().rows();
        Dataset rows = seen == eval.size() ? eval
            : eval.select(eval.name(), steps.slices(eval).firstRows(seen));
        evaluated = steps.evaluator.summarize(candidate.built(), candidate.tally(), rows);
      }
      stage = LatencyMeasurer.STAGE;
      out.get(results).output(latency.measure(evaluated, eval, candidate.tally().rows(), candidate.interval(),
          candidate.stop()));
      if (candidate.stop() != null) {
        out.get(stopped).output(candidate);
      }
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), candidate.built().task(), stage, e);
    }
  }
}
