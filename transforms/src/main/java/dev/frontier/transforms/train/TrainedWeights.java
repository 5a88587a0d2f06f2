package dev.frontier.transforms.train;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The values of every variable of a trained network (kernels, biases, BatchNorm scale/offset and moving
 * mean/variance), by variable name, with their shapes; no optimizer state.
 *
 * <p>Plain Java arrays, so weights outlive the training Graph and can be compared bitwise. Immutable:
 * values are copied in and out.
 */
public final class TrainedWeights {
  private final Map<String, float[]> values;
  private final Map<String, long[]> shapes;

  private TrainedWeights(Map<String, float[]> values, Map<String, long[]> shapes) {
    this.values = values;
    this.shapes = shapes;
  }

  /** Starts an empty set of weights; names keep insertion order. */
  public static Builder builder() {
    return new Builder();
  }

  /** Variable names, in the order the network created them. */
  public Set<String> names() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /** A copy of the named variable's values, row-major. */
  public float[] values(String name) {
    return require(name).clone();
  }

  /** A copy of the named variable's shape. */
  public long[] shape(String name) {
    require(name);
    return shapes.get(name).clone();
  }

  /** Total number of scalar values over all variables. */
  public long parameterCount() {
    return values.values().stream().mapToLong(v -> v.length).sum();
  }

  /** True when both hold the same names, shapes and bitwise-equal values. */
  public boolean bitwiseEquals(TrainedWeights other) {
    if (!values.keySet().equals(other.values.keySet())) {
      return false;
    }
    for (String name : values.keySet()) {
      if (!Arrays.equals(shapes.get(name), other.shapes.get(name))) {
        return false;
      }
      float[] a = values.get(name);
      float[] b = other.values.get(name);
      for (int i = 0; i < a.length; i++) {
        if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
          return false;
        }
      }
    }
    return true;
  }

  private float[] require(String name) {
    float[] v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no variable '" + name + "'; have " + values.keySet());
    }
    return v;
  }

  @Override
  public String toString() {
    return "TrainedWeights{" + values.size() + " variables, " + parameterCount() + " values}";
  }

  /** Collects variables; {@link #build()} freezes them. */
  public static final class Builder {
    private final Map<String, float[]> values = new LinkedHashMap<>();
    private final Map<String, long[]> shapes = new LinkedHashMap<>();

    private Builder() {}

    /** Adds a variable; the arrays are copied. */
    public Builder put(String name, float[] variableValues, long[] shape) {
      Objects.requireNonNull(name, "name");
      long count = Arrays.stream(shape).reduce(1L, (a, b) -> a * b);
      if (count != variableValues.length) {
        throw new IllegalArgumentException("variable '" + name + "': shape " + Arrays.toString(shape)
            + " holds " + count + " values, got " + variableValues.length);
      }
      if (values.containsKey(name)) {
        throw new IllegalArgumentException("variable '" + name + "' added twice");
      }
      values.put(name, variableValues.clone());
      shapes.put(name, shape.clone());
      return this;
    }

    public TrainedWeights build() {
      return new TrainedWeights(new LinkedHashMap<>(values), new LinkedHashMap<>(shapes));
    }
  }
}
