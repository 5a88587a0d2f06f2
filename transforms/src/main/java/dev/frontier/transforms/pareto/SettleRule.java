package dev.frontier.transforms.pareto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Racing, settling a follower ({@link Leaders}) against the candidates evaluated on every row: the stop rule with
 * those candidates' exact accuracies, and how many more wrong rows the follower must show before it can pass.
 *
 * <p>The follower's accuracy can be at most the rows it got right plus every row it has not seen, certain
 * whichever rows it saw; it is settled on the rows the exact candidates get wrong most often, where its own
 * errors are likely, so that bound falls fast. Once it reaches an exact candidate's accuracy (no larger, strictly
 * below when as large), that candidate certainly dominates it on size and accuracy: no statistics, nothing to
 * split the confidence with.
 */
public final class SettleRule {
  private SettleRule() {}

  /**
   * The stop of {@code b} ({@link StopRule}, {@code b}'s interval against {@code exact} candidates' exact
   * accuracies), if any.
   *
   * @param b the follower, by its size and accuracy interval
   * @param exact candidates of the same model evaluated on all {@code rows} rows
   */
  public static Optional<Stop> stop(Standing b, List<Standing> exact, double floatAccuracy, double budgetPp,
      int rows) {
    List<Standing> all = new ArrayList<>(exact);
    all.add(new Standing(b.id(), b.gzipBytes(), b.accuracyLo(), b.accuracyHi(), false));
    return Optional.ofNullable(StopRule.toStop(all, floatAccuracy, budgetPp, rows, 0).get(b.id()));
  }

  /**
   * The fewest further rows {@code b} must get wrong before {@link #stop} could stop it (at least 0): its upper
   * bound, in rows, must fall to an exact candidate's right rows (below them when as large) and, unless a smaller
   * exact candidate is within the budget, below the budget; {@link Integer#MAX_VALUE} when no exact candidate is
   * as small.
   */
  public static int wrongNeeded(Standing b, List<Standing> exact, double floatAccuracy, double budgetPp,
      int rows) {
    long hi = Math.round(b.accuracyHi() * rows);
    long dominance = exact.stream().filter(a -> a.gzipBytes() <= b.gzipBytes())
        .mapToLong(a -> hi - Math.round(a.accuracyLo() * rows) + (a.gzipBytes() == b.gzipBytes() ? 1 : 0))
        .min().orElse(Integer.MAX_VALUE);
    double threshold = StopRule.threshold(floatAccuracy, budgetPp);
    boolean smallerWithin = exact.stream()
        .anyMatch(a -> a.gzipBytes() < b.gzipBytes() && a.accuracyLo() >= threshold);
    long budget = smallerWithin ? 0 : hi - ((long) Math.ceil(threshold * rows) - 1);
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, Math.max(dominance, budget)));
  }

  /**
   * {@code unseen} with the rows the follower most likely gets wrong first. Each voter (a candidate evaluated on
   * every row) backs the rows it gets wrong with the share of its wrong rows, among those the follower has seen,
   * that the follower got wrong too (smoothed: 1/2 with no evidence); a row ranks by its strongest backer, so
   * candidates erring like the follower lead and heavily compressed ones, wrong on many rows it gets right, count
   * little. Equal backing, including rows no voter gets wrong, goes by {@code tieRanks}.
   *
   * @param voters rows each voter gets wrong
   * @param followerWrong rows the follower got wrong, among those it has seen ({@code seen})
   * @param seen rows the follower has seen
   * @param tieRanks each row's rank among equally backed rows, distinct ({@link #tieRanks})
   */
  public static int[] likeliestWrongFirst(int[] unseen, List<BitSet> voters, BitSet followerWrong, BitSet seen,
      int[] tieRanks) {
    double[] backing = new double[tieRanks.length];
    for (BitSet wrong : voters) {
      BitSet seenWrong = (BitSet) wrong.clone();
      seenWrong.and(seen);
      BitSet both = (BitSet) seenWrong.clone();
      both.and(followerWrong);
      double weight = (both.cardinality() + 1.0) / (seenWrong.cardinality() + 2.0);
      wrong.stream().forEach(row -> backing[row] = Math.max(backing[row], weight));
    }
    int[] rowOfRank = new int[tieRanks.length];
    for (int row = 0; row < tieRanks.length; row++) {
      rowOfRank[tieRanks[row]] = row;
    }
    // One primitive sort key per row: backing (to 2^-24, larger first), then the row's tie rank.
    long[] keys = new long[unseen.length];
    for (int i = 0; i < unseen.length; i++) {
      long weightLevel = Math.round(backing[unseen[i]] * (1 << 24));
      keys[i] = ((1L << 24) - weightLevel) << 32 | tieRanks[unseen[i]];
    }
    Arrays.sort(keys);
    return Arrays.stream(keys).mapToInt(key -> rowOfRank[(int) (key & 0xFFFFFFFFL)]).toArray();
  }

  /**
   * Each row's rank by float's margin, smallest first (the rows a small change to the model flips), then by its
   * place in the slice order; by that place alone when the margins are not known (empty).
   */
  public static int[] tieRanks(float[] margins, int[] positions) {
    Comparator<Integer> byMargin = margins.length == positions.length
        ? Comparator.comparingDouble((Integer row) -> margins[row]) : (x, y) -> 0;
    int[] rows = IntStream.range(0, positions.length).boxed()
        .sorted(byMargin.thenComparingInt(row -> positions[row]))
        .mapToInt(Integer::intValue).toArray();
    int[] ranks = new int[rows.length];
    for (int rank = 0; rank < rows.length; rank++) {
      ranks[rows[rank]] = rank;
    }
    return ranks;
  }
}
