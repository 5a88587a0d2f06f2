package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.data.Splits;
import java.io.Serializable;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The growing slices racing evaluation's rounds measure a model's candidates on: a seeded permutation of its
 * evaluation rows, cut after {@code N/64} and {@code N/16} rows (never fewer than {@value #MIN_SLICE_ROWS}).
 * Candidates far off the front show it on so few rows. Slice {@code k} adds the rows between cut {@code k − 1}
 * and cut {@code k}, so no row is evaluated twice and after round {@code k} a candidate has seen a uniformly random
 * subset of the rows, the same for every candidate of the model and on every run. After the rounds, a candidate
 * is either evaluated on the rest of the order or settled on rows chosen out of it ({@link #unseen}).
 */
public final class RacingSlices implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Where the rounds after which candidates may stop end: after {@code N · SHARES[k] / 64} rows. */
  private static final int[] SHARES_OF_64 = {1, 4};
  /** Rounds after which candidates may stop; the evaluation of the rest of the rows follows them. */
  public static final int ROUNDS = SHARES_OF_64.length;
  /** Fewer rows than this decide little and cost a Session.run each round anyway. */
  public static final int MIN_SLICE_ROWS = 100;

  private final int[] order;
  private final int[] cuts;

  private RacingSlices(int[] order, int[] cuts) {
    this.order = order;
    this.cuts = cuts;
  }

  /** The slices of {@code rows} evaluation rows for {@code seed}. */
  public static RacingSlices of(int rows, long seed) {
    int[] order = new int[rows];
    Arrays.setAll(order, i -> i);
    Splits.shuffle(order, new SplittableRandom(seed));
    int[] cuts = new int[ROUNDS + 1];
    for (int k = 1; k <= ROUNDS; k++) {
      long share = (long) rows * SHARES_OF_64[k - 1];
      cuts[k] = (int) Math.min(rows, Math.max(Math.max(MIN_SLICE_ROWS, cuts[k - 1]), (share + 63) / 64));
    }
    return new RacingSlices(order, cuts);
  }

  /** Rows seen after round {@code round} (1..{@link #ROUNDS}; {@code ROUNDS + 1} is every row). */
  public int seenAfter(int round) {
    return round > ROUNDS ? order.length : cuts[round];
  }

  /** The row indices round {@code round} adds (1..{@link #ROUNDS}), in slice order. */
  public int[] added(int round) {
    return Arrays.copyOfRange(order, seenAfter(round - 1), seenAfter(round));
  }

  /**
   * The rows a candidate that saw the first {@code inOrder} rows of the order and then {@code chosen} has not
   * seen, in slice order.
   */
  public int[] unseen(int inOrder, int[] chosen) {
    BitSet skip = bits(chosen);
    return Arrays.stream(order, inOrder, order.length).filter(row -> !skip.get(row)).toArray();
  }

  /** The rows a candidate that saw the first {@code inOrder} rows of the order and then {@code chosen} saw, sorted. */
  public int[] seen(int inOrder, int[] chosen) {
    BitSet rows = bits(chosen);
    Arrays.stream(order, 0, inOrder).forEach(rows::set);
    return rows.stream().toArray();
  }

  /** The {@code i}-th row of the order. */
  public int at(int i) {
    return order[i];
  }

  /** Where each row stands in the order: {@code positions()[row]} is its index. */
  public int[] positions() {
    int[] at = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      at[order[i]] = i;
    }
    return at;
  }

  private static BitSet bits(int[] rows) {
    BitSet set = new BitSet();
    Arrays.stream(rows).forEach(set::set);
    return set;
  }

  /** Every evaluation row. */
  public int rows() {
    return order.length;
  }
}
