package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.measure.AccuracyInterval;
import dev.frontier.transforms.measure.PairedTally;
import dev.frontier.transforms.pareto.Standing;
import java.io.Serializable;

/**
 * A candidate between rounds of racing evaluation: the built artifact (built once, carried from round to round
 * rather than rebuilt), its tally on the rows seen so far, the interval its accuracy on all rows lies in, and
 * why its evaluation stopped (null while it goes on).
 */
public record RacingCandidate(BuiltCandidate built, PairedTally tally, AccuracyInterval interval,
    String stopReason) implements Serializable {

  /** A candidate just built, before its first slice. */
  public static RacingCandidate start(BuiltCandidate built) {
    return new RacingCandidate(built, PairedTally.EMPTY, new AccuracyInterval(0, 1), null);
  }

  public String candidateId() {
    return built.task().candidateId();
  }

  public String modelId() {
    return built.task().model().modelId();
  }

  /** The same candidate, stopped for {@code reason}. */
  public RacingCandidate stop(String reason) {
    return new RacingCandidate(built, tally, interval, reason);
  }

  /** How the stop rule sees it. */
  public Standing standing() {
    return new Standing(candidateId(), built.gzipBytes(), interval.lo(), interval.hi(), stopReason != null);
  }
}
