package dev.frontier.transforms.beam;

import dev.frontier.transforms.calibrate.ActivationCollector;
import dev.frontier.transforms.calibrate.ActivationTaps;
import dev.frontier.transforms.calibrate.CalibrationStatistics;
import dev.frontier.transforms.calibrate.TensorStatistics;
import dev.frontier.transforms.model.ModelIr;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Calibration statistics of one model over shards of its representative rows: each input element is a
 * shard (a block of rows), run through the model on the worker; the accumulators are mergeable
 * histograms ({@link CalibrationStatistics}), so shards combine in any grouping and order to exactly the
 * statistics a single pass would give, in memory independent of the number of rows. The output is the
 * statistics, not ranges: they do not depend on the calibration method, so one combine serves every
 * method ({@code Calibrator.ranges(stats, method, params)}).
 *
 * <p>Each {@link #addInput} opens one {@link ActivationCollector} (Graph + Session) for its shard and
 * closes it before returning: a CombineFn has no teardown that could close a cached Session, and with
 * shards of hundreds of rows one graph import per shard is small.
 */
public final class CalibrationCombineFn
    extends Combine.CombineFn<float[][], CalibrationStatistics, CalibrationStatistics> {
  private static final long serialVersionUID = 1L;

  private final ModelIr ir;
  private final ActivationTaps taps;
  private final List<String> featureNames;
  private final int bins;

  private CalibrationCombineFn(ModelIr ir, ActivationTaps taps, List<String> featureNames, int bins) {
    this.ir = Objects.requireNonNull(ir, "ir");
    this.taps = Objects.requireNonNull(taps, "taps");
    this.featureNames = List.copyOf(featureNames);
    this.bins = TensorStatistics.checkBins(bins);
    if (!taps.modelId().equals(ir.modelId())) {
      throw new IllegalArgumentException("taps of model '" + taps.modelId() + "' used on model '" + ir.modelId() + "'");
    }
  }

  /**
   * Statistics of {@code taps} of {@code ir}, {@link TensorStatistics#DEFAULT_BINS} bins per tail;
   * {@code featureNames} as the dataset has them (needed for tf.Example inputs, empty for images).
   */
  public static CalibrationCombineFn of(ModelIr ir, ActivationTaps taps, List<String> featureNames) {
    return new CalibrationCombineFn(ir, taps, featureNames, TensorStatistics.DEFAULT_BINS);
  }

  /** The same with {@code bins} bins per tail (a power of two). */
  public CalibrationCombineFn withBins(int bins) {
    return new CalibrationCombineFn(ir, taps, featureNames, bins);
  }

  @Override
  public CalibrationStatistics createAccumulator() {
    return CalibrationStatistics.empty(taps, bins);
  }

  @Override
  public CalibrationStatistics addInput(CalibrationStatistics accumulator, float[][] shard) {
    if (shard.length > 0) {
      try (ActivationCollector collector = new ActivationCollector(ir, taps)) {
        collector.collect(shard, featureNames, accumulator);
      }
    }
    return accumulator;
  }

  @Override
  public CalibrationStatistics mergeAccumulators(Iterable<CalibrationStatistics> accumulators) {
    CalibrationStatistics merged = createAccumulator();
    for (CalibrationStatistics a : accumulators) {
      merged.merge(a);
    }
    return merged;
  }

  @Override
  public CalibrationStatistics extractOutput(CalibrationStatistics accumulator) {
    return accumulator;
  }

  @Override
  public Coder<CalibrationStatistics> getAccumulatorCoder(CoderRegistry registry, Coder<float[][]> inputCoder)
      throws CannotProvideCoderException {
    return ElementCoder.of(CalibrationStatistics.class);
  }

  @Override
  public Coder<CalibrationStatistics> getDefaultOutputCoder(CoderRegistry registry, Coder<float[][]> inputCoder)
      throws CannotProvideCoderException {
    return ElementCoder.of(CalibrationStatistics.class);
  }
}
