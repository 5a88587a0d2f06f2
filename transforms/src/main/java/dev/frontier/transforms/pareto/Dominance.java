package dev.frontier.transforms.pareto;

/**
 * Pareto dominance over ({@code gzipBytes} ↓, {@code latency} ↓, {@code accuracy} ↑), with latency compared
 * by its intervals.
 *
 * <p>{@code a} dominates {@code b} when {@code a} is no worse than {@code b} in all three objectives and
 * strictly better in at least one. On latency, "better" means {@linkplain Point#fasterThan faster beyond
 * doubt}: the intervals separate (by more than the equivalence share); overlapping intervals are a tie, so
 * latency then neither protects {@code b} nor counts for {@code a}. For exactly known latencies this is the
 * usual dominance. Consequences worth stating: dominance is irreflexive and antisymmetric, so two points with
 * equal objectives do not dominate each other; and a point that is not {@linkplain Point#isMeasured()
 * measured} (NaN latency or accuracy) neither dominates nor is dominated by anything.
 */
public final class Dominance {
  private Dominance() {}

  /** Whether {@code a} dominates {@code b}, latency intervals compared as they are; false when either is unmeasured. */
  public static boolean dominates(Point a, Point b) {
    return dominates(a, b, 0);
  }

  /**
   * Whether {@code a} dominates {@code b} when latencies within {@code equivalence} (a share) of each other's
   * interval count as a tie; false whenever either is unmeasured.
   */
  public static boolean dominates(Point a, Point b, double equivalence) {
    if (!a.isMeasured() || !b.isMeasured()) {
      return false;
    }
    boolean noWorse = a.gzipBytes() <= b.gzipBytes()
        && !b.fasterThan(a, equivalence)
        && a.accuracy() >= b.accuracy();
    boolean strictlyBetter = a.gzipBytes() < b.gzipBytes()
        || a.fasterThan(b, equivalence)
        || a.accuracy() > b.accuracy();
    return noWorse && strictlyBetter;
  }
}
