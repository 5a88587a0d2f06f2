package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.measure.AccuracyInterval;
import dev.frontier.transforms.measure.PairedTally;
import dev.frontier.transforms.pareto.Standing;
import dev.frontier.transforms.pareto.Stop;
import java.io.Serializable;
import java.util.Arrays;
import java.util.BitSet;

/**
 * A candidate between rounds of racing evaluation: the built artifact (built once, carried from round to round
 * rather than rebuilt), its tally on the rows seen so far, which of those rows it got right (bit {@code i}: the
 * {@code i}-th row it saw; the rounds' rows come first, in slice order, for pairing with other candidates), the
 * interval its accuracy on all rows lies in, and why its evaluation stopped (null while it goes on).
 *
 * <p>Rows it saw are the first {@code tally.rows() − chosen.length} of the slice order, then {@code chosen}: rows
 * picked out of slice order after the rounds, when a candidate is settled against fully evaluated ones
 * ({@code SettleRaceFn}); empty before.
 */
public record RacingCandidate(BuiltCandidate built, PairedTally tally, AccuracyInterval interval, BitSet right,
    Stop stop, int[] chosen) implements Serializable {

  /** A candidate just built, before its first slice. */
  public static RacingCandidate start(BuiltCandidate built) {
    return new RacingCandidate(built, PairedTally.EMPTY, new AccuracyInterval(0, 1), new BitSet(), null,
        new int[0]);
  }

  public String candidateId() {
    return built.task().candidateId();
  }

  public String modelId() {
    return built.task().model().modelId();
  }

  /** Why its evaluation stopped, as its row says it; null while it goes on. */
  public String stopReason() {
    return stop == null ? null : stop.reason();
  }

  /** The same candidate, stopped by {@code why} after the rows it has seen. */
  public RacingCandidate stop(Stop why) {
    return stop(why, "after " + tally.rows() + " rows: ");
  }

  /** The same candidate, stopped by {@code why}, its reason starting with {@code prefix}. */
  public RacingCandidate stop(Stop why, String prefix) {
    return new RacingCandidate(built, tally, interval, right, why.after(prefix), chosen);
  }

  /** The same candidate after more rows in slice order: its tally, interval and right rows on all rows seen. */
  public RacingCandidate seen(PairedTally allSeen, AccuracyInterval allInterval, BitSet allRight) {
    return new RacingCandidate(built, allSeen, allInterval, allRight, null, chosen);
  }

  /** The same candidate after {@code rows} out of slice order, with its tally, interval and right rows on all. */
  public RacingCandidate seenChosen(int[] rows, PairedTally allSeen, AccuracyInterval allInterval,
      BitSet allRight) {
    int[] all = Arrays.copyOf(chosen, chosen.length + rows.length);
    System.arraycopy(rows, 0, all, chosen.length, rows.length);
    return new RacingCandidate(built, allSeen, allInterval, allRight, null, all);
  }

  /** Rows it saw in slice order (the rounds'), before any chosen ones. */
  public int inSliceOrder() {
    return tally.rows() - chosen.length;
  }

  /** How the stop rule sees it. */
  public Standing standing() {
    return new Standing(candidateId(), built.gzipBytes(), interval.lo(), interval.hi(), stop != null, right,
        inSliceOrder(), built.ir().contentSha256() + "/" + built.evaluated().contentSha256());
  }
}
