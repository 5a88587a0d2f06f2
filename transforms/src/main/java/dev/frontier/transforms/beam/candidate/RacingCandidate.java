package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.measure.AccuracyInterval;
import dev.frontier.transforms.measure.PairedTally;
import dev.frontier.transforms.pareto.Standing;
import dev.frontier.transforms.pareto.Stop;
import java.io.Serializable;
import java.util.BitSet;

/**
 * A candidate between rounds of racing evaluation: the built artifact (built once, carried from round to round
 * rather than rebuilt), its tally on the rows seen so far, which of those rows it got right (bit {@code i}: the
 * {@code i}-th row of the slice order, for pairing with other candidates), the interval its accuracy on all rows
 * lies in, and why its evaluation stopped (null while it goes on).
 */
public record RacingCandidate(BuiltCandidate built, PairedTally tally, AccuracyInterval interval, BitSet right,
    Stop stop) implements Serializable {

  /** A candidate just built, before its first slice. */
  public static RacingCandidate start(BuiltCandidate built) {
    return new RacingCandidate(built, PairedTally.EMPTY, new AccuracyInterval(0, 1), new BitSet(), null);
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
    return new RacingCandidate(built, tally, interval, right, why.after("after " + tally.rows() + " rows: "));
  }

  /** The same candidate after more rows: its tally, interval and right rows on all rows seen. */
  public RacingCandidate seen(PairedTally allSeen, AccuracyInterval allInterval, BitSet allRight) {
    return new RacingCandidate(built, allSeen, allInterval, allRight, null);
  }

  /** How the stop rule sees it. */
  public Standing standing() {
    return new Standing(candidateId(), built.gzipBytes(), interval.lo(), interval.hi(), stop != null, right,
        tally.rows(), built.ir().contentSha256() + "/" + built.evaluated().contentSha256());
  }
}
