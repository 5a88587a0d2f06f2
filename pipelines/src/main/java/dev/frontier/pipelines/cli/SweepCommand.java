package dev.frontier.pipelines.cli;

import dev.frontier.pipelines.DirectRunnerTuning;
import dev.frontier.pipelines.Sweep;
import dev.frontier.pipelines.SweepRecord;
import dev.frontier.pipelines.config.CatalogueLoader;
import dev.frontier.pipelines.config.SweepLoader;
import dev.frontier.transforms.beam.io.CandidateArtifacts;
import dev.frontier.transforms.beam.io.ResultsFiles;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.EvaluationStrategy;
import dev.frontier.transforms.config.ExportMode;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.measure.TimingThreads;
import dev.frontier.transforms.model.SessionRunTime;
import dev.frontier.transforms.report.ReportHtml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code frontier sweep}: builds, measures and ranks every candidate compression of every model. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Compress and measure every model x every sweep configuration; write Pareto fronts.",
      "",
      "Each candidate is built, evaluated and timed on its own artifact; per model the Pareto front",
      "(gzip size, batch-1 latency, accuracy), its knee and the best candidate within the accuracy budget.",
      "Writes results*.parquet, failures*.parquet, summary.md and report.html (every candidate plotted) to",
      "--output and prints the summary; the",
      "candidates the sweep file's 'export' selects (default: each model's front) go to --output/artifacts/",
      "as SavedModels with a manifest.json (see README, Shipping a candidate).",
      "The catalogue, its models and datasets, and --output may be URLs of a Beam filesystem (gs://, hdfs://,",
      "file://); remote models and datasets are copied once per worker (see README, Shared storage).",
      "Other --key=value arguments go to Beam, e.g. --runner=DirectRunner (default) --targetParallelism=2."
    })
public final class SweepCommand implements Callable<Integer> {

  @Option(names = "--catalogue", required = true, description = "Catalogue YAML: models and datasets (path or URL).")
  String catalogue;

  @Option(names = "--sweep", required = true, description = "Sweep YAML: compression configurations (see configs/).")
  Path sweep;

  @Option(names = "--output", required = true,
      description = "Output directory (created if missing): a path, or a URL such as gs://BUCKET/out.")
  String output;

  @Option(names = "--model", description = "Only these model ids (repeatable; default: all).")
  List<String> modelIds = new ArrayList<>();

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PipelineOptions options = PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new))
        .withValidation().create();
    DirectRunnerTuning.relaxChecks(options, beamArgs);
    FileSystems.setDefaultPipelineOptions(options);
    Catalogue cat = CatalogueLoader.load(catalogue).only(modelIds);
    SweepSpec spec = SweepLoader.load(sweep);
    Sweep.Plan plan = Sweep.plan(cat, spec, output);
    String outputDir = plan.outputDir();
    SweepRecord.write(outputDir, cat.source(), sweep);
    System.err.printf(Locale.ROOT, "sweep: %d models x %d configurations = %d candidates on %s%n",
        cat.models().size(), spec.candidatesPerModel(), spec.candidateCount(cat.models()),
        options.getRunner().getSimpleName());
    TimingThreads.warning(System.getenv()).ifPresent(w -> System.err.println("sweep: warning: " + w));
    long start = System.nanoTime();
    long sessionStartNanos = SessionRunTime.totalNanos();
    PipelineResult result = Sweep.run(options, cat, spec, plan);
    double seconds = (System.nanoTime() - start) / 1e9;
    double sessionSeconds = (SessionRunTime.totalNanos() - sessionStartNanos) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    String summary = summary(outputDir);
    if (summary != null) {
      System.out.println(summary);
    }
    long measured = Sweep.counter(result, "candidates_measured");
    long failedCandidates = Sweep.counter(result, "candidates_failed");
    long failedModels = Sweep.counter(result, "models_failed");
    long resumed = Sweep.counter(result, "candidates_resumed");
    System.out.printf(Locale.ROOT, "%d candidates measured%s, %d failed, %d models failed to import, in %.1f s "
        + "(%.1f candidates/min); results in %s%n", measured,
        resumed > 0 ? " (and " + resumed + " taken from the checkpoints of an earlier run)" : "",
        failedCandidates, failedModels, seconds, 60 * measured / seconds, outputDir);
    if (spec.evaluationStrategy() == EvaluationStrategy.RACING) {
      System.out.printf(Locale.ROOT, "racing: %,d evaluation rows evaluated, %d candidates stopped early, %d stops "
          + "undone after timing%n", Sweep.counter(result, "racing_rows_evaluated"),
          Sweep.counter(result, "racing_candidates_stopped") - Sweep.counter(result, "racing_stops_undone"),
          Sweep.counter(result, "racing_stops_undone"));
    }
    if (spec.export() != ExportMode.NONE) {
      System.out.printf(Locale.ROOT, "%d artifacts exported (%s), %d could not be; each model's chosen one is named "
          + "in %s/%s/manifest.json%n", Sweep.counter(result, "artifacts_exported"), spec.export(),
          Sweep.counter(result, "artifacts_failed"), outputDir, CandidateArtifacts.DIR);
    }
    System.out.printf(Locale.ROOT, "report (every candidate plotted; open it in a browser): %s/%s%n", outputDir,
        ReportHtml.FILE);
    System.out.printf(Locale.ROOT, "time inside TF Session.run: %.1f s summed over threads = %.0f%% of wall "
        + "time x %d cores (in this JVM)%n", sessionSeconds, 100 * sessionSeconds / (seconds * cores), cores);
    return failedCandidates + failedModels + Sweep.counter(result, "artifacts_failed") > 0 ? 1 : 0;
  }

  /** The run's summary.md, read through Beam's filesystems like the rest of the output, or null if absent. */
  private static String summary(String outputDir) throws IOException {
    String file = outputDir + "/" + ResultsFiles.SUMMARY_FILE + ".md";
    MatchResult match = FileSystems.match(file, EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      return null;
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(match.metadata().get(0).resourceId()))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
