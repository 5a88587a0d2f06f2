package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.calibrate.ActivationTaps;
import dev.frontier.transforms.calibrate.Calibrator;
import dev.frontier.transforms.compress.ConfiguredMethod;
import dev.frontier.transforms.config.CalibrationConfig;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.CandidateSpec;
import dev.frontier.transforms.config.MethodEntry;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.ArtifactSize;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.tflite.NotExportableToTfliteException;
import dev.frontier.transforms.tflite.TfliteScheme;
import dev.frontier.transforms.tflite.TfliteWriter;

/**
 * A candidate as a .tflite file: the source model pruned and recovered as the candidate is, written by
 * {@link TfliteWriter} in the {@link TfliteScheme} of its quantization. The full-integer scheme quantizes every
 * activation tensor, more than the Calibrate stage measures (layer inputs), so its ranges are calibrated here on
 * the same calibration rows with the same method and sample count, on the float model as the sweep's are; for
 * the layer inputs they are the sweep's ranges (statistics are exact).
 *
 * @param bytes the file
 * @param scheme how it stores the candidate
 * @param gzipBytes its size after gzip
 */
public record TfliteCandidate(byte[] bytes, TfliteScheme scheme, long gzipBytes) {

  /**
   * The .tflite file of {@code task}, quantized by {@code quantization} (the step {@link CandidateBuilder}
   * applies: the sweep entry's, with the layers {@code keep_float_most_sensitive} picked added to its
   * {@code skipLayers}), from {@code floatIr}: the source model pruned and recovered as the candidate is
   * ({@link dev.frontier.transforms.compress.CandidateCompressor.Recovered#recoveredFloat}).
   *
   * @throws NotExportableToTfliteException when the model or scheme cannot be written as .tflite
   */
  public static TfliteCandidate build(Catalogue catalogue, CandidateTask task, ConfiguredMethod quantization,
      ModelIr floatIr) {
    CandidateSpec spec = task.spec();
    ImportedModel model = task.model();
    MethodEntry q = spec.quantization();
    TfliteScheme scheme = TfliteScheme.of(model.modelId(), quantization);
    ActivationRanges ranges = null;
    if (scheme.fullInteger()) {
      CalibrationConfig c = q.calibration();
      Dataset rows = ModelData.shared(catalogue, StagedFiles.create()).split(model.entry()).calibration();
      if (rows.size() < c.samples()) {
        throw new IllegalArgumentException("model '" + model.modelId() + "': TFLite " + scheme + " needs "
            + c.samples() + " calibration rows, the catalogue's calibration subset has " + rows.size());
      }
      ActivationTaps taps = ActivationTaps.tensors(model.ir(), TfliteWriter.rangeTensors(floatIr));
      ranges = Calibrator.calibrate(model.ir(), taps, rows, c.samples(), c.method(), c.params());
    }
    byte[] bytes = TfliteWriter.write(floatIr, scheme, ranges);
    return new TfliteCandidate(bytes, scheme, ArtifactSize.of(bytes).gzipBytes());
  }
}
