package dev.frontier.transforms.pareto;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The knee of a front: the one candidate to show first when nobody has stated a budget.
 *
 * <p>Definition: normalise each objective min-max over the front to [0, 1], oriented so that 0 is best
 * (smallest size, smallest latency, highest accuracy); an objective that is constant over the front
 * contributes 0. The knee is the front point with the smallest Euclidean distance to the ideal point
 * (0, 0, 0); equal distances go to the smaller id ({@link String#compareTo}), so the answer never
 * depends on input order.
 *
 * <p>Latency enters by its tier, not its estimate, because latencies are only known up to their intervals:
 * the front's points sorted by latency estimate are cut into tiers wherever one point is {@linkplain
 * Point#fasterThan faster beyond doubt} than the next, and each point's latency coordinate is its tier's
 * index (0 for the fastest tier). Points whose latencies tie therefore sit at the same latency, and the knee
 * does not move with the noise inside an interval. For exactly known, distinct latencies the tiers are the
 * rank order.
 *
 * <p>Why this definition: bytes, milliseconds and accuracy share no unit, and normalising over the
 * front makes the choice independent of units and scale; distance to the ideal point ("compromise
 * programming") needs no weights or parameters, and, unlike curvature- or angle-based knees, is defined
 * the same way for three objectives as for two. Its known weakness: the range of each objective, hence
 * the knee, depends on the extremes of the front, so one extreme candidate can move it.
 */
public final class Knee {
  private Knee() {}

  /**
   * The knee of the Pareto front of {@code points}, latency intervals compared as they are. Empty when no
   * point is measured.
   */
  public static Optional<Point> of(List<Point> points) {
    return of(points, 0);
  }

  /**
   * The knee of the Pareto front of {@code points}, latencies within {@code equivalence} (a share) of each
   * other's interval counting as a tie for the front and the tiers. Empty when no point is measured.
   */
  public static Optional<Point> of(List<Point> points, double equivalence) {
    List<Point> front = ParetoFront.of(points, equivalence);
    if (front.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Integer> tiers = latencyTiers(front, equivalence);
    Range size = new Range();
    Range latency = new Range();
    Range accuracy = new Range();
    for (Point p : front) {
      size.add(p.gzipBytes());
      latency.add(tiers.get(p.id()));
      accuracy.add(p.accuracy());
    }
    Point best = null;
    double bestDistanceSquared = Double.POSITIVE_INFINITY;
    for (Point p : front) {
      double s = size.fromMin(p.gzipBytes());
      double l = latency.fromMin(tiers.get(p.id()));
      double a = accuracy.fromMax(p.accuracy());
      double d = s * s + l * l + a * a;
      if (best == null || d < bestDistanceSquared || (d == bestDistanceSquared && p.id().compareTo(best.id()) < 0)) {
        best = p;
        bestDistanceSquared = d;
      }
    }
    return Optional.of(best);
  }

  /** Point id → latency tier: sorted by estimate, a new tier wherever the previous point is faster beyond doubt. */
  static Map<String, Integer> latencyTiers(List<Point> front, double equivalence) {
    List<Point> byLatency = new ArrayList<>(front);
    byLatency.sort(Comparator.comparingDouble(Point::latency).thenComparing(Point::id));
    Map<String, Integer> tiers = new HashMap<>();
    int tier = 0;
    for (int i = 0; i < byLatency.size(); i++) {
      if (i > 0 && byLatency.get(i - 1).fasterThan(byLatency.get(i), equivalence)) {
        tier++;
      }
      tiers.put(byLatency.get(i).id(), tier);
    }
    return tiers;
  }

  /** Min and max of one objective over the front; maps a value to [0, 1], 0 for a constant objective. */
  private static final class Range {
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    void add(double v) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }

    /** 0 at the minimum (best for objectives to minimise), 1 at the maximum. */
    double fromMin(double v) {
      return max > min ? (v - min) / (max - min) : 0.0;
    }

    /** 0 at the maximum (best for objectives to maximise), 1 at the minimum. */
    double fromMax(double v) {
      return max > min ? (max - v) / (max - min) : 0.0;
    }
  }
}
