package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.compress.CandidateCompressor;
import dev.frontier.transforms.compress.CompressedCandidate;
import dev.frontier.transforms.compress.ConfiguredMethod;
import dev.frontier.transforms.compress.MethodParameters;
import dev.frontier.transforms.compress.FineTune;
import dev.frontier.transforms.compress.Recovery;
import dev.frontier.transforms.compress.RecoveryData;
import dev.frontier.transforms.compress.SizeAccounting;
import dev.frontier.transforms.config.CalibrationConfig;
import dev.frontier.transforms.config.CandidateSpec;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.config.MethodEntry;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.config.TrainingSpec;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.ArtifactSize;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.ServingSavedModel;
import dev.frontier.transforms.tflite.NotExportableToTfliteException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Builds one candidate (prune, then quantize, with the model's calibrated ranges when the quantization
 * needs them) and measures the size of the artifact it produces: the serialized GraphDef, raw and gzipped,
 * and the layer weights' parameter and non-zero counts. It also wraps the shipped graph as the SavedModel
 * that the sweep's ExportArtifacts stage and {@code frontier export} write. Deterministic: the same task and ranges
 * give the same graph and SavedModel bytes, which is what lets the export rebuild a measured candidate.
 */
public final class CandidateBuilder implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The stage named in failure records of this step. */
  public static final String STAGE = "Compress";
  private final Catalogue catalogue;
  private final int sensitivityBatchRows;
  private final int recoveryRows;
  private final boolean tflite;

  /**
   * @param sensitivityBatchRows rows per run when ranking layers by sensitivity
   * @param recoveryRows calibration rows a candidate's recovery runs on (the first ones of the model's subset)
   * @param tflite whether each candidate is also written as .tflite ({@link TfliteCandidate}) and sized
   */
  public CandidateBuilder(Catalogue catalogue, int sensitivityBatchRows, int recoveryRows, boolean tflite) {
    this.catalogue = catalogue;
    this.sensitivityBatchRows = sensitivityBatchRows;
    this.recoveryRows = recoveryRows;
    this.tflite = tflite;
  }

  /** The builder a sweep measures candidates with: its batch and recovery rows, .tflite when it exports one. */
  public static CandidateBuilder forSweep(Catalogue catalogue, SweepSpec sweep) {
    return new CandidateBuilder(catalogue, sweep.evaluationBatchRows(), sweep.recoveryRows(),
        sweep.exportFormats().contains(SweepSpec.EXPORT_TFLITE));
  }

  /** The built candidate of {@code task}, with {@code calibrations} of the Calibrate stage by ranges key. */
  public BuiltCandidate build(CandidateTask task, Map<String, CalibrationOutcome> calibrations) {
    return buildWithTflite(task, calibrations, tflite).built();
  }

  /**
   * A built candidate and, when asked for, its .tflite file or why TFLite cannot express it; both from one
   * compression (with its recovery), which the .tflite writer lowers from.
   *
   * @param tfliteRefusal why there is no .tflite although one was asked for, or null
   */
  public record Artifacts(BuiltCandidate built, TfliteCandidate tflite, NotExportableToTfliteException tfliteRefusal) {}

  /**
   * The built candidate of {@code task} as {@link #build}, and with {@code withTflite} its .tflite file too
   * (sized in the candidate's {@code tflite*} fields).
   */
  public Artifacts buildWithTflite(CandidateTask task, Map<String, CalibrationOutcome> calibrations,
      boolean withTflite) {
    CandidateSpec spec = task.spec();
    ActivationRanges ranges = ranges(task, calibrations);
    ConfiguredMethod quantization = quantization(task, ranges);
    CandidateCompressor.Recovered recovered = CandidateCompressor.recover(task.model().ir(),
        spec.pruning() == null ? null : spec.pruning().toStep(), quantization, ranges,
        spec.recovery(), recoveryData(task));
    CompressedCandidate c = recovered.candidate();
    ModelIr ir = c.shipped();
    ArtifactSize size = ArtifactSize.of(ir.graphDefBytes());
    SizeAccounting.WeightCounts counts = SizeAccounting.weightCounts(c.evaluated());
    ModelEntry entry = task.model().entry();
    byte[] savedModel = ServingSavedModel.bytes(ir, entry.signatureKey(), entry.tags());
    TfliteCandidate t = null;
    NotExportableToTfliteException refusal = null;
    if (withTflite) {
      try {
        t = TfliteCandidate.build(catalogue, task, quantization, recovered.recoveredFloat());
      } catch (NotExportableToTfliteException e) {
        refusal = e; // no TFLite form: the columns stay null, and an export's manifest says why
      }
    }
    BuiltCandidate built = new BuiltCandidate(task, ir, c.evaluated(), c.floatLayers(), savedModel,
        size.sizeBytes(), size.gzipBytes(), counts.params(), counts.nonzeroParams(),
        t == null ? null : (long) t.bytes().length, t == null ? null : t.gzipBytes());
    return new Artifacts(built, t, refusal);
  }

  /**
   * The quantization step, with the most sensitive layers added to {@code skipLayers} when the sweep asks
   * to keep some float.
   */
  private ConfiguredMethod quantization(CandidateTask task, ActivationRanges ranges) {
    MethodEntry q = task.spec().quantization();
    if (q.keepFloatMostSensitive() == 0) {
      return q.toStep();
    }
    List<String> keep = new ArrayList<>(q.params().skipLayers());
    for (String layer : MostSensitiveLayers.of(catalogue, task.model(), q.calibration(), ranges,
        q.params().granularity(), q.keepFloatMostSensitive(), sensitivityBatchRows)) {
      if (!keep.contains(layer)) {
        keep.add(layer);
      }
    }
    MethodParameters params = MethodParameters.builder().granularity(q.params().granularity()).skipLayers(keep).build();
    return new ConfiguredMethod(q.method(), params);
  }

  /**
   * What the candidate's recovery runs on: the first {@code recoveryRows} calibration rows of the model, and for
   * fine-tuning its training rows and settings; null without recovery.
   */
  private RecoveryData recoveryData(CandidateTask task) {
    Recovery recovery = task.spec().recovery();
    if (recovery == Recovery.NONE) {
      return null;
    }
    ModelData data = ModelData.shared(catalogue, StagedFiles.create());
    ModelEntry entry = task.model().entry();
    if (recovery == Recovery.FINE_TUNE) {
      TrainingSpec t = entry.training();
      return t == null ? null : new RecoveryData(null, data.training(entry),
          new FineTune.Settings(t.epochs(), t.learningRate(), t.batchRows(), t.seed()));
    }
    Dataset calibration = data.split(entry).calibration();
    int n = Math.min(recoveryRows, calibration.size());
    return RecoveryData.calibration(
        calibration.select(calibration.name() + "-recovery-" + n, IntStream.range(0, n).toArray()));
  }

  /** The calibrated ranges this candidate needs, null when it needs none. */
  private static ActivationRanges ranges(CandidateTask task, Map<String, CalibrationOutcome> calibrated) {
    CalibrationConfig calibration = task.spec().quantization().calibration();
    if (calibration == null) {
      return null;
    }
    CalibrationOutcome outcome = calibrated.get(calibration.rangesKey(task.model().modelId()));
    if (outcome == null) {
      throw new IllegalStateException("model '" + task.model().modelId() + "': no calibration "
          + calibration.label() + " was computed");
    }
    if (outcome.error() != null) {
      throw new IllegalArgumentException(outcome.error());
    }
    return outcome.ranges();
  }
}
