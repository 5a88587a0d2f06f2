package dev.frontier.transforms.measure;

import java.util.BitSet;

/**
 * Whether one candidate is certainly at least as accurate as another on all of a model's evaluation rows, from the
 * rows both have seen: a bound on their paired difference rather than on each accuracy alone.
 *
 * <p>Over the {@code N} rows, {@code A}'s correct count minus {@code B}'s is {@code K_A − K_B}, where {@code K_A}
 * counts rows {@code A} gets right and {@code B} wrong, and {@code K_B} the reverse. The rows both saw are a
 * uniformly random subset (a prefix of one seeded permutation), so each count is bounded exactly by
 * {@link FinitePopulationBounds} from the rows seen; {@code A} is certainly at least as accurate when the lower
 * bound of {@code K_A} reaches the upper bound of {@code K_B} ({@link #BOUNDS} one-sided bounds at {@code alpha}
 * each). Two compressions of one model differ on few rows, and only those rows carry width, so this certifies
 * gaps that two accuracy intervals, each as wide as the candidate's disagreement with float, cannot.
 */
public final class PairedOrder {
  /** One-sided bounds behind each comparison. */
  public static final int BOUNDS = 2;

  private PairedOrder() {}

  /**
   * Whether {@code A} is right on at least as many of the {@code rows} evaluation rows as {@code B} (at least one
   * more when {@code strictly}), except with probability {@code BOUNDS × alpha}.
   *
   * @param aRight bit {@code i} set when {@code A} is right on the {@code i}-th row of the slice order
   * @param bRight the same for {@code B}
   * @param seen rows both have seen: the first {@code seen} of the order
   */
  public static boolean certainlyAtLeast(BitSet aRight, BitSet bRight, int seen, int rows, boolean strictly,
      double alpha) {
    BitSet aOnly = aRight.get(0, seen);
    aOnly.andNot(bRight);
    BitSet bOnly = bRight.get(0, seen);
    bOnly.andNot(aRight);
    int aWins = aOnly.cardinality();
    int bWins = bOnly.cardinality();
    // Each lower bound is at most the count's estimate and each upper bound at least it (alpha < 1/2), so a pair
    // whose seen wins do not favour A cannot pass: this spares the bounds on most pairs.
    if (seen < rows && aWins <= bWins) {
      return false;
    }
    int needed = strictly ? 1 : 0;
    return FinitePopulationBounds.lower(rows, seen, aWins, alpha)
        - FinitePopulationBounds.upper(rows, seen, bWins, alpha) >= needed;
  }
}
