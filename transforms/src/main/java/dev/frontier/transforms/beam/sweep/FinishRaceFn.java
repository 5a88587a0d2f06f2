package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CandidateEvaluator;
import dev.frontier.transforms.beam.candidate.EvaluatedCandidate;
import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.BenchmarkSlot;
import dev.frontier.transforms.pareto.Stop;
import dev.frontier.transforms.results.FailureRecord;
import java.io.Serializable;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Racing, after the last round: applies the last round's stops (a map side input), passes a follower
 * ({@link DecideLeaders}) on to be settled ({@link SettleRaceFn}), evaluates any other candidate still running
 * on the rows no round gave it, and summarises it on the rows it saw (a full-integer candidate's shipped graph
 * compared on the same rows). Timing follows in {@link TimeRaceFn}, once every candidate is evaluated, so that no
 * timing waits for long evaluations to drain from the benchmark slot.
 */
class FinishRaceFn extends DoFn<RacingCandidate, FinishRaceFn.Evaluated> {
  private final RaceSteps steps;
  private final TupleTag<Evaluated> evaluatedTag;
  private final TupleTag<RacingCandidate> followersTag;
  private final TupleTag<FailureRecord> failures;
  private final PCollectionView<Map<String, Stop>> stops;
  private final PCollectionView<Map<String, String>> followers;

  FinishRaceFn(RaceSteps steps, PCollectionView<Map<String, Stop>> stops,
      PCollectionView<Map<String, String>> followers, TupleTag<Evaluated> evaluated,
      TupleTag<RacingCandidate> following, TupleTag<FailureRecord> failures) {
    this.steps = steps;
    this.stops = stops;
    this.followers = followers;
    this.evaluatedTag = evaluated;
    this.followersTag = following;
    this.failures = failures;
  }

  /** A candidate at the end of the race, with its summary on the rows it saw. */
  record Evaluated(RacingCandidate candidate, EvaluatedCandidate summary) implements Serializable {}

  @ProcessElement
  public void process(@Element RacingCandidate raced, MultiOutputReceiver out, ProcessContext context) {
    RacingCandidate candidate = raced;
    try (BenchmarkSlot.Held shared = BenchmarkSlot.shared()) {
      Dataset eval = steps.evaluation(candidate.built().task().model());
      Stop stop = candidate.stop() != null ? null : context.sideInput(stops).get(candidate.candidateId());
      if (stop != null) {
        RaceCandidates.STOPPED_EARLY.inc();
        candidate = candidate.stop(stop);
      } else if (candidate.stop() == null && context.sideInput(followers).containsKey(candidate.candidateId())) {
        out.get(followersTag).output(candidate);
        return;
      } else if (candidate.stop() == null) {
        candidate = steps.evaluate(candidate, eval, steps.unseen(candidate, eval));
      }
      out.get(evaluatedTag).output(new Evaluated(candidate, steps.summarize(candidate, eval)));
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), candidate.built().task(), CandidateEvaluator.STAGE, e);
    }
  }
}
