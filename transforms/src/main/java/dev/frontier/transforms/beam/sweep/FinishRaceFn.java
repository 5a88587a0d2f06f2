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
 * Racing, after the last round: applies the last round's stops (a map side input), evaluates a candidate still
 * running on the rows no round gave it, and summarises it on the rows it saw (a full-integer candidate's shipped
 * graph compared on the same rows). Timing follows in {@link TimeRaceFn}, once every candidate is evaluated, so
 * that no timing waits for long evaluations to drain from the benchmark slot.
 */
class FinishRaceFn extends DoFn<RacingCandidate, FinishRaceFn.Evaluated> {
  private final RaceSteps steps;
  private final TupleTag<Evaluated> evaluatedTag;
  private final TupleTag<FailureRecord> failures;
  private final PCollectionView<Map<String, Stop>> stops;

  FinishRaceFn(RaceSteps steps, PCollectionView<Map<String, Stop>> stops, TupleTag<Evaluated> evaluated,
      TupleTag<FailureRecord> failures) {
    this.steps = steps;
    this.stops = stops;
    this.evaluatedTag = evaluated;
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
      } else if (candidate.stop() == null) {
        candidate = steps.evaluate(candidate, eval, steps.slices(eval).rowsAfter(candidate.tally().rows()));
      }
      int seen = candidate.tally().rows();
      Dataset rows = seen == eval.size() ? eval : eval.select(eval.name(), steps.slices(eval).firstRows(seen));
      EvaluatedCandidate summary = steps.evaluator.summarize(candidate.built(), candidate.tally(), rows);
      out.get(evaluatedTag).output(new Evaluated(candidate, summary));
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), candidate.built().task(), CandidateEvaluator.STAGE, e);
    }
  }
}
