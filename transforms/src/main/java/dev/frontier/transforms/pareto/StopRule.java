package dev.frontier.transforms.pareto;

import dev.frontier.transforms.measure.PairedOrder;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When racing evaluation stops evaluating a candidate: once another measures the same graphs, or once it is
 * certainly dominated on size and accuracy and certainly not the budget choice. All judged from exact sizes,
 * graph hashes and the rows seen, never from latency, so the same rows give the same decisions on every run and
 * runner.
 *
 * <p>A candidate B stops when
 * <ul>
 *   <li>a candidate with a smaller id has the same {@linkplain Standing#graphKey graphs} (a twin): its row will be
 *       the twin's measurements; or</li>
 *   <li>some other candidate A certainly dominates it on size and accuracy: A no larger, and either A's accuracy
 *       interval lies above B's ({@link Standing#certainlyDominates}) or, paired row by row on the rows both have
 *       seen, A is certainly right on at least as many rows ({@link PairedOrder}), one of them strictly; and
 *       B cannot be {@link BudgetChoice chosen}: its upper accuracy bound is below the budget threshold, or some
 *       candidate strictly smaller than B is certainly within the budget (its lower bound reaches it).</li>
 * </ul>
 * Latency is not known yet when this runs; that B is also not faster beyond doubt than its dominator is checked
 * once latencies are measured ({@link StopCheck}), and a stop that check cannot confirm is undone.
 */
public final class StopRule {
  private static final double PERCENT = 100.0;

  private StopRule() {}

  /**
   * The candidates of one model to stop now, each with its {@link Stop}, in id order. Candidates already stopped
   * or exact are not stopped again but still count as dominators and as smaller candidates.
   *
   * @param rows the model's evaluation rows
   * @param pairAlpha error level of each one-sided bound of a paired comparison
   */
  public static Map<String, Stop> toStop(List<Standing> standings, double floatAccuracy, double budgetPp,
      int rows, double pairAlpha) {
    double threshold = threshold(floatAccuracy, budgetPp);
    Map<String, Stop> out = new LinkedHashMap<>();
    standings.stream().sorted(Comparator.comparing(Standing::id)).forEach(b -> {
      if (b.stopped() || b.exact()) {
        return;
      }
      Optional<Standing> twin = standings.stream()
          .filter(a -> b.graphKey() != null && b.graphKey().equals(a.graphKey()) && a.id().compareTo(b.id()) < 0)
          .min(Comparator.comparing(Standing::id));
      if (twin.isPresent()) {
        out.put(b.id(), Stop.twinOf(twin.get().id()));
        return;
      }
      Optional<Standing> dominator = standings.stream()
          .filter(a -> a != b && certainlyDominates(a, b, rows, pairAlpha))
          .min(Comparator.comparingLong(Standing::gzipBytes).thenComparing(Standing::id));
      if (dominator.isEmpty()) {
        return;
      }
      String by = dominator.get().id();
      String dominated = "dominated by " + by;
      if (b.accuracyHi() < threshold) {
        out.put(b.id(), Stop.dominated(by, dominated + "; below the accuracy budget"));
        return;
      }
      standings.stream()
          .filter(a -> a != b && a.gzipBytes() < b.gzipBytes() && a.accuracyLo() >= threshold)
          .min(Comparator.comparingLong(Standing::gzipBytes).thenComparing(Standing::id))
          .ifPresent(a -> out.put(b.id(),
              Stop.dominated(by, dominated + "; " + a.id() + " is smaller and within the budget")));
    });
    return out;
  }

  /** The lowest accuracy {@link BudgetChoice} accepts, slack included. */
  static double threshold(double floatAccuracy, double budgetPp) {
    return floatAccuracy - budgetPp / PERCENT - BudgetChoice.ACCURACY_TOLERANCE;
  }

  /** A no larger than B and certainly at least as accurate, by their intervals or paired on common rows. */
  private static boolean certainlyDominates(Standing a, Standing b, int rows, double pairAlpha) {
    if (a.gzipBytes() > b.gzipBytes()) {
      return false;
    }
    return a.certainlyDominates(b) || PairedOrder.certainlyAtLeast(a.right(), b.right(),
        Math.min(a.seen(), b.seen()), rows, a.gzipBytes() == b.gzipBytes(), pairAlpha);
  }
}
