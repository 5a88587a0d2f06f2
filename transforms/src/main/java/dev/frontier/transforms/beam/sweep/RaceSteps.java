package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CandidateEvaluator;
import dev.frontier.transforms.beam.candidate.EvaluatedCandidate;
import dev.frontier.transforms.beam.candidate.ImportedModel;
import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.beam.candidate.RacingSlices;
import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.AccuracyInterval;
import dev.frontier.transforms.measure.PairedOrder;
import dev.frontier.transforms.measure.PairedTally;
import java.io.Serializable;
import java.util.Arrays;
import java.util.BitSet;

/**
 * What every step of racing evaluation shares: where a model's evaluation rows come from, their slices, how a
 * candidate is evaluated on more of them, and the error level of each bound: {@code 1 − evaluation.confidence}
 * split between the accuracy intervals and the paired comparisons, then over their bounds, the
 * {@value RacingSlices#ROUNDS} rounds that may stop a candidate and (comparisons) the other candidates (a union
 * bound), so that everything a candidate's stop rests on holds together at the sweep's confidence.
 */
final class RaceSteps implements Serializable {
  private static final long serialVersionUID = 1L;
  final Catalogue catalogue;
  final SweepSpec sweep;
  final CandidateEvaluator evaluator;

  RaceSteps(Catalogue catalogue, SweepSpec sweep) {
    this.catalogue = catalogue;
    this.sweep = sweep;
    this.evaluator = new CandidateEvaluator(sweep.evaluationBatchRows());
  }

  /** The model's evaluation rows (read once per JVM through the shared data cache). */
  Dataset evaluation(ImportedModel model) {
    return ModelData.shared(catalogue, StagedFiles.create()).split(model.entry()).evaluation();
  }

  RacingSlices slices(Dataset eval) {
    return RacingSlices.of(eval.size(), sweep.evaluationSeed());
  }

  /**
   * {@code candidate} after evaluating it on {@code rows}, the next rows of the slice order (indices into
   * {@code eval}): its tally, right rows and interval on every row it has seen.
   */
  RacingCandidate evaluate(RacingCandidate candidate, Dataset eval, int[] rows) {
    if (rows.length == 0) {
      return candidate;
    }
    Step step = step(candidate, eval, rows);
    return candidate.seen(step.tally(), interval(step.tally(), candidate.built().task().model(), eval),
        step.right());
  }

  /**
   * {@code candidate} after evaluating it on {@code rows} chosen out of slice order. Its seen rows are no longer a
   * random subset, so its interval is the one from its rounds, narrowed by what is certain: at least the rows it
   * got right, at most those plus every row it has not seen (all of them right); on every row, its accuracy.
   */
  RacingCandidate evaluateChosen(RacingCandidate candidate, Dataset eval, int[] rows) {
    Step step = step(candidate, eval, rows);
    AccuracyInterval narrowed = candidate.interval().narrowed(step.tally().correct(), step.tally().rows(),
        eval.size());
    return candidate.seenChosen(rows, step.tally(), narrowed, step.right());
  }

  /**
   * Whether {@code candidate}'s evaluated graph is the imported graph byte for byte (the float candidate): import
   * predicted every row with it, so evaluating it costs no forward pass, and it is evaluated on every row in the
   * first round, exact from then on (never stopped, and a certain dominator for the others).
   */
  static boolean predictedAtImport(RacingCandidate candidate) {
    return candidate.built().evaluated().contentSha256().equals(candidate.built().task().model().ir().contentSha256());
  }

  /** The rows {@code candidate} has not seen, in slice order. */
  int[] unseen(RacingCandidate candidate, Dataset eval) {
    return slices(eval).unseen(candidate.inSliceOrder(), candidate.chosen());
  }

  /** The rows (indices into {@code eval}) {@code candidate} got wrong, among those it has seen. */
  BitSet wrongRows(RacingCandidate candidate, Dataset eval) {
    RacingSlices slices = slices(eval);
    int inOrder = candidate.inSliceOrder();
    BitSet wrong = new BitSet(eval.size());
    for (int i = 0; i < candidate.tally().rows(); i++) {
      if (!candidate.right().get(i)) {
        wrong.set(i < inOrder ? slices.at(i) : candidate.chosen()[i - inOrder]);
      }
    }
    return wrong;
  }

  /**
   * {@code candidate} summarised on the rows it saw (a full-integer candidate's shipped graph compared on the same
   * rows).
   */
  EvaluatedCandidate summarize(RacingCandidate candidate, Dataset eval) {
    Dataset rows = candidate.tally().rows() == eval.size() ? eval
        : eval.select(eval.name(), slices(eval).seen(candidate.inSliceOrder(), candidate.chosen()));
    return evaluator.summarize(candidate.built(), candidate.tally(), rows);
  }

  /** A candidate's tally and right rows (bit {@code i}: the {@code i}-th row it saw) after more rows. */
  private record Step(PairedTally tally, BitSet right) {}

  /**
   * The candidate's tally and right rows after {@code rows} too. A candidate whose evaluated graph is the imported
   * graph byte for byte is not run: import predicted every row with it, in the same batches an exhaustive
   * evaluation uses.
   */
  private Step step(RacingCandidate candidate, Dataset eval, int[] rows) {
    ImportedModel model = candidate.built().task().model();
    int[] top1;
    if (predictedAtImport(candidate)) {
      // The imported graph itself (the float candidate): its predictions on every row are known from import.
      top1 = Arrays.stream(rows).map(row -> model.floatTop1()[row]).toArray();
    } else {
      top1 = evaluator.topOne(candidate.built(), eval, rows);
      RaceCandidates.ROWS_EVALUATED.inc(rows.length);
    }
    BitSet right = (BitSet) candidate.right().clone();
    int before = candidate.tally().rows();
    for (int i = 0; i < rows.length; i++) {
      right.set(before + i, top1[i] == eval.labels()[rows[i]]);
    }
    return new Step(candidate.tally().plus(PairedTally.of(rows, top1, model.floatTop1(), eval.labels())), right);
  }

  /** The interval of a candidate with tally {@code seen} on {@code eval}. */
  AccuracyInterval interval(PairedTally seen, ImportedModel model, Dataset eval) {
    int floatRight = 0;
    for (int row = 0; row < eval.size(); row++) {
      floatRight += model.floatTop1()[row] == eval.labels()[row] ? 1 : 0;
    }
    return AccuracyInterval.of(seen, eval.size(), floatRight, intervalAlpha(sweep.evaluationConfidence()));
  }

  /**
   * Error level of each one-sided bound of an accuracy interval: half of {@code 1 − confidence}, split over the
   * four bounds of an interval and the rounds that may stop a candidate.
   */
  static double intervalAlpha(double confidence) {
    return (1 - confidence) / 2 / (AccuracyInterval.BOUNDS * RacingSlices.ROUNDS);
  }

  /**
   * Error level of each one-sided bound of a paired comparison: the other half of {@code 1 − confidence}, split
   * over the two bounds of a comparison, the rounds, and the other candidates of the model (any may turn out to
   * be the dominator).
   */
  static double pairAlpha(double confidence, int candidates) {
    return (1 - confidence) / 2 / (PairedOrder.BOUNDS * RacingSlices.ROUNDS * Math.max(1, candidates - 1));
  }
}
