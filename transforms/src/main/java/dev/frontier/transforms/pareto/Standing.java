package dev.frontier.transforms.pareto;

import java.io.Serializable;
import java.util.BitSet;

/**
 * A candidate during racing evaluation, as the stop rule sees it: its size, which is exact, the interval its
 * accuracy on all evaluation rows lies in (exact, {@code accuracyLo == accuracyHi}, once every row is evaluated),
 * which of the rows it has seen it got right, and what identifies the graphs it is measured on.
 *
 * @param id candidate id, unique within a model
 * @param gzipBytes bytes of the gzip'd artifact
 * @param accuracyLo lower end of the accuracy interval, a share in [0, 1]
 * @param accuracyHi upper end
 * @param stopped whether its evaluation has already stopped
 * @param right bit {@code i} set when it is right on the {@code i}-th row of the slice order, for the first
 *     {@code seen} rows
 * @param seen rows of the slice order it has seen
 * @param graphKey the content hashes of its shipped and its evaluated graph: candidates with equal keys measure
 *     the same bytes; null when unknown
 */
public record Standing(String id, long gzipBytes, double accuracyLo, double accuracyHi, boolean stopped,
    BitSet right, int seen, String graphKey) implements Serializable {
  public Standing {
    if (!(accuracyLo <= accuracyHi)) {
      throw new IllegalArgumentException("candidate '" + id + "': accuracy interval [" + accuracyLo + ", "
          + accuracyHi + "] is empty");
    }
    right = (BitSet) right.clone();
  }

  /** A standing known by its accuracy interval only (no rows to pair with another candidate). */
  public Standing(String id, long gzipBytes, double accuracyLo, double accuracyHi, boolean stopped) {
    this(id, gzipBytes, accuracyLo, accuracyHi, stopped, new BitSet(), 0, null);
  }

  /** Whether the accuracy is known exactly (every evaluation row seen). */
  public boolean exact() {
    return accuracyLo == accuracyHi;
  }

  /**
   * Whether this candidate beats {@code other} on size and accuracy whatever their true accuracies inside their
   * intervals: no larger, at least as accurate at its worst as {@code other} at its best, strictly better in one.
   */
  public boolean certainlyDominates(Standing other) {
    return gzipBytes <= other.gzipBytes && accuracyLo >= other.accuracyHi
        && (gzipBytes < other.gzipBytes || accuracyLo > other.accuracyHi);
  }
}
