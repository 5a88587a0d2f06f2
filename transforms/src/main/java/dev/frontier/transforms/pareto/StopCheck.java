package dev.frontier.transforms.pareto;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * After latencies are measured: which stopped candidates {@link StopRule} may not leave stopped, because their
 * stop could change a flag that exhaustive evaluation would set. Those are evaluated on their remaining rows.
 *
 * <p>A stopped candidate B (accuracy anywhere in its interval, every other candidate's too) stays stopped when
 * <ol>
 *   <li>some measured candidate dominates it ({@link Dominance}, latency intervals as measured) with its own
 *       accuracy at its lower bound and B's at its upper bound, so B is off the front whatever the truth;</li>
 *   <li>for every fully evaluated candidate D, whether B dominates D is the same at B's lower and upper bound,
 *       so B's unknown accuracy cannot move D on or off the front (dominance by B only grows with B's
 *       accuracy, so the two ends decide every value between);</li>
 *   <li>B cannot be chosen: its upper bound is below the budget, or a measured candidate certainly within the
 *       budget comes before it in {@link BudgetChoice#ORDER} whatever both accuracies are.</li>
 * </ol>
 * Evaluating a stopped candidate's remaining rows puts its accuracy inside its interval and leaves its batch-1
 * latency as measured, so every check passed by the others still holds afterwards: one pass suffices. The
 * front, knee and choice computed from the rows with each stopped candidate at its lower bound are then those of
 * exhaustive evaluation.
 */
public final class StopCheck {
  private StopCheck() {}

  /**
   * One candidate after measuring.
   *
   * @param point the candidate's point, its accuracy being the lower end of its interval when stopped
   * @param accuracyHi the upper end of its accuracy interval (the accuracy itself when evaluated on all rows)
   * @param stopped whether racing stopped its evaluation
   */
  public record Raced(Point point, double accuracyHi, boolean stopped) {
    Point atHi() {
      return new Point(point.id(), point.gzipBytes(), point.latency(), point.latencyLo(), point.latencyHi(),
          accuracyHi);
    }
  }

  /** Ids of the stopped candidates whose stop the three conditions do not confirm, sorted. */
  public static Set<String> unconfirmed(List<Raced> candidates, double floatAccuracy, double budgetPp,
      double equivalence) {
    double threshold = StopRule.threshold(floatAccuracy, budgetPp);
    Set<String> out = new TreeSet<>();
    for (Raced b : candidates) {
      if (b.stopped() && !(dominated(b, candidates, equivalence) && inert(b, candidates, equivalence)
          && notChosen(b, candidates, threshold))) {
        out.add(b.point().id());
      }
    }
    return out;
  }

  private static boolean dominated(Raced b, List<Raced> all, double equivalence) {
    return all.stream().anyMatch(a -> a != b && Dominance.dominates(a.point(), b.atHi(), equivalence));
  }

  private static boolean inert(Raced b, List<Raced> all, double equivalence) {
    return all.stream().filter(d -> d != b && !d.stopped()).allMatch(d ->
        Dominance.dominates(b.point(), d.point(), equivalence) == Dominance.dominates(b.atHi(), d.point(), equivalence));
  }

  private static boolean notChosen(Raced b, List<Raced> all, double threshold) {
    if (b.accuracyHi() < threshold || !b.point().isMeasured()) {
      return true;
    }
    List<Raced> others = new ArrayList<>(all);
    others.remove(b);
    return others.stream().anyMatch(a -> a.point().isMeasured() && a.point().accuracy() >= threshold
        && BudgetChoice.ORDER.compare(a.point(), b.atHi()) < 0);
  }
}
