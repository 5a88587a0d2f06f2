package dev.frontier.transforms.pareto;

import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Racing, after the rounds: which running candidates lead, to be evaluated on every row, and which follow one that
 * looks no worse, to be settled against the leaders' exact results ({@code SettleRaceFn}) instead.
 *
 * <p>B follows A when, on the rows both have seen (after the rounds, the same random rows for every running
 * candidate), A is no larger and right at least as often, strictly better in one of the two or, on a full tie, A
 * has the smaller id. The relation is transitive, so every follower follows some leader. It is a guess, made to
 * spend rows well: a follower truly on the front is simply evaluated on every row when settling, and no stop
 * rests on it.
 */
public final class Leaders {
  private Leaders() {}

  /**
   * The followers among {@code running} (candidates neither stopped nor exact), each with the candidate it follows:
   * of those it could follow, the one right most often on their common rows, then the smallest, then by id.
   */
  public static SortedMap<String, String> followers(List<Standing> running) {
    SortedMap<String, String> out = new TreeMap<>();
    for (Standing b : running) {
      running.stream()
          .filter(a -> a != b && follows(b, a))
          .max(Comparator.comparingInt((Standing a) -> rightOnCommon(a, b))
              .thenComparing(Comparator.comparingLong(Standing::gzipBytes).reversed())
              .thenComparing(Comparator.comparing(Standing::id).reversed()))
          .ifPresent(a -> out.put(b.id(), a.id()));
    }
    return out;
  }

  /** Whether B follows A: A no larger and right at least as often on their common rows, better in one or first. */
  static boolean follows(Standing b, Standing a) {
    int aRight = rightOnCommon(a, b);
    int bRight = rightOnCommon(b, a);
    if (a.gzipBytes() > b.gzipBytes() || aRight < bRight) {
      return false;
    }
    return a.gzipBytes() < b.gzipBytes() || aRight > bRight || a.id().compareTo(b.id()) < 0;
  }

  private static int rightOnCommon(Standing x, Standing other) {
    return x.right().get(0, Math.min(x.seen(), other.seen())).cardinality();
  }
}
