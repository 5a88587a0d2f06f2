package dev.frontier.transforms.measure;

import java.io.Serializable;

/**
 * Where a candidate's top-1 accuracy on all of its model's evaluation rows lies, from the rows it has seen: a
 * bound on the paired difference with the float model, whose accuracy on every row is known.
 *
 * <p>With {@code R} of the {@code N} rows right for float, the candidate's correct count is
 * {@code R − L + G}, where {@code L} is the number of float's right rows the candidate gets wrong and {@code G}
 * the number of float's wrong rows it gets right. The seen rows are a uniformly random subset, so those of
 * them float gets right are a uniformly random subset of float's right rows, and {@code L} is bounded exactly
 * by {@link FinitePopulationBounds} from the losses seen there; {@code G} likewise from the gains seen among
 * float's wrong rows. Four one-sided bounds at {@code alpha} each: the interval holds with probability at least
 * {@code 1 − 4·alpha}. A compressed model disagrees with its float model on few rows, so {@code L} and
 * {@code G} are small and the interval is far narrower than one on accuracy alone; on all rows it is the
 * accuracy itself.
 *
 * @param lo lower end, a share of the evaluation rows
 * @param hi upper end
 */
public record AccuracyInterval(double lo, double hi) implements Serializable {
  /** One-sided bounds behind each interval. */
  public static final int BOUNDS = 4;

  /**
   * The interval for a candidate with tally {@code seen} on a model with {@code rows} evaluation rows, of which
   * float gets {@code floatRight} right, each of the four bounds at error level {@code alpha}.
   */
  public static AccuracyInterval of(PairedTally seen, int rows, int floatRight, double alpha) {
    int seenWrong = seen.rows() - seen.floatRight();
    int floatWrong = rows - floatRight;
    int lossesHi = FinitePopulationBounds.upper(floatRight, seen.floatRight(), seen.losses(), alpha);
    int lossesLo = FinitePopulationBounds.lower(floatRight, seen.floatRight(), seen.losses(), alpha);
    int gainsHi = FinitePopulationBounds.upper(floatWrong, seenWrong, seen.gains(), alpha);
    int gainsLo = FinitePopulationBounds.lower(floatWrong, seenWrong, seen.gains(), alpha);
    return new AccuracyInterval((double) (floatRight - lossesHi + gainsLo) / rows,
        (double) (floatRight - lossesLo + gainsHi) / rows);
  }

  /**
   * This interval narrowed by what is certain after {@code seen} of the {@code rows} rows, whichever they were:
   * at least the {@code right} rows, at most those plus every unseen row; exact on all rows. If the two do not
   * meet (this interval missed, at its error level), the certain bounds alone.
   */
  public AccuracyInterval narrowed(int right, int seen, int rows) {
    double certainLo = (double) right / rows;
    double certainHi = (double) (right + rows - seen) / rows;
    if (seen == rows) {
      return exactly(certainLo);
    }
    double narrowLo = Math.max(lo, certainLo);
    double narrowHi = Math.min(hi, certainHi);
    return narrowLo <= narrowHi ? new AccuracyInterval(narrowLo, narrowHi) : new AccuracyInterval(certainLo, certainHi);
  }

  /** An accuracy known exactly. */
  public static AccuracyInterval exactly(double accuracy) {
    return new AccuracyInterval(accuracy, accuracy);
  }
}
