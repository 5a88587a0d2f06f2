package dev.frontier.transforms.calibrate;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics of every tapped tensor of one model over the calibration rows seen so far: tensor name →
 * {@link TensorStatistics}, plus the number of rows. The accumulator of calibration, sharded and merged
 * exactly (see {@link TensorStatistics}); independent of the calibration method, so one set of statistics
 * serves every method ({@link Calibrator#ranges}). Mutable, {@link Serializable}, not thread-safe.
 */
public final class CalibrationStatistics implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String modelId;
  private final int bins;
  private final TreeMap<String, TensorStatistics> tensors = new TreeMap<>();
  private long rowsSeen;

  private CalibrationStatistics(String modelId, List<String> tensorNames, int bins) {
    this.modelId = modelId;
    this.bins = bins;
    for (String t : tensorNames) {
      tensors.put(t, TensorStatistics.empty(bins));
    }
  }

  /** No rows seen yet, for the tapped tensors, {@link TensorStatistics#DEFAULT_BINS} bins per tail. */
  public static CalibrationStatistics empty(ActivationTaps taps) {
    return empty(taps, TensorStatistics.DEFAULT_BINS);
  }

  /** No rows seen yet, for the tapped tensors, {@code bins} bins per tail (a power of two). */
  public static CalibrationStatistics empty(ActivationTaps taps, int bins) {
    return new CalibrationStatistics(taps.modelId(), taps.tensorNames(), bins);
  }

  /**
   * Adds one batch's values of a tapped tensor.
   *
   * @throws IllegalArgumentException naming model and tensor when it is not tapped or a value is not finite
   */
  public void add(String tensorName, float[] values) {
    TensorStatistics t = tensors.get(tensorName);
    if (t == null) {
      throw new IllegalArgumentException("model '" + modelId + "': tensor '" + tensorName
          + "' is not calibrated; tapped tensors are " + tensors.keySet());
    }
    try {
      t.add(values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model '" + modelId + "' tensor '" + tensorName + "': " + e.getMessage(), e);
    }
  }

  /** Counts {@code rows} more calibration rows (call once per batch, after adding its tensors). */
  public void addRows(long rows) {
    rowsSeen += rows;
  }

  /**
   * Adds {@code other} into this (other is unchanged) and returns this.
   *
   * @throws IllegalArgumentException when the two are of different models, tensors or bins
   */
  public CalibrationStatistics merge(CalibrationStatistics other) {
    if (!modelId.equals(other.modelId) || bins != other.bins || !tensors.keySet().equals(other.tensors.keySet())) {
      throw new IllegalArgumentException("cannot merge calibration statistics of model '" + other.modelId + "' "
          + other.tensors.keySet() + " (" + other.bins + " bins) into model '" + modelId + "' " + tensors.keySet()
          + " (" + bins + " bins)");
    }
    for (Map.Entry<String, TensorStatistics> e : tensors.entrySet()) {
      e.getValue().merge(other.tensors.get(e.getKey()));
    }
    rowsSeen += other.rowsSeen;
    return this;
  }

  public String modelId() {
    return modelId;
  }

  /** Histogram bins per tail of every tensor. */
  public int bins() {
    return bins;
  }

  /** Calibration rows seen. */
  public long rowsSeen() {
    return rowsSeen;
  }

  /** Tensor name → its statistics, sorted by name (live objects: do not mutate). */
  public Map<String, TensorStatistics> tensors() {
    return Collections.unmodifiableMap(tensors);
  }

  @Override
  public String toString() {
    return "CalibrationStatistics[" + modelId + ", " + rowsSeen + " rows, " + tensors.keySet() + "]";
  }
}
