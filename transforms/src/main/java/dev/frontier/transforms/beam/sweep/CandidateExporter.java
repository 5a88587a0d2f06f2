package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.BuiltCandidate;
import dev.frontier.transforms.beam.candidate.CalibrationOutcome;
import dev.frontier.transforms.beam.candidate.CandidateBuilder;
import dev.frontier.transforms.beam.candidate.CandidateTask;
import dev.frontier.transforms.beam.candidate.ImportedModel;
import dev.frontier.transforms.beam.candidate.TfliteCandidate;
import dev.frontier.transforms.beam.io.CandidateArtifacts;
import dev.frontier.transforms.config.CandidateSpec;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.results.ArtifactManifest;
import dev.frontier.transforms.results.CandidateResult;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a measured candidate from its source model and configuration and writes it as an artifact
 * folder ({@link CandidateArtifacts}): what the sweep's ExportArtifacts stage and {@code frontier export} both
 * do, so both write the same bytes.
 *
 * <p>Candidates are not kept between measuring and exporting (a sweep would hold every graph for the few on
 * the front); compression is deterministic, so the rebuilt graph is the measured one, and this is checked:
 * the rebuilt candidate must have the row's candidate id (same source content and configuration) and its
 * graph must hash to the row's {@code graph_sha256}. Either mismatch is an error that says what changed,
 * never a silently different model.
 */
public final class CandidateExporter implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The stage named in failure records of this step. */
  public static final String STAGE = "ExportArtifact";

  private final Catalogue catalogue;
  private final SweepSpec sweep;

  public CandidateExporter(Catalogue catalogue, SweepSpec sweep) {
    this.catalogue = catalogue;
    this.sweep = sweep;
  }

  /**
   * Rebuilds {@code row}'s candidate of {@code model} (with {@code calibrations}, the Calibrate stage's
   * outcomes, for calibrated candidates), writes it into {@code folder} and returns its manifest.
   *
   * @throws IllegalArgumentException when the sweep has no such configuration or the rebuilt candidate is
   *     not the measured one
   */
  public ArtifactManifest export(CandidateResult row, ImportedModel model,
      Map<String, CalibrationOutcome> calibrations, String folder) {
    return export(row, model, calibrations, folder, sweep.exportFormats(), false);
  }

  /**
   * As {@link #export(CandidateResult, ImportedModel, Map, String)}, writing the files of {@code formats}
   * ({@link SweepSpec#EXPORT_SAVEDMODEL}, {@link SweepSpec#EXPORT_TFLITE}). A candidate TFLite cannot express
   * (e.g. int4 groups) gets no .tflite file: with {@code tfliteRequired} that is an error, otherwise its
   * manifest says why.
   */
  public ArtifactManifest export(CandidateResult row, ImportedModel model,
      Map<String, CalibrationOutcome> calibrations, String folder, List<String> formats, boolean tfliteRequired) {
    CandidateSpec spec = sweep.candidate(row.modelId(), row.config()).orElseThrow(() ->
        new IllegalArgumentException("model '" + row.modelId() + "': the sweep has no configuration '"
            + row.config() + "' (configurations: " + sweep.candidates(row.modelId(), true).stream()
            .map(CandidateSpec::config).toList() + ")"));
    CandidateTask task = new CandidateTask(model, spec);
    if (!task.candidateId().equals(row.candidateId())) {
      throw new IllegalArgumentException("model '" + row.modelId() + "': the source model at "
          + model.entry().savedModelDir() + " has changed since the sweep measured candidate " + row.candidateId()
          + " (" + row.config() + "): rebuilt from it now, the same configuration has id " + task.candidateId()
          + "; run the sweep again to measure the model as it is");
    }
    boolean withTflite = formats.contains(SweepSpec.EXPORT_TFLITE);
    CandidateBuilder.Artifacts artifacts = new CandidateBuilder(catalogue, sweep.evaluationBatchRows(),
        sweep.recoveryRows(), false).buildWithTflite(task, calibrations, withTflite);
    BuiltCandidate built = artifacts.built();
    String graphSha = built.ir().contentSha256();
    if (!graphSha.equals(row.graphSha256())) {
      throw new IllegalArgumentException("model '" + row.modelId() + "', candidate " + row.candidateId() + " ("
          + row.config() + "): the rebuilt graph has SHA-256 " + graphSha + ", the sweep measured "
          + row.graphSha256() + "; the model is unchanged, so its calibration rows (dataset files or the "
          + "catalogue's calibration subset) must have changed since the sweep");
    }
    ArtifactManifest manifest = ArtifactManifest.of(row, model.entry(), model.contentSha256(), built.ir(),
        built.savedModel(), sweep.accuracyBudgetPp());
    byte[] tflite = null;
    if (artifacts.tflite() != null) {
      TfliteCandidate t = artifacts.tflite();
      tflite = t.bytes();
      manifest = manifest.withTflite(tflite, t.scheme().toString(), t.gzipBytes());
    } else if (artifacts.tfliteRefusal() != null) {
      if (tfliteRequired) {
        throw artifacts.tfliteRefusal();
      }
      manifest = manifest.withTfliteError(artifacts.tfliteRefusal().getMessage());
    }
    boolean savedModel = formats.contains(SweepSpec.EXPORT_SAVEDMODEL);
    if (!savedModel) {
      manifest = manifest.withoutSavedModel();
    }
    CandidateArtifacts.write(folder, savedModel ? built.savedModel() : null, tflite, manifest);
    return manifest;
  }
}
