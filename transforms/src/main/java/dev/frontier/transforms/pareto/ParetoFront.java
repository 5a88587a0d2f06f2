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
 * <p>Algorithm: every point against every other, O(n²): with latency compared by intervals, dominance is not
 * transitive (a tie on latency does not chain), so the sorted single pass that exact values allow could keep
 * a point whose only dominator was itself dominated. A few hundred candidates per model cost nothing.
 */
public final class ParetoFront {
  /** The front's order: size, then latency estimate, then accuracy (best first), then id. */
  public static final Comparator<Point> ORDER = Comparator.comparingLong(Point::gzipBytes)
      .thenComparingDouble(Point::latency)
      .thenComparing(Comparator.comparingDouble(Point::accuracy).reversed())
      .thenComparing(Point::id);

  private ParetoFront() {}

  /**
   * The non-dominated measured points of {@code points}, latency intervals compared as they are, in
   * {@link #ORDER}.
   *
   * @throws IllegalArgumentException when two points share an id
   */
  public static List<Point> of(List<Point> points) {
    return of(points, 0);
  }

  /**
   * The non-dominated measured points of {@code points}, latencies within {@code equivalence} (a share) of
   * each other's interval counting as a tie, in {@link #ORDER}.
   *
   * @throws IllegalArgumentException when two points share an id
   */
  public static List<Point> of(List<Point> points, double equivalence) {
    requireUniqueIds(points);
    List<Point> front = new ArrayList<>();
    for (Point candidate : points) {
      if (candidate.isMeasured()
          && points.stream().noneMatch(other -> Dominance.dominates(other, candidate, equivalence))) {
        front.add(candidate);
      }
    }
    front.sort(ORDER);
    return List.copyOf(front);
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
