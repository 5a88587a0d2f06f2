package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CandidateEvaluator;
import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.BenchmarkSlot;
import dev.frontier.transforms.pareto.Stop;
import dev.frontier.transforms.results.FailureRecord;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Racing, one round: applies the previous round's stops (a map side input, candidate id → {@link Stop}), then
 * evaluates every candidate still running on the rows this round adds ({@link RaceSteps#evaluate}); the float
 * candidate, whose predictions import made, on every row at once.
 * A stopped candidate passes on untouched.
 */
class EvaluateSliceFn extends DoFn<RacingCandidate, RacingCandidate> {
  private final RaceSteps steps;
  private final int round;
  private final PCollectionView<Map<String, Stop>> stops;
  private final TupleTag<RacingCandidate> racing;
  private final TupleTag<FailureRecord> failures;

  /** Round {@code round} (1..), after the stops in {@code stops} (null in round 1). */
  EvaluateSliceFn(RaceSteps steps, int round, PCollectionView<Map<String, Stop>> stops,
      TupleTag<RacingCandidate> racing, TupleTag<FailureRecord> failures) {
    this.steps = steps;
    this.round = round;
    this.stops = stops;
    this.racing = racing;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element RacingCandidate candidate, MultiOutputReceiver out, ProcessContext context) {
    Stop stop = stops == null || candidate.stop() != null ? null
        : context.sideInput(stops).get(candidate.candidateId());
    if (stop != null) {
      RaceCandidates.STOPPED_EARLY.inc();
      steps.evaluator.release(candidate.built());
      out.get(racing).output(candidate.stop(stop));
      return;
    }
    if (candidate.stop() != null) {
      out.get(racing).output(candidate);
      return;
    }
    try (BenchmarkSlot.Held shared = BenchmarkSlot.shared()) {
      Dataset eval = steps.evaluation(candidate.built().task().model());
      int[] rows = RaceSteps.predictedAtImport(candidate) ? steps.unseen(candidate, eval)
          : steps.slices(eval).added(round);
      out.get(racing).output(steps.evaluate(candidate, eval, rows));
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), candidate.built().task(), CandidateEvaluator.STAGE, e);
    }
  }
}
