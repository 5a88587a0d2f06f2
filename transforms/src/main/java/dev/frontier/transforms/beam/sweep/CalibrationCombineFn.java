package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.calibrate.ActivationCollector;
import dev.frontier.transforms.calibrate.ActivationTaps;
import dev.frontier.transforms.calibrate.CalibrationStatistics;
import dev.frontier.transforms.calibrate.TensorStatistics;
import dev.frontier.transforms.measure.BenchmarkSlot;
import java.io.Serializable;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Activation statistics of one model over shards of its representative rows, merged exactly: the
 * histograms of {@link TensorStatistics} re-bucket losslessly, so any grouping of shards gives the
 * single-pass statistics, and memory stays bounded by the bin count whatever the number of rows.
 *
 * <p>Used per key (one key per model and sample count). The taps are the layer inputs the full-integer
 * scheme quantizes ({@link ActivationTaps#of}), found from the first shard's IR. A shard that cannot be
 * measured turns the result into an error instead of failing the job, so one model's bad calibration
 * data becomes failure records for its calibrated candidates only. Each shard opens one collector
 * (one graph import) and closes it: a CombineFn has no teardown to close a cached Session.
 */
public final class CalibrationCombineFn
    extends Combine.CombineFn<CalibrationShard, CalibrationCombineFn.Accumulator, CalibrationCombineFn.Accumulator> {
  private static final long serialVersionUID = 1L;

  private final int bins;

  private CalibrationCombineFn(int bins) {
    this.bins = TensorStatistics.checkBins(bins);
  }

  /** Statistics with {@link TensorStatistics#DEFAULT_BINS} bins per tail. */
  public static CalibrationCombineFn create() {
    return new CalibrationCombineFn(TensorStatistics.DEFAULT_BINS);
  }

  /** The same with {@code bins} bins per tail (a power of two). */
  public CalibrationCombineFn withBins(int bins) {
    return new CalibrationCombineFn(bins);
  }

  @Override
  public Accumulator createAccumulator() {
    return new Accumulator();
  }

  @Override
  public Accumulator addInput(Accumulator acc, CalibrationShard shard) {
    if (acc.error != null) {
      return acc;
    }
    if (shard.error() != null) {
      acc.error = shard.error();
      return acc;
    }
    try {
      ActivationTaps taps = ActivationTaps.of(shard.ir());
      if (acc.statistics == null) {
        acc.taps = taps;
        acc.statistics = CalibrationStatistics.empty(taps, bins);
      }
      if (shard.rows().length > 0) {
        try (BenchmarkSlot.Held shared = BenchmarkSlot.shared();
            ActivationCollector collector = new ActivationCollector(shard.ir(), taps)) {
          collector.collect(shard.rows(), shard.featureNames(), acc.statistics);
        }
      }
    } catch (RuntimeException e) {
      acc.error = "model '" + shard.ir().modelId() + "': calibration failed: " + e.getMessage();
    }
    return acc;
  }

  @Override
  public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
    Accumulator merged = new Accumulator();
    for (Accumulator a : accumulators) {
      if (merged.error != null) {
        break;
      }
      if (a.error != null) {
        merged.error = a.error;
      } else if (a.statistics != null) {
        if (merged.statistics == null) {
          merged.taps = a.taps;
          merged.statistics = CalibrationStatistics.empty(a.taps, bins);
        }
        merged.statistics.merge(a.statistics);
      }
    }
    return merged;
  }

  @Override
  public Accumulator extractOutput(Accumulator acc) {
    return acc;
  }

  @Override
  public Coder<Accumulator> getAccumulatorCoder(CoderRegistry registry, Coder<CalibrationShard> inputCoder)
      throws CannotProvideCoderException {
    return ElementCoder.of(Accumulator.class);
  }

  @Override
  public Coder<Accumulator> getDefaultOutputCoder(CoderRegistry registry, Coder<CalibrationShard> inputCoder)
      throws CannotProvideCoderException {
    return ElementCoder.of(Accumulator.class);
  }

  /** Statistics so far, or the first error met; exactly one is set once a shard was added. */
  public static final class Accumulator implements Serializable {
    private static final long serialVersionUID = 1L;
    private ActivationTaps taps;
    private CalibrationStatistics statistics;
    private String error;

    public CalibrationStatistics statistics() {
      return statistics;
    }

    public String error() {
      return error;
    }
  }
}
