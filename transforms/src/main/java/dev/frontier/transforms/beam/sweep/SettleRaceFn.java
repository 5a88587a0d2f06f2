package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CandidateEvaluator;
import dev.frontier.transforms.beam.candidate.ImportedModel;
import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.beam.candidate.RacingSlices;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.BenchmarkSlot;
import dev.frontier.transforms.pareto.Settlement;
import dev.frontier.transforms.pareto.Standing;
import dev.frontier.transforms.results.FailureRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Racing, settling a follower ({@link DecideLeaders}) once the leaders of every model are evaluated on all rows
 * (their exact results, {@link ExactRowsFn}, are a side input): the follower is evaluated on its unseen rows in
 * chunks, those it most likely gets wrong first (as the leaders and float err, then float's smallest margins),
 * until an exact candidate certainly dominates it on size and accuracy and it cannot be chosen
 * ({@link Settlement}) or it has seen every row and is exact itself. Every decision rests on counts, so it is the
 * same on every run and runner.
 */
class SettleRaceFn extends DoFn<RacingCandidate, FinishRaceFn.Evaluated> {
  private final RaceSteps steps;
  private final PCollectionView<Map<String, Iterable<ExactRowsFn.Exact>>> exact;
  private final TupleTag<FinishRaceFn.Evaluated> evaluatedTag;
  private final TupleTag<FailureRecord> failures;

  SettleRaceFn(RaceSteps steps, PCollectionView<Map<String, Iterable<ExactRowsFn.Exact>>> exact,
      TupleTag<FinishRaceFn.Evaluated> evaluated, TupleTag<FailureRecord> failures) {
    this.steps = steps;
    this.exact = exact;
    this.evaluatedTag = evaluated;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element RacingCandidate follower, MultiOutputReceiver out, ProcessContext context) {
    try (BenchmarkSlot.Held shared = BenchmarkSlot.shared()) {
      Dataset eval = steps.evaluation(follower.built().task().model());
      List<ExactRowsFn.Exact> leaders = new ArrayList<>();
      context.sideInput(exact).getOrDefault(follower.modelId(), List.of()).forEach(leaders::add);
      leaders.sort(Comparator.comparing(ExactRowsFn.Exact::id));
      RacingCandidate settled = settle(follower, eval, leaders);
      out.get(evaluatedTag).output(new FinishRaceFn.Evaluated(settled, steps.summarize(settled, eval)));
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), follower.built().task(), CandidateEvaluator.STAGE, e);
    }
  }

  private RacingCandidate settle(RacingCandidate follower, Dataset eval, List<ExactRowsFn.Exact> leaders) {
    int rows = eval.size();
    ImportedModel model = follower.built().task().model();
    List<Standing> exactStandings = leaders.stream()
        .map(e -> new Standing(e.id(), e.gzipBytes(), (double) e.right() / rows, (double) e.right() / rows, false))
        .toList();
    List<BitSet> voters = new ArrayList<>();
    leaders.forEach(e -> voters.add(e.wrong()));
    BitSet floatWrong = new BitSet(rows);
    IntStream.range(0, rows).filter(row -> model.floatTop1()[row] != eval.labels()[row]).forEach(floatWrong::set);
    voters.add(floatWrong);
    RacingSlices slices = steps.slices(eval);
    Settlement settlement = new Settlement(exactStandings, voters, model.floatMargins(), slices.positions(),
        steps.sweep.evaluationBatchRows(), model.floatAccuracy(), steps.sweep.accuracyBudgetPp());
    RacingCandidate[] latest = {follower};
    Settlement.Result result = settlement.settle(follower.candidateId(), follower.built().gzipBytes(),
        follower.interval(), seenRows(follower, slices, rows), steps.wrongRows(follower, eval), chosen -> {
          latest[0] = steps.evaluateChosen(latest[0], eval, chosen);
          int before = latest[0].tally().rows() - chosen.length;
          boolean[] right = new boolean[chosen.length];
          for (int i = 0; i < right.length; i++) {
            right[i] = latest[0].right().get(before + i);
          }
          return right;
        });
    RacingCandidate c = latest[0];
    if (result.stop() == null) {
      return c;
    }
    RaceCandidates.STOPPED_EARLY.inc();
    return c.stop(result.stop(), c.chosen().length == 0 ? "after " + c.tally().rows() + " rows: "
        : "after " + c.tally().rows() + " rows (" + c.inSliceOrder() + " in slice order, then "
            + c.chosen().length + " it most likely gets wrong): ");
  }

  /** The rows (indices) {@code c} has seen. */
  private static BitSet seenRows(RacingCandidate c, RacingSlices slices, int rows) {
    BitSet seen = new BitSet(rows);
    Arrays.stream(slices.seen(c.inSliceOrder(), c.chosen())).forEach(seen::set);
    return seen;
  }
}
