package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CandidateEvaluator;
import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.beam.candidate.RacingSlices;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.BenchmarkSlot;
import dev.frontier.transforms.measure.PairedTally;
import dev.frontier.transforms.results.FailureRecord;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Racing, one round: applies the previous round's stops (a map side input, candidate id → reason), then
 * evaluates every candidate still running on the rows this round adds and recomputes its accuracy interval.
 * A stopped candidate passes on untouched.
 */
class EvaluateSliceFn extends DoFn<RacingCandidate, RacingCandidate> {
  private final RaceSteps steps;
  private final int round;
  private final PCollectionView<Map<String, String>> stops;
  private final TupleTag<RacingCandidate> racing;
  private final TupleTag<FailureRecord> failures;

  /** Round {@code round} (1..), after the stops in {@code stops} (null in round 1). */
  EvaluateSliceFn(RaceSteps steps, int round, PCollectionView<Map<String, String>> stops,
      TupleTag<RacingCandidate> racing, TupleTag<FailureRecord> failures) {
    this.steps = steps;
    this.round = round;
    this.stops = stops;
    this.racing = racing;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element RacingCandidate candidate, MultiOutputReceiver out, ProcessContext context) {
    String reason = stops == null || candidate.stopReason() != null ? null
        : context.sideInput(stops).get(candidate.candidateId());
    if (reason != null) {
      RaceCandidates.STOPPED_EARLY.inc();
      steps.evaluator.release(candidate.built());
      out.get(racing).output(candidate.stop("after " + candidate.tally().rows() + " rows: " + reason));
      return;
    }
    if (candidate.stopReason() != null) {
      out.get(racing).output(candidate);
      return;
    }
    try (BenchmarkSlot.Held shared = BenchmarkSlot.shared()) {
      Dataset eval = steps.evaluation(candidate.built().task().model());
      RacingSlices slices = steps.slices(eval);
      int[] rows = slices.added(round);
      PairedTally tally = rows.length == 0 ? candidate.tally()
          : candidate.tally().plus(steps.evaluator.tally(candidate.built(), eval, rows));
      RaceCandidates.ROWS_EVALUATED.inc(rows.length);
      out.get(racing).output(new RacingCandidate(candidate.built(), tally,
          steps.interval(tally, candidate.built().task().model(), eval), null));
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), candidate.built().task(), CandidateEvaluator.STAGE, e);
    }
  }
}
