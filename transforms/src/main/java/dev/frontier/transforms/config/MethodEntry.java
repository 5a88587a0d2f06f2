package dev.frontier.transforms.config;

import dev.frontier.transforms.compress.ConfiguredMethod;
import dev.frontier.transforms.compress.MethodParameters;
import java.io.Serializable;
import java.util.Objects;

/**
 * A compression method as a sweep names it: a method name and its parameters, not checked against the
 * registry by this record. The sweep loader checks every entry ({@link SweepSpec#problem}) before a pipeline
 * starts; building the candidate ({@link #toStep()}) checks again, so a bad configuration made in code fails
 * only its own candidates.
 *
 * @param method the registry name, e.g. {@code int8-weight}
 * @param params typed parameters (keys and value ranges already checked)
 * @param calibration how activation ranges are calibrated, for methods that need them; null otherwise
 * @param keepFloatMostSensitive for calibrated methods: keep this many layers float, the ones whose
 *     quantization alone costs the most accuracy on the calibration rows (see
 *     {@code measure.LayerSensitivity}); 0 keeps none beyond {@code skip_layers}
 */
public record MethodEntry(String method, MethodParameters params, CalibrationConfig calibration,
    int keepFloatMostSensitive) implements Serializable {

  public MethodEntry {
    Objects.requireNonNull(method, "method");
    params = params == null ? MethodParameters.NONE : params;
    if (keepFloatMostSensitive < 0) {
      throw new IllegalArgumentException("keep_float_most_sensitive must not be negative, got "
          + keepFloatMostSensitive);
    }
  }

  /** A method without calibration. */
  public MethodEntry(String method, MethodParameters params) {
    this(method, params, null, 0);
  }

  /** The registered step; fails with a message naming the method when it is unknown or misconfigured. */
  public ConfiguredMethod toStep() {
    return new ConfiguredMethod(method, params);
  }

  /**
   * {@code int8-weight{granularity=per-tensor}}, or just the name when no parameter is given; calibrated
   * methods add their calibration, e.g. {@code int8{granularity=per-channel}@percentile-99.99/500}.
   */
  public String label() {
    String base = params.given().isEmpty() ? method : method + params;
    String calibrated = calibration == null ? base : base + "@" + calibration.label();
    return keepFloatMostSensitive == 0 ? calibrated : calibrated + "/keep-float-" + keepFloatMostSensitive;
  }
}
