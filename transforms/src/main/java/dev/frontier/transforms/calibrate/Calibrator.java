package dev.frontier.transforms.calibrate;

import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.ModelIr;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calibration in one JVM: the first {@code samples} rows of a dataset through the model, statistics of the
 * tapped tensors, and the ranges a method chooses from them. For tests and tools (sensitivity); the sweep
 * computes the same statistics sharded, with {@code CalibrationCombineFn}, and calls {@link #ranges}.
 *
 * <p>Rows are taken from the start of the dataset: choose, shuffle and keep calibration rows apart from
 * evaluation rows before calling (docs/DESIGN.md, "How it measures").
 */
public final class Calibrator {
  private Calibrator() {}

  /** Ranges of every layer input ({@link ActivationTaps#of}) by {@code method}. */
  public static ActivationRanges calibrate(ModelIr ir, Dataset rows, int samples, String method,
      CalibrationParams params) {
    return calibrate(ir, ActivationTaps.of(ir), rows, samples, method, params);
  }

  /**
   * Ranges of the tapped tensors by {@code method}, from the first {@code samples} rows.
   *
   * @throws IllegalArgumentException naming the model and the problem: unknown method, empty dataset,
   *     fewer rows than samples, rows that do not fit the model's input
   */
  public static ActivationRanges calibrate(ModelIr ir, ActivationTaps taps, Dataset rows, int samples,
      String method, CalibrationParams params) {
    RangeEstimators.get(method);
    return ranges(statistics(ir, taps, rows, samples, TensorStatistics.DEFAULT_BINS), method, params);
  }

  /** Statistics of the tapped tensors over the first {@code samples} rows, {@code bins} bins per tail. */
  public static CalibrationStatistics statistics(ModelIr ir, ActivationTaps taps, Dataset rows, int samples,
      int bins) {
    if (rows.size() == 0) {
      throw new IllegalArgumentException("model '" + ir.modelId() + "': calibration dataset '" + rows.name()
          + "' is empty");
    }
    if (samples < 1 || samples > rows.size()) {
      throw new IllegalArgumentException("model '" + ir.modelId() + "': asked for " + samples
          + " calibration samples; dataset '" + rows.name() + "' has " + rows.size() + " rows");
    }
    CalibrationStatistics stats = CalibrationStatistics.empty(taps, bins);
    try (ActivationCollector collector = new ActivationCollector(ir, taps)) {
      collector.collect(Arrays.copyOf(rows.features(), samples), rows.featureNames(), stats);
    }
    return stats;
  }

  /**
   * The ranges {@code method} chooses for every tensor of {@code stats}.
   *
   * @throws IllegalArgumentException for an unknown method, or statistics of no rows (an empty
   *     calibration dataset), naming the model
   */
  public static ActivationRanges ranges(CalibrationStatistics stats, String method, CalibrationParams params) {
    RangeEstimator m = RangeEstimators.get(method);
    if (stats.rowsSeen() == 0) {
      throw new IllegalArgumentException("model '" + stats.modelId()
          + "': calibration saw no rows; the calibration dataset is empty");
    }
    Map<String, ActivationRanges.Range> ranges = new LinkedHashMap<>();
    for (Map.Entry<String, TensorStatistics> e : stats.tensors().entrySet()) {
      try {
        ranges.put(e.getKey(), m.range(e.getValue(), params));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("model '" + stats.modelId() + "' tensor '" + e.getKey() + "', "
            + method + ": " + ex.getMessage(), ex);
      }
    }
    return new ActivationRanges(m.label(params), Math.toIntExact(stats.rowsSeen()), ranges);
  }
}
