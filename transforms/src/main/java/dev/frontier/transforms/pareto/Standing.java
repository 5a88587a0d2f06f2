package dev.frontier.transforms.pareto;

import java.io.Serializable;

/**
 * A candidate during racing evaluation, as the stop rule sees it: its size, which is exact, and the interval its
 * accuracy on all evaluation rows lies in, exact ({@code accuracyLo == accuracyHi}) once every row is evaluated.
 *
 * @param id candidate id, unique within a model
 * @param gzipBytes bytes of the gzip'd artifact
 * @param accuracyLo lower end of the accuracy interval, a share in [0, 1]
 * @param accuracyHi upper end
 * @param stopped whether its evaluation has already stopped
 */
public record Standing(String id, long gzipBytes, double accuracyLo, double accuracyHi, boolean stopped)
    implements Serializable {
  public Standing {
    if (!(accuracyLo <= accuracyHi)) {
      throw new IllegalArgumentException("candidate '" + id + "': accuracy interval [" + accuracyLo + ", "
          + accuracyHi + "] is empty");
    }
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
