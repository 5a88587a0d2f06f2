package dev.frontier.transforms.pareto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The non-dominated set of a model's candidates (see {@link Dominance}).
 *
 * <p>Rules: unmeasured points (NaN latency or accuracy) are never on the front. Exact duplicates (all
 * three objectives equal, different ids) are <em>all</em> on the front when any of them is, because
 * neither dominates the other; dropping all but one would silently pick a winner by id, which is the
 * job of {@link Knee} and {@link BudgetChoice}, not of the front.
 *
 * <p>Algorithm: sort by ({@code gzipBytes} ↑, {@code latencyMsB1} ↑, {@code accuracy} ↓). A dominating
 * point is lexicographically smaller, so it sorts strictly before what it dominates; and by
 * transitivity a dominated point is dominated by some front point. So each point is checked only
 * against the front built so far: O(n log n + n·f) for a front of size f, plenty for a few hundred
 * candidates.
 */
public final class ParetoFront {
  /** The front's order: size, then latency, then accuracy (best first), then id. */
  public static final Comparator<Point> ORDER = Comparator.comparingLong(Point::gzipBytes)
      .thenComparingDouble(Point::latencyMsB1)
      .thenComparing(Comparator.comparingDouble(Point::accuracy).reversed())
      .thenComparing(Point::id);

  private ParetoFront() {}

  /**
   * The non-dominated measured points of {@code points}, in {@link #ORDER}.
   *
   * @throws IllegalArgumentException when two points share an id
   */
  public static List<Point> of(List<Point> points) {
    requireUniqueIds(points);
    List<Point> sorted = new ArrayList<>();
    for (Point p : points) {
      if (p.isMeasured()) {
        sorted.add(p);
      }
    }
    sorted.sort(ORDER);
    List<Point> front = new ArrayList<>();
    for (Point candidate : sorted) {
      if (!dominatedByAny(front, candidate)) {
        front.add(candidate);
      }
    }
    return List.copyOf(front);
  }

  private static boolean dominatedByAny(List<Point> front, Point candidate) {
    for (Point f : front) {
      if (Dominance.dominates(f, candidate)) {
        return true;
      }
    }
    return false;
  }

  static void requireUniqueIds(List<Point> points) {
    Set<String> seen = new HashSet<>();
    for (Point p : points) {
      if (!seen.add(p.id())) {
        throw new IllegalArgumentException("two candidates share the id '" + p.id() + "'");
      }
    }
  }
}
