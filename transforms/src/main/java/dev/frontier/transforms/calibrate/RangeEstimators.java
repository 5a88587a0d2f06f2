package dev.frontier.transforms.calibrate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every calibration method, by name: {@code minmax}, {@code percentile}, {@code entropy}, {@code mse}.
 * Sweeps and reports refer to methods only by these names; adding one is a class plus a line here.
 */
public final class RangeEstimators {
  private static final Map<String, RangeEstimator> METHODS = index(
      new MinMaxCalibration(),
      new PercentileCalibration(),
      new EntropyCalibration(),
      new MseCalibration());

  private RangeEstimators() {}

  /**
   * The method called {@code name}.
   *
   * @throws IllegalArgumentException naming the known methods when there is none by that name
   */
  public static RangeEstimator get(String name) {
    RangeEstimator m = name == null ? null : METHODS.get(name);
    if (m == null) {
      throw new IllegalArgumentException("unknown calibration method '" + name + "'; known methods are " + names());
    }
    return m;
  }

  /** All method names, in registration order. */
  public static Set<String> names() {
    return Collections.unmodifiableSet(METHODS.keySet());
  }

  private static Map<String, RangeEstimator> index(RangeEstimator... methods) {
    Map<String, RangeEstimator> m = new LinkedHashMap<>();
    for (RangeEstimator method : methods) {
      if (m.put(method.name(), method) != null) {
        throw new IllegalStateException("two calibration methods are called '" + method.name() + "'");
      }
    }
    return m;
  }
}
