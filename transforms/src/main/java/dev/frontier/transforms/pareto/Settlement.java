package dev.frontier.transforms.pareto;

import dev.frontier.transforms.measure.AccuracyInterval;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Settles one follower ({@link Leaders}) against the candidates evaluated on every row: evaluates it a chunk at a
 * time on the unseen rows it most likely gets wrong ({@link SettleRule#likeliestWrongFirst}), each chunk at least
 * as large as the wrong rows it must still show ({@link SettleRule#wrongNeeded}), until {@link SettleRule#stop}
 * stops it or it has seen every row. What it decides rests on counts alone, so it is the same on every run.
 */
public final class Settlement {
  /** Runs the follower on more rows. */
  @FunctionalInterface
  public interface Rows {
    /** Whether the follower gets each of {@code rows} (indices) right. */
    boolean[] right(int[] rows);
  }

  /**
   * How a settlement ended.
   *
   * @param stop why the follower stopped; null when it was evaluated on every row
   * @param chosen the rows it was evaluated on, in order
   * @param interval where its accuracy on all rows lies (exact when {@code stop} is null)
   */
  public record Result(Stop stop, int[] chosen, AccuracyInterval interval) {}

  private final List<Standing> exact;
  private final List<BitSet> voters;
  private final int[] tieRanks;
  private final int chunkRows;
  private final double floatAccuracy;
  private final double budgetPp;

  /**
   * @param exact the model's candidates evaluated on every row
   * @param voters the rows each candidate known on every row gets wrong (float's too)
   * @param margins float's top-score margin per row (empty: not known)
   * @param positions each row's place in the slice order, one per evaluation row
   * @param chunkRows fewest rows per chunk (a Session.run's batch)
   */
  public Settlement(List<Standing> exact, List<BitSet> voters, float[] margins, int[] positions, int chunkRows,
      double floatAccuracy, double budgetPp) {
    this.exact = List.copyOf(exact);
    this.voters = List.copyOf(voters);
    this.tieRanks = SettleRule.tieRanks(margins, positions);
    this.chunkRows = chunkRows;
    this.floatAccuracy = floatAccuracy;
    this.budgetPp = budgetPp;
  }

  /**
   * Settles a follower of size {@code gzipBytes} that has seen {@code seen} (row indices) and got {@code wrong}
   * of them wrong, its accuracy in {@code interval} from the rounds.
   */
  public Result settle(String id, long gzipBytes, AccuracyInterval interval, BitSet seen, BitSet wrong, Rows run) {
    int rows = tieRanks.length;
    BitSet seenNow = (BitSet) seen.clone();
    BitSet wrongNow = (BitSet) wrong.clone();
    AccuracyInterval now = interval;
    IntStream.Builder chosen = IntStream.builder();
    while (true) {
      Standing b = new Standing(id, gzipBytes, now.lo(), now.hi(), false);
      Optional<Stop> stop = SettleRule.stop(b, exact, floatAccuracy, budgetPp, rows);
      int[] unseen = IntStream.range(0, rows).filter(row -> !seenNow.get(row)).toArray();
      if (stop.isPresent() || unseen.length == 0) {
        return new Result(stop.orElse(null), chosen.build().toArray(), now);
      }
      int take = Math.min(unseen.length,
          Math.max(chunkRows, SettleRule.wrongNeeded(b, exact, floatAccuracy, budgetPp, rows)));
      int[] next = Arrays.copyOf(
          SettleRule.likeliestWrongFirst(unseen, voters, wrongNow, seenNow, tieRanks), take);
      boolean[] right = run.right(next);
      for (int i = 0; i < next.length; i++) {
        seenNow.set(next[i]);
        wrongNow.set(next[i], !right[i]);
        chosen.add(next[i]);
      }
      now = now.narrowed(seenNow.cardinality() - wrongNow.cardinality(), seenNow.cardinality(), rows);
    }
  }
}
