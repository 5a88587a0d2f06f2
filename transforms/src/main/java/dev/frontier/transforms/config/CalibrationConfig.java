package dev.frontier.transforms.config;

import dev.frontier.transforms.calibrate.CalibrationParams;
import dev.frontier.transforms.calibrate.RangeEstimators;
import java.io.Serializable;
import java.util.Objects;

/**
 * How a calibrated quantization gets its activation ranges: a calibration method, how many representative
 * rows (taken in order from the model's calibration subset), and the method's parameters.
 *
 * @param method a calibration method name (minmax, percentile, entropy, mse)
 * @param samples calibration rows used
 * @param params method parameters (percentile, levels)
 */
public record CalibrationConfig(String method, int samples, CalibrationParams params) implements Serializable {
  public static final String DEFAULT_METHOD = "minmax";
  public static final int DEFAULT_SAMPLES = 500;

  public CalibrationConfig {
    Objects.requireNonNull(method, "method");
    params = params == null ? CalibrationParams.DEFAULTS : params;
    if (samples < 1) {
      throw new IllegalArgumentException("calibration_samples must be at least 1, got " + samples);
    }
    RangeEstimators.get(method);
  }

  /** E.g. {@code percentile-99.99/500}: the method's own label, then the sample count. */
  public String label() {
    return methodLabel() + "/" + samples;
  }

  /** The method with its parameters, e.g. {@code percentile-99.99} (the result rows' calibration column). */
  public String methodLabel() {
    return RangeEstimators.get(method).label(params);
  }

  /** Key of the activation statistics this needs: one per (model, samples), shared by every method. */
  public String statisticsKey(String modelId) {
    return modelId + "|" + samples;
  }

  /** Key of the ranges this chooses: one per (model, method with parameters, samples). */
  public String rangesKey(String modelId) {
    return modelId + "|" + label();
  }
}
