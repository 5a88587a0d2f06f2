package dev.frontier.transforms.calibrate;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The parameters of the calibration methods; each method reads the ones it needs.
 *
 * @param percentile for {@code percentile}: which percentile of each tail bounds the range, in (0, 100]
 *     (e.g. 99.9, 99.99, 99.999)
 * @param levels for {@code entropy} and {@code mse}: quantization levels in [0, t] on each side of zero,
 *     zero included. 128 is what the integer kernels run: 7-bit activations ("reduce_range", see
 *     docs/DESIGN.md, "The int8 scheme as implemented") on a non-negative tensor, or about half of
 *     int8's 256 levels per tail of a signed one.
 */
public record CalibrationParams(double percentile, int levels) implements Serializable {
  public static final double DEFAULT_PERCENTILE = 99.99;
  public static final int DEFAULT_LEVELS = 128;
  public static final CalibrationParams DEFAULTS = new CalibrationParams(DEFAULT_PERCENTILE, DEFAULT_LEVELS);

  private static final String PERCENTILE_KEY = "percentile";
  private static final String LEVELS_KEY = "levels";

  public CalibrationParams {
    if (!(percentile > 0 && percentile <= 100)) {
      throw new IllegalArgumentException("calibration parameter 'percentile' must be in (0, 100], got " + percentile);
    }
    if (levels < 2) {
      throw new IllegalArgumentException("calibration parameter 'levels' must be at least 2, got " + levels);
    }
  }

  public CalibrationParams withPercentile(double p) {
    return new CalibrationParams(p, levels);
  }

  public CalibrationParams withLevels(int n) {
    return new CalibrationParams(percentile, n);
  }

  /**
   * Parameters from a config map ({@code {percentile: 99.9}}), numbers or strings as YAML gives them;
   * absent keys keep their defaults.
   *
   * @throws IllegalArgumentException naming {@code method} and the key for an unknown key or a bad value
   */
  public static CalibrationParams fromMap(String method, Map<String, ?> raw) {
    CalibrationParams p = DEFAULTS;
    for (Map.Entry<String, ?> e : raw.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      try {
        if (PERCENTILE_KEY.equals(key)) {
          p = p.withPercentile(Double.parseDouble(String.valueOf(v).trim()));
        } else if (LEVELS_KEY.equals(key)) {
          p = p.withLevels(new BigDecimal(String.valueOf(v).trim()).intValueExact());
        } else {
          throw new IllegalArgumentException("unknown parameter '" + key + "'; calibration parameters are ["
              + PERCENTILE_KEY + ", " + LEVELS_KEY + "]");
        }
      } catch (IllegalArgumentException | ArithmeticException ex) {
        throw new IllegalArgumentException("calibration '" + method + "': " + (ex instanceof NumberFormatException
            || ex instanceof ArithmeticException ? "parameter '" + key + "' cannot be " + v : ex.getMessage()), ex);
      }
    }
    return p;
  }

  /** The percentile as people write it: {@code 99.99}, not {@code 99.990000}. */
  public String percentileText() {
    return BigDecimal.valueOf(percentile).stripTrailingZeros().toPlainString();
  }
}
