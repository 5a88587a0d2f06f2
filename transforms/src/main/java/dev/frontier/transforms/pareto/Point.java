package dev.frontier.transforms.pareto;

import java.io.Serializable;
import java.util.Objects;

/**
 * One candidate as the Pareto stage sees it: an id and its three objectives, compressed artifact size
 * ({@code gzipBytes}, lower is better), latency at batch 1 ({@code latencyMsB1}, lower is better) and
 * task accuracy ({@code accuracy}, a share in [0, 1], higher is better).
 *
 * <p>A failed measurement is recorded as NaN latency or NaN accuracy; such a point is not
 * {@linkplain #isMeasured() measured}, never dominates, is never dominated, and never reaches a front,
 * knee or budget choice. Immutable; ids are expected to be unique within one model's candidates.
 *
 * @param id candidate id, unique within a model
 * @param gzipBytes bytes of the gzip'd artifact, ≥ 0
 * @param latencyMsB1 median latency at batch 1 in milliseconds, or NaN when it could not be measured
 * @param accuracy top-1 (or the task metric) as a share in [0, 1], or NaN when it could not be measured
 */
public record Point(String id, long gzipBytes, double latencyMsB1, double accuracy) implements Serializable {

  public Point {
    Objects.requireNonNull(id, "id");
    if (gzipBytes < 0) {
      throw new IllegalArgumentException("point '" + id + "': gzipBytes must be >= 0, got " + gzipBytes);
    }
    if (latencyMsB1 < 0) {
      throw new IllegalArgumentException("point '" + id + "': latencyMsB1 must be >= 0 or NaN, got " + latencyMsB1);
    }
    if (accuracy < 0 || accuracy > 1) {
      throw new IllegalArgumentException("point '" + id + "': accuracy must be in [0, 1] or NaN, got " + accuracy);
    }
    // -0.0 becomes 0.0, so sorting (Double.compare) and dominance (<, <=) agree on equal values.
    latencyMsB1 = latencyMsB1 + 0.0;
    accuracy = accuracy + 0.0;
  }

  /** Whether both measured objectives are numbers (size is always known). */
  public boolean isMeasured() {
    return !Double.isNaN(latencyMsB1) && !Double.isNaN(accuracy);
  }

  /** Whether the three objectives equal those of {@code other} (ids aside). */
  public boolean sameObjectives(Point other) {
    return gzipBytes == other.gzipBytes && latencyMsB1 == other.latencyMsB1 && accuracy == other.accuracy;
  }
}
