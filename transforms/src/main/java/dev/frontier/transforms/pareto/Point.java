package dev.frontier.transforms.pareto;

import java.io.Serializable;
import java.util.Objects;

/**
 * One candidate as the Pareto stage sees it: an id and its three objectives, compressed artifact size
 * ({@code gzipBytes}, lower is better), latency at batch 1 ({@code latency}, lower is better, with the
 * interval it is known to lie in) and task accuracy ({@code accuracy}, a share in [0, 1], higher is better).
 *
 * <p>Latency is whatever unit the caller uses consistently within one model; the sweep passes the ratio to
 * the float model's latency with its 95 % interval, since that is what it measures with an uncertainty. A
 * latency known exactly has {@code latencyLo == latency == latencyHi}.
 *
 * <p>A failed measurement is recorded as NaN latency or NaN accuracy; such a point is not
 * {@linkplain #isMeasured() measured}, never dominates, is never dominated, and never reaches a front,
 * knee or budget choice. Immutable; ids are expected to be unique within one model's candidates.
 *
 * @param id candidate id, unique within a model
 * @param gzipBytes bytes of the gzip'd artifact, ≥ 0
 * @param latency the latency estimate at batch 1, or NaN when it could not be measured
 * @param latencyLo lower end of the latency's interval (≤ latency), NaN with it
 * @param latencyHi upper end of the latency's interval (≥ latency), NaN with it
 * @param accuracy top-1 (or the task metric) as a share in [0, 1], or NaN when it could not be measured
 */
public record Point(String id, long gzipBytes, double latency, double latencyLo, double latencyHi, double accuracy)
    implements Serializable {

  public Point {
    Objects.requireNonNull(id, "id");
    if (gzipBytes < 0) {
      throw new IllegalArgumentException("point '" + id + "': gzipBytes must be >= 0, got " + gzipBytes);
    }
    if (latency < 0 || latencyLo < 0) {
      throw new IllegalArgumentException("point '" + id + "': latency must be >= 0 or NaN, got " + latencyLo
          + " <= " + latency);
    }
    if (!Double.isNaN(latency) && !(latencyLo <= latency && latency <= latencyHi)) {
      throw new IllegalArgumentException("point '" + id + "': latency " + latency + " outside its interval ["
          + latencyLo + ", " + latencyHi + "]");
    }
    if (accuracy < 0 || accuracy > 1) {
      throw new IllegalArgumentException("point '" + id + "': accuracy must be in [0, 1] or NaN, got " + accuracy);
    }
    // -0.0 becomes 0.0, so sorting (Double.compare) and dominance (<, <=) agree on equal values.
    latency = latency + 0.0;
    latencyLo = latencyLo + 0.0;
    latencyHi = latencyHi + 0.0;
    accuracy = accuracy + 0.0;
  }

  /** A point whose latency is known exactly. */
  public Point(String id, long gzipBytes, double latency, double accuracy) {
    this(id, gzipBytes, latency, latency, latency, accuracy);
  }

  /** Whether both measured objectives are numbers (size is always known). */
  public boolean isMeasured() {
    return !Double.isNaN(latency) && !Double.isNaN(accuracy);
  }

  /**
   * Whether this point is faster than {@code other} beyond doubt: its interval lies wholly below the other's,
   * and stays below even when stretched by {@code equivalence} (a share: 0.1 widens the upper end by 10 %).
   * Otherwise the two are a tie on latency (neither is faster).
   */
  public boolean fasterThan(Point other, double equivalence) {
    return latencyHi * (1 + equivalence) < other.latencyLo;
  }

  /** Whether the three objectives equal those of {@code other} (ids aside), latency intervals included. */
  public boolean sameObjectives(Point other) {
    return gzipBytes == other.gzipBytes && latency == other.latency && latencyLo == other.latencyLo
        && latencyHi == other.latencyHi && accuracy == other.accuracy;
  }
}
