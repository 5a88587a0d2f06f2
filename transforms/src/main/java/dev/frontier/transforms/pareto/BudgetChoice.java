package dev.frontier.transforms.pareto;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * "The smallest artifact that loses at most {@code budgetPp} percentage points of accuracy": the answer
 * a user with a size target and an accuracy budget asks for.
 *
 * <p>Eligible: measured points (see {@link Point#isMeasured()}: a candidate whose latency could not be
 * measured may not even load, so it is not offered) with {@code accuracy ≥ floatAccuracy − budgetPp/100}.
 * The comparison allows {@link #ACCURACY_TOLERANCE} of floating-point slack, so a candidate exactly on
 * the budget (e.g. 0.9671 against 0.9771 − 1 pp) is in. Among eligible points: smallest
 * {@code gzipBytes}, then lower latency, then higher accuracy, then smaller id.
 */
public final class BudgetChoice {
  /**
   * Slack on the accuracy threshold, as a share. Far below one row of any realistic evaluation set
   * (1e-9 is one row in a billion) and far above the rounding error of {@code floatAccuracy − pp/100}.
   */
  public static final double ACCURACY_TOLERANCE = 1e-9;

  private static final double PERCENT = 100.0;

  /**
   * The choice order among eligible points: the front's order (size, latency, accuracy best first, id).
   * Hence the choice is always on the Pareto front: anything dominating it would be eligible and first.
   */
  public static final Comparator<Point> ORDER = ParetoFront.ORDER;

  private BudgetChoice() {}

  /**
   * The best point within the budget, or empty when none is eligible.
   *
   * @param points candidates (need not be a front)
   * @param floatAccuracy the float baseline's accuracy, a share in [0, 1]
   * @param budgetPp the accuracy that may be lost, in percentage points (1.0 = one point), ≥ 0
   */
  public static Optional<Point> best(List<Point> points, double floatAccuracy, double budgetPp) {
    if (!Double.isFinite(floatAccuracy)) {
      throw new IllegalArgumentException("floatAccuracy must be a number, got " + floatAccuracy);
    }
    if (!(budgetPp >= 0) || Double.isInfinite(budgetPp)) {
      throw new IllegalArgumentException("budgetPp must be a finite number >= 0, got " + budgetPp);
    }
    ParetoFront.requireUniqueIds(points);
    double threshold = floatAccuracy - budgetPp / PERCENT - ACCURACY_TOLERANCE;
    return points.stream()
        .filter(Point::isMeasured)
        .filter(p -> p.accuracy() >= threshold)
        .min(ORDER);
  }
}
