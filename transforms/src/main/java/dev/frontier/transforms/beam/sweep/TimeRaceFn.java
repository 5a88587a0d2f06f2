package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.LatencyMeasurer;
import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Racing, timing, once every candidate is evaluated (a side input, their count, holds it back): each is timed
 * ({@link LatencyMeasurer}: batch 1 and 32, or batch 1 only for a stopped one) and emitted as its row; stopped
 * candidates are also emitted themselves, for the chance that their stop is undone ({@link CompleteRaceFn}).
 */
class TimeRaceFn extends DoFn<FinishRaceFn.Evaluated, CandidateResult> {
  private final RaceSteps steps;
  private final PCollectionView<Long> allEvaluated;
  private final LatencyMeasurer latency;
  private final TupleTag<CandidateResult> results;
  private final TupleTag<RacingCandidate> stopped;
  private final TupleTag<FailureRecord> failures;

  TimeRaceFn(RaceSteps steps, LatencyMeasurer latency, PCollectionView<Long> allEvaluated,
      TupleTag<CandidateResult> results, TupleTag<RacingCandidate> stopped, TupleTag<FailureRecord> failures) {
    this.steps = steps;
    this.allEvaluated = allEvaluated;
    this.latency = latency;
    this.results = results;
    this.stopped = stopped;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element FinishRaceFn.Evaluated evaluated, MultiOutputReceiver out, ProcessContext context) {
    context.sideInput(allEvaluated);  // the barrier: available once every candidate is evaluated
    RacingCandidate candidate = evaluated.candidate();
    try {
      Dataset eval = steps.evaluation(candidate.built().task().model());
      out.get(results).output(latency.measure(evaluated.summary(), eval, candidate.tally().rows(),
          candidate.interval(), candidate.stop()));
      if (candidate.stop() != null) {
        out.get(stopped).output(candidate);
      }
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), candidate.built().task(), LatencyMeasurer.STAGE, e);
    }
  }
}
