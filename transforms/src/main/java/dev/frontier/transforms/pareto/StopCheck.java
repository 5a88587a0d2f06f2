package dev.frontier.transforms.pareto;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * After latencies are measured: which stopped candidates {@link StopRule} may not leave stopped, because their
 * stop could change a flag that exhaustive evaluation would set. Those are evaluated on their remaining rows.
 *
 * <p>A stopped candidate B (accuracy anywhere in its interval, every other candidate's too) stays stopped when
 * <ol>
 *   <li>some measured candidate dominates it ({@link Dominance}, latency intervals as measured) with its own
 *       accuracy at its lower bound and B's at its upper bound, or the candidate the stop rule found certainly at
 *       least as accurate as B ({@code dominatedBy}, paired on their common rows) dominates it with the
 *       accuracies in that order, so B is off the front whatever the truth;</li>
 *   <li>for every fully evaluated candidate D that no other candidate dominates (a stopped one at its lower
 *       bound), whether B dominates D is the same at B's lower and upper bound, so B's unknown accuracy cannot
 *       move D on or off the front (dominance by B only grows with B's accuracy, so the two ends decide every
 *       value between; a D another candidate dominates is off the front whatever B is);</li>
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
   * @param dominatedBy id of the candidate racing found certainly no larger and at least as accurate (strictly
   *     when equally large), or null
   */
  public record Raced(Point point, double accuracyHi, boolean stopped, String dominatedBy) {
    public Raced(Point point, double accuracyHi, boolean stopped) {
      this(point, accuracyHi, stopped, null);
    }

    Point atHi() {
      return new Point(point.id(), point.gzipBytes(), point.latency(), point.latencyLo(), point.latencyHi(),
          accuracyHi);
    }
  }

  /** The stopped candidates whose stop the three conditions do not confirm, each with the first that fails, by id. */
  public static SortedMap<String, String> whyUnconfirmed(List<Raced> candidates, double floatAccuracy,
      double budgetPp, double equivalence) {
    double threshold = StopRule.threshold(floatAccuracy, budgetPp);
    List<Raced> bounded = candidates.stream().map(b -> boundedByDominator(b, candidates)).toList();
    SortedMap<String, String> out = new TreeMap<>();
    for (Raced b : bounded) {
      if (!b.stopped()) {
        continue;
      }
      if (!dominated(b, bounded, equivalence)) {
        out.put(b.point().id(), "no candidate dominates it once latencies are compared");
      } else if (!inert(b, bounded, equivalence)) {
        out.put(b.point().id(), "its unknown accuracy could move a fully evaluated candidate on or off the front");
      } else if (!notChosen(b, bounded, threshold)) {
        out.put(b.point().id(), "it could be the budget choice");
      }
    }
    return out;
  }

  /**
   * B with its upper accuracy bound lowered to its dominator's (the stop rule found B certainly no more accurate
   * than that candidate): keeps an unknown accuracy from looking able to move others on or off the front.
   */
  private static Raced boundedByDominator(Raced b, List<Raced> all) {
    return all.stream().filter(a -> a.point().id().equals(b.dominatedBy())).findFirst()
        .map(a -> new Raced(b.point(), Math.max(b.point().accuracy(), Math.min(b.accuracyHi(), a.accuracyHi())),
            b.stopped(), b.dominatedBy()))
        .orElse(b);
  }

  private static boolean dominated(Raced b, List<Raced> all, double equivalence) {
    return all.stream().anyMatch(a -> a != b && (Dominance.dominates(a.point(), b.atHi(), equivalence)
        || a.point().id().equals(b.dominatedBy()) && Dominance.dominates(a.point(), ordered(a, b), equivalence)));
  }

  /**
   * B's point with the accuracy its pairing with A allows at most: A's (any common value decides, as dominance
   * then turns on size and latency alone), a step lower when they are equally large and A is strictly ahead.
   */
  private static Point ordered(Raced a, Raced b) {
    double accuracy = a.point().gzipBytes() < b.point().gzipBytes() ? a.point().accuracy()
        : Math.nextDown(a.point().accuracy());
    return new Point(b.point().id(), b.point().gzipBytes(), b.point().latency(), b.point().latencyLo(),
        b.point().latencyHi(), accuracy);
  }

  private static boolean inert(Raced b, List<Raced> all, double equivalence) {
    return all.stream().filter(d -> d != b && !d.stopped() && !dominatedWithout(b, d, all, equivalence))
        .allMatch(d -> Dominance.dominates(b.point(), d.point(), equivalence)
            == Dominance.dominates(b.atHi(), d.point(), equivalence));
  }

  /**
   * Whether a candidate other than B dominates D whatever the accuracies in their intervals: D is off the front
   * anyway.
   */
  private static boolean dominatedWithout(Raced b, Raced d, List<Raced> all, double equivalence) {
    return all.stream().anyMatch(c -> c != b && c != d && Dominance.dominates(c.point(), d.point(), equivalence));
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
