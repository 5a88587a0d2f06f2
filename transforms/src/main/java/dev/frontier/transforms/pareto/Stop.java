package dev.frontier.transforms.pareto;

import java.io.Serializable;

/**
 * Why racing evaluation stops a candidate ({@link StopRule}).
 *
 * @param reason readable reason, recorded in the candidate's row
 * @param dominatedBy the candidate certainly no larger and at least as accurate, which the check after timing
 *     compares latencies with ({@link StopCheck}); null for a twin
 * @param sameGraphAs the candidate whose byte-identical graphs are measured in its place; null unless a twin
 */
public record Stop(String reason, String dominatedBy, String sameGraphAs) implements Serializable {
  /** A stop because another candidate certainly dominates it on size and accuracy. */
  public static Stop dominated(String by, String reason) {
    return new Stop(reason, by, null);
  }

  /** A stop because {@code twin} measures the same graphs. */
  public static Stop twinOf(String twin) {
    return new Stop("same graphs as " + twin, null, twin);
  }

  /** The same stop with {@code prefix} before its reason (e.g. how many rows it was stopped after). */
  public Stop after(String prefix) {
    return new Stop(prefix + reason, dominatedBy, sameGraphAs);
  }
}
