package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.calibrate.ActivationRanges;
import java.io.Serializable;

/**
 * The activation ranges one (model, calibration method, samples) produced, or why there are none. The
 * Compress stage looks them up; an error fails only the candidates that need these ranges.
 */
public record CalibrationOutcome(ActivationRanges ranges, String error) implements Serializable {

  public static CalibrationOutcome of(ActivationRanges ranges) {
    return new CalibrationOutcome(ranges, null);
  }

  public static CalibrationOutcome failed(String error) {
    return new CalibrationOutcome(null, error);
  }
}
