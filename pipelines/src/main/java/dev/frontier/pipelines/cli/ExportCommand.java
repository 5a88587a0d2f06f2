package dev.frontier.pipelines.cli;

import dev.frontier.pipelines.SweepRecord;
import dev.frontier.pipelines.config.CatalogueLoader;
import dev.frontier.pipelines.config.SweepLoader;
import dev.frontier.transforms.beam.candidate.CalibrationOutcome;
import dev.frontier.transforms.beam.candidate.ImportedModel;
import dev.frontier.transforms.beam.io.Locations;
import dev.frontier.transforms.beam.io.ResultsFiles;
import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.beam.sweep.Calibrate;
import dev.frontier.transforms.beam.sweep.CandidateExporter;
import dev.frontier.transforms.config.CandidateSpec;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.SavedModelImporter;
import dev.frontier.transforms.model.ServingSavedModel;
import dev.frontier.transforms.results.ArtifactManifest;
import dev.frontier.transforms.results.CandidateResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code frontier export}: writes any candidate a finished sweep measured as a SavedModel with its manifest,
 * by rebuilding it from the source model and its configuration ({@link CandidateExporter}, as the sweep's own
 * ExportArtifacts stage does). The rebuilt candidate must be the measured one (same candidate id, same graph
 * hash); otherwise the command says what changed and writes nothing.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write one measured candidate of a finished sweep as a SavedModel TensorFlow loads on its own.",
      "",
      "Reads --results DIR/results*.parquet, picks the model's candidate (--candidate ID, --chosen or --knee),",
      "rebuilds it from the source model named in the sweep's catalogue and checks that it is the graph the",
      "sweep measured (candidate id and graph SHA-256). Writes --to OUT/saved_model.pb and OUT/manifest.json;",
      "with --format tflite, OUT/model.tflite (TFLite flatbuffer for LiteRT) instead, or both with",
      "--format savedmodel,tflite.",
      "The catalogue and sweep file default to those the sweep recorded in DIR (sweep-inputs.json, sweep.yaml).",
      "DIR, OUT and the catalogue may be URLs (gs://, hdfs://, file://). Other --key=value arguments are Beam",
      "options for those filesystems."
    })
public final class ExportCommand implements Callable<Integer> {

  @Option(names = "--results", required = true, description = "Output folder of a finished sweep (path or URL).")
  String results;

  @Option(names = "--model", required = true, description = "Model id, as in the results.")
  String modelId;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Which which;

  /** Exactly one way to pick the candidate. */
  static final class Which {
    @Option(names = "--candidate", description = "Candidate id (the results' candidate_id).")
    String candidateId;

    @Option(names = "--chosen", description = "The model's chosen candidate (smallest within the accuracy budget).")
    boolean chosen;

    @Option(names = "--knee", description = "The knee of the model's front.")
    boolean knee;
  }

  @Option(names = "--to", required = true, description = "Folder to write (path or URL); must be new or empty.")
  String to;

  @Option(names = "--catalogue", description = "Catalogue YAML to rebuild from (default: the one the sweep recorded).")
  String catalogue;

  @Option(names = "--sweep", description = "Sweep YAML (default: the copy the sweep recorded in --results).")
  Path sweep;

  @Option(names = "--format", split = ",", paramLabel = "FORMAT",
      description = "Files to write: savedmodel (default), tflite, or both (savedmodel,tflite).")
  List<String> formats = new ArrayList<>(SweepSpec.DEFAULT_EXPORT_FORMATS);

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    FileSystems.setDefaultPipelineOptions(
        PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new)).withValidation().create());
    String resultsDir = Locations.outputDirectory(results);
    String outDir = Locations.outputDirectory(to);
    Locations.requireFileSystem(resultsDir);
    Locations.requireFileSystem(outDir);
    if (formats.isEmpty() || !SweepSpec.EXPORT_FORMATS.containsAll(formats)) {
      throw new IllegalArgumentException("--format must be some of " + SweepSpec.EXPORT_FORMATS + ", got " + formats);
    }
    requireEmpty(outDir);
    CandidateResult row = pick(ResultsFiles.read(resultsDir));
    SweepRecord record = catalogue != null && sweep != null ? null : SweepRecord.read(resultsDir);
    Catalogue cat = CatalogueLoader.load(catalogue != null ? catalogue : record.catalogue()).only(List.of(modelId));
    SweepSpec spec = SweepLoader.load(sweep != null ? sweep : record.localSweepFile(resultsDir));
    ModelEntry entry = cat.models().get(0);
    ModelData data = new ModelData(cat, StagedFiles.create());
    ModelIr ir = SavedModelImporter.importModel(entry.importRequest(data.files()));
    ImportedModel model = new ImportedModel(entry, ir, new int[0], new float[0], row.floatAccuracy(), ir.contentSha256());
    CandidateSpec candidate = spec.candidate(modelId, row.config()).orElse(null);
    Map<String, CalibrationOutcome> calibrations = candidate == null || candidate.quantization().calibration() == null
        ? Map.of()
        : Calibrate.locally(cat, List.of(candidate.quantization().calibration()), model);
    ArtifactManifest manifest = new CandidateExporter(cat, spec).export(row, model, calibrations, outDir,
        List.copyOf(formats), true);
    System.out.printf(Locale.ROOT, "exported %s %s (%s) to %s%n", row.modelId(), row.candidateId(), row.config(),
        outDir);
    if (formats.contains(SweepSpec.EXPORT_SAVEDMODEL)) {
      System.out.printf(Locale.ROOT, "  saved_model.pb: %,d bytes, SHA-256 %s (graph %s)%n",
          manifest.artifact().files().get(ServingSavedModel.FILE).bytes(), manifest.artifact().sha256(),
          manifest.artifact().graphSha256());
    }
    if (manifest.tflite() != null) {
      System.out.printf(Locale.ROOT, "  %s: %,d bytes (gzip %,d), %s, SHA-256 %s; runs on LiteRT "
          + "(check it: frontier verify-tflite)%n", ArtifactManifest.TFLITE_FILE, manifest.tflite().bytes(),
          manifest.tflite().gzipBytes(), manifest.tflite().scheme(), manifest.tflite().sha256());
    }
    System.out.printf(Locale.ROOT, "  top-1 %.4f (float %.4f, %+.2f pp) on %d rows; batch-1 %.2fx float%n",
        manifest.metrics().artifactAccuracy(), row.floatAccuracy(),
        100 * (row.artifactAccuracy() - row.floatAccuracy()), row.evaluationRows(), row.latencyRatioB1());
    System.out.printf(Locale.ROOT, "  runs on: %s%n", manifest.serving().runtime());
    return 0;
  }

  /** The row --candidate, --chosen or --knee names among the model's rows; errors list what exists. */
  private CandidateResult pick(List<CandidateResult> rows) {
    List<CandidateResult> model = rows.stream().filter(r -> r.modelId().equals(modelId))
        .sorted(Comparator.comparing(CandidateResult::gzipBytes)).toList();
    if (model.isEmpty()) {
      throw new IllegalArgumentException(results + ": no model '" + modelId + "' in the results (models: "
          + rows.stream().map(CandidateResult::modelId).distinct().sorted().toList() + ")");
    }
    Predicate<CandidateResult> test = which.chosen ? CandidateResult::chosen
        : which.knee ? CandidateResult::knee
        : r -> r.candidateId().equals(which.candidateId);
    return model.stream().filter(test).findFirst().orElseThrow(() -> new IllegalArgumentException(
        which.chosen ? "model '" + modelId + "' has no chosen candidate: none is within the sweep's accuracy budget"
        : which.knee ? "model '" + modelId + "' has no knee in the results"
        : "model '" + modelId + "' has no candidate '" + which.candidateId + "'; its candidates:\n"
            + model.stream().map(r -> "  " + r.candidateId() + "  " + r.config()).collect(Collectors.joining("\n"))));
  }

  /** Refuses to write into a folder that already holds files. */
  private static void requireEmpty(String dir) throws IOException {
    if (!Locations.isUrl(dir)) {
      Path p = Path.of(dir);
      if (Files.isRegularFile(p)) {
        throw new IllegalArgumentException("--to " + dir + " is a file, not a folder");
      }
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          if (s.findAny().isPresent()) {
            throw new IllegalArgumentException("--to " + dir + " is not empty; choose a new folder");
          }
        }
      }
      return;
    }
    MatchResult match = FileSystems.match(dir + "/*", EmptyMatchTreatment.ALLOW);
    if (match.status() == MatchResult.Status.OK && !match.metadata().isEmpty()) {
      throw new IllegalArgumentException("--to " + dir + " is not empty; choose a new folder");
    }
  }
}
