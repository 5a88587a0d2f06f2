package dev.frontier.transforms.pareto;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When racing evaluation stops evaluating a candidate: once it is certainly dominated on size and accuracy and
 * certainly not the budget choice. Both judged from exact sizes and accuracy intervals only, never from latency,
 * so the same rows give the same decisions on every run and runner.
 *
 * <p>A candidate B stops when
 * <ul>
 *   <li>some other candidate A {@linkplain Standing#certainlyDominates certainly dominates} it on size and
 *       accuracy (A no larger, A's lower accuracy bound at least B's upper one, one of them strict), and</li>
 *   <li>B cannot be {@link BudgetChoice chosen}: its upper accuracy bound is below the budget threshold, or
 *       some candidate strictly smaller than B is certainly within the budget (its lower bound reaches it).</li>
 * </ul>
 * Latency is not known yet when this runs; that B is also not faster beyond doubt than a dominator is checked
 * once latencies are measured ({@link StopCheck}), and a stop that check cannot confirm is undone.
 */
public final class StopRule {
  private static final double PERCENT = 100.0;

  private StopRule() {}

  /**
   * The candidates of one model to stop now, each with the reason recorded in its row, in id order. Candidates
   * already stopped or exact are not stopped again but still count as dominators and as smaller candidates.
   */
  public static Map<String, String> toStop(List<Standing> standings, double floatAccuracy, double budgetPp) {
    double threshold = threshold(floatAccuracy, budgetPp);
    Map<String, String> out = new LinkedHashMap<>();
    standings.stream().sorted(Comparator.comparing(Standing::id)).forEach(b -> {
      if (b.stopped() || b.exact()) {
        return;
      }
      Optional<Standing> dominator = standings.stream().filter(a -> a != b && a.certainlyDominates(b))
          .min(Comparator.comparingLong(Standing::gzipBytes).thenComparing(Standing::id));
      if (dominator.isEmpty()) {
        return;
      }
      String dominated = "dominated by " + dominator.get().id();
      if (b.accuracyHi() < threshold) {
        out.put(b.id(), dominated + "; below the accuracy budget");
        return;
      }
      standings.stream()
          .filter(a -> a != b && a.gzipBytes() < b.gzipBytes() && a.accuracyLo() >= threshold)
          .min(Comparator.comparingLong(Standing::gzipBytes).thenComparing(Standing::id))
          .ifPresent(a -> out.put(b.id(), dominated + "; " + a.id() + " is smaller and within the budget"));
    });
    return out;
  }

  /** The lowest accuracy {@link BudgetChoice} accepts, slack included. */
  static double threshold(double floatAccuracy, double budgetPp) {
    return floatAccuracy - budgetPp / PERCENT - BudgetChoice.ACCURACY_TOLERANCE;
  }
}
