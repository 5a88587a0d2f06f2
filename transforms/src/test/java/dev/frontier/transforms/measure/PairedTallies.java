package dev.frontier.transforms.measure;

import java.util.BitSet;

/** Test populations: the tally and the right rows of a candidate whose per-row correctness is known. */
public final class PairedTallies {
  private PairedTallies() {}

  /**
   * The tally of the first {@code seen} rows of {@code order}, where float is right on rows {@code floatRight} and
   * the candidate on rows {@code candidateRight}; agreements are not simulated (0).
   */
  public static PairedTally of(boolean[] floatRight, boolean[] candidateRight, int[] order, int seen) {
    int fr = 0;
    int losses = 0;
    int gains = 0;
    for (int i = 0; i < seen; i++) {
      int row = order[i];
      fr += floatRight[row] ? 1 : 0;
      losses += floatRight[row] && !candidateRight[row] ? 1 : 0;
      gains += !floatRight[row] && candidateRight[row] ? 1 : 0;
    }
    return new PairedTally(seen, fr, losses, gains, 0);
  }

  /** Bit {@code i} set when the candidate is right on row {@code order[i]}, for the first {@code seen} rows. */
  public static BitSet rightInOrder(boolean[] right, int[] order, int seen) {
    BitSet bits = new BitSet();
    for (int i = 0; i < seen; i++) {
      bits.set(i, right[order[i]]);
    }
    return bits;
  }
}
