package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CalibrationOutcome;
import dev.frontier.transforms.beam.candidate.ImportedModel;
import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.calibrate.Calibrator;
import dev.frontier.transforms.config.CalibrationConfig;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.data.Dataset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * The Calibrate stage: activation statistics once per (model, sample count), as a {@link CalibrationCombineFn}
 * over shards of the model's calibration rows, then ranges once per (model, calibration method, samples),
 * however many candidates use them. The result is a map view keyed by
 * {@link CalibrationConfig#rangesKey(String)} that the Compress stage reads.
 */
public final class Calibrate
    extends PTransform<PCollection<ImportedModel>, PCollectionView<Map<String, CalibrationOutcome>>> {
  /** Rows per shard: small enough to spread, large enough that a graph import per shard is noise. */
  public static final int SHARD_ROWS = 250;

  private final Catalogue catalogue;
  private final SweepSpec sweep;

  private Calibrate(Catalogue catalogue, SweepSpec sweep) {
    this.catalogue = catalogue;
    this.sweep = sweep;
  }

  public static Calibrate of(Catalogue catalogue, SweepSpec sweep) {
    return new Calibrate(catalogue, sweep);
  }

  @Override
  public PCollectionView<Map<String, CalibrationOutcome>> expand(PCollection<ImportedModel> models) {
    return models
        .apply("ShardCalibrationRows", ParDo.of(new ShardFn(catalogue, sweep)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ElementCoder.of(CalibrationShard.class)))
        .apply("MergeStatistics", Combine.perKey(CalibrationCombineFn.create()))
        .apply("ChooseRanges", ParDo.of(new RangesFn(sweep)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ElementCoder.of(CalibrationOutcome.class)))
        .apply("AsMap", View.asMap());
  }

  /** Splits each model's first {@code samples} calibration rows into shards, once per distinct sample count. */
  static final class ShardFn extends DoFn<ImportedModel, KV<String, CalibrationShard>> {
    private final Catalogue catalogue;
    private final SweepSpec sweep;

    ShardFn(Catalogue catalogue, SweepSpec sweep) {
      this.catalogue = catalogue;
      this.sweep = sweep;
    }

    @ProcessElement
    public void process(@Element ImportedModel model, OutputReceiver<KV<String, CalibrationShard>> out) {
      shards(catalogue, sweep.calibrations(), model).forEach(out::output);
    }
  }

  /**
   * The shards of each distinct sample count of {@code model}'s calibrations, keyed by
   * {@link CalibrationConfig#statisticsKey}; a sample count the data cannot serve becomes one failed shard.
   */
  static List<KV<String, CalibrationShard>> shards(Catalogue catalogue, List<CalibrationConfig> calibrations,
      ImportedModel model) {
    List<KV<String, CalibrationShard>> out = new ArrayList<>();
    List<Integer> sampleCounts = calibrations.stream().map(CalibrationConfig::samples).distinct().toList();
    for (int samples : sampleCounts) {
      String key = model.modelId() + "|" + samples;
      Dataset rows;
      try {
        rows = ModelData.shared(catalogue, StagedFiles.create()).split(model.entry()).calibration();
      } catch (RuntimeException e) {
        out.add(KV.of(key, CalibrationShard.failed(model.ir(), e.getMessage())));
        continue;
      }
      if (rows.size() < samples) {
        out.add(KV.of(key, CalibrationShard.failed(model.ir(), "model '" + model.modelId()
            + "': the sweep asks for " + samples + " calibration rows, the catalogue's calibration subset has "
            + rows.size() + (rows.size() == 0 ? " (no 'calibration:' entry, or it is empty)" : "")
            + "; raise calibration.rows in the catalogue")));
        continue;
      }
      for (int start = 0; start < samples; start += SHARD_ROWS) {
        float[][] shard = Arrays.copyOfRange(rows.features(), start, Math.min(samples, start + SHARD_ROWS));
        out.add(KV.of(key, CalibrationShard.of(model.ir(), rows.featureNames(), shard)));
      }
    }
    return out;
  }

  /**
   * The Calibrate stage for one model and {@code calibrations} in this JVM, without a pipeline: the same
   * shards, statistics and ranges, keyed as the stage's view. Statistics merge exactly, so the ranges equal
   * the pipeline's on any runner; {@code frontier export} uses this to rebuild a calibrated candidate.
   */
  public static Map<String, CalibrationOutcome> locally(Catalogue catalogue, List<CalibrationConfig> calibrations,
      ImportedModel model) {
    Map<String, List<CalibrationShard>> byKey = new LinkedHashMap<>();
    for (KV<String, CalibrationShard> shard : shards(catalogue, calibrations, model)) {
      byKey.computeIfAbsent(shard.getKey(), k -> new ArrayList<>()).add(shard.getValue());
    }
    Map<String, CalibrationOutcome> outcomes = new HashMap<>();
    byKey.forEach((key, shards) -> outcomes(key, calibrations, CalibrationCombineFn.create().apply(shards), null)
        .forEach(kv -> outcomes.put(kv.getKey(), kv.getValue())));
    return outcomes;
  }

  /**
   * The ranges of every calibration of {@code calibrations} that uses the statistics under {@code key};
   * {@code ranges} (nullable) counts the ranges computed.
   */
  static List<KV<String, CalibrationOutcome>> outcomes(String key, List<CalibrationConfig> calibrations,
      CalibrationCombineFn.Accumulator stats, Counter ranges) {
    String modelId = key.substring(0, key.lastIndexOf('|'));
    List<KV<String, CalibrationOutcome>> out = new ArrayList<>();
    for (CalibrationConfig c : calibrations) {
      if (!c.statisticsKey(modelId).equals(key)) {
        continue;
      }
      CalibrationOutcome outcome;
      if (stats.error() != null) {
        outcome = CalibrationOutcome.failed(stats.error());
      } else {
        try {
          outcome = CalibrationOutcome.of(Calibrator.ranges(stats.statistics(), c.method(), c.params()));
          if (ranges != null) {
            ranges.inc();
          }
        } catch (RuntimeException e) {
          outcome = CalibrationOutcome.failed("model '" + modelId + "': " + c.label() + ": " + e.getMessage());
        }
      }
      out.add(KV.of(c.rangesKey(modelId), outcome));
    }
    return out;
  }

  /** Turns one (model, samples) statistics into the ranges of every calibration method that uses them. */
  static final class RangesFn extends DoFn<KV<String, CalibrationCombineFn.Accumulator>, KV<String, CalibrationOutcome>> {
    private final SweepSpec sweep;
    private final Counter statistics = Metrics.counter(Calibrate.class, "calibration_statistics");
    private final Counter ranges = Metrics.counter(Calibrate.class, "calibration_ranges");

    RangesFn(SweepSpec sweep) {
      this.sweep = sweep;
    }

    @ProcessElement
    public void process(@Element KV<String, CalibrationCombineFn.Accumulator> stats,
        OutputReceiver<KV<String, CalibrationOutcome>> out) {
      statistics.inc();
      outcomes(stats.getKey(), sweep.calibrations(), stats.getValue(), ranges).forEach(out::output);
    }
  }
}
