package dev.frontier.transforms.calibrate;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The calibrated range of every activation tensor a full-integer scheme quantizes, keyed by tensor name
 * (e.g. {@code "dense/MatMul:0"}'s input {@code "flatten/Reshape:0"}). The contract between calibration,
 * which produces it, and the int8 scheme, which consumes it.
 *
 * @param method the calibration method that chose the ranges (e.g. {@code minmax}, {@code percentile})
 * @param samples how many representative rows were used
 * @param ranges tensor name → [min, max] as floats (min ≤ 0 ≤ max is not required here; the quantizer
 *     widens the range to include 0 as the int8 spec demands)
 */
public record ActivationRanges(String method, int samples, Map<String, Range> ranges) implements Serializable {

  public ActivationRanges {
    Objects.requireNonNull(method, "method");
    ranges = Map.copyOf(new TreeMap<>(ranges));
  }

  /** The range of one tensor; an error naming the tensor when it was not calibrated. */
  public Range of(String tensorName) {
    Range r = ranges.get(tensorName);
    if (r == null) {
      throw new IllegalArgumentException("no calibrated range for tensor '" + tensorName + "' (calibrated: "
          + ranges.keySet() + ")");
    }
    return r;
  }

  /** A closed float interval. */
  public record Range(float min, float max) implements Serializable {
    public Range {
      if (!(min <= max)) {
        throw new IllegalArgumentException("bad range [" + min + ", " + max + "]");
      }
    }
  }
}
