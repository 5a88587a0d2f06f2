package dev.frontier.transforms.pareto;

/**
 * Pareto dominance over ({@code gzipBytes} ↓, {@code latencyMsB1} ↓, {@code accuracy} ↑).
 *
 * <p>{@code a} dominates {@code b} when {@code a} is no worse than {@code b} in all three objectives and
 * strictly better in at least one. Consequences worth stating: dominance is irreflexive and
 * antisymmetric, so two points with exactly equal objectives do not dominate each other; and a point
 * that is not {@linkplain Point#isMeasured() measured} (NaN latency or accuracy) neither dominates nor is
 * dominated by anything.
 */
public final class Dominance {
  private Dominance() {}

  /** Whether {@code a} dominates {@code b}; false whenever either is unmeasured. */
  public static boolean dominates(Point a, Point b) {
    if (!a.isMeasured() || !b.isMeasured()) {
      return false;
    }
    boolean noWorse = a.gzipBytes() <= b.gzipBytes()
        && a.latencyMsB1() <= b.latencyMsB1()
        && a.accuracy() >= b.accuracy();
    boolean strictlyBetter = a.gzipBytes() < b.gzipBytes()
        || a.latencyMsB1() < b.latencyMsB1()
        || a.accuracy() > b.accuracy();
    return noWorse && strictlyBetter;
  }
}
