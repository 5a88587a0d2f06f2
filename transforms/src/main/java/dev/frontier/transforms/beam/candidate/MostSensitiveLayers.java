package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.compress.Granularity;
import dev.frontier.transforms.config.CalibrationConfig;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.LayerSensitivity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The layers a full-integer candidate keeps float when the sweep says {@code keep_float_most_sensitive: k}:
 * each layer is quantized alone ({@link LayerSensitivity}) on the model's calibration rows, never on the
 * evaluation rows the candidate is judged on, and the k costing most accuracy are kept float. The ranking
 * is computed once per (model, calibration, granularity) per JVM and shared by every k.
 */
final class MostSensitiveLayers {
  private static final Map<String, List<LayerSensitivity.Row>> RANKINGS = new ConcurrentHashMap<>();

  private MostSensitiveLayers() {}

  static List<String> of(Catalogue catalogue, ImportedModel model, CalibrationConfig calibration,
      ActivationRanges ranges, Granularity granularity, int k, int batchRows) {
    String key = calibration.rangesKey(model.modelId()) + "|" + granularity;
    List<LayerSensitivity.Row> rows = RANKINGS.computeIfAbsent(key, unused -> {
      Dataset pool = ModelData.shared(catalogue, StagedFiles.create()).split(model.entry()).calibration();
      int[] first = new int[Math.min(calibration.samples(), pool.size())];
      Arrays.setAll(first, i -> i);
      Dataset rankingRows = pool.select(pool.name() + ":sensitivity", first);
      return LayerSensitivity.measure(model.ir(), model.entry().outputKey(), rankingRows, ranges, granularity,
          batchRows).layerRows();
    });
    return LayerSensitivity.mostSensitive(rows, k);
  }
}
