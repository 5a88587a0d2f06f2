package dev.frontier.pipelines.cli;

import dev.frontier.pipelines.SweepRecord;
import dev.frontier.pipelines.config.SweepLoader;
import dev.frontier.transforms.beam.io.CandidateArtifacts;
import dev.frontier.transforms.beam.io.Locations;
import dev.frontier.transforms.beam.io.OutputFiles;
import dev.frontier.transforms.beam.io.ResultsFiles;
import dev.frontier.transforms.report.ReportHtml;
import dev.frontier.transforms.report.SweepReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code frontier report}: writes the HTML report of a finished sweep again from its Parquet, the same page the
 * sweep writes as {@code DIR/report.html}: for a sweep run elsewhere and copied home, or one older than the
 * report. The accuracy budget comes from the sweep file the sweep recorded (or {@code --sweep}).
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write the HTML report of a finished sweep: every model's candidates plotted (size and latency against",
      "accuracy), its front and chosen candidate, a catalogue overview and the failures, in one file that opens",
      "from disk without network.",
      "",
      "Reads --results DIR/results*.parquet and failures*.parquet and the accuracy budget from the sweep file",
      "the sweep recorded in DIR (or --sweep FILE). Writes --out FILE (default DIR/report.html). DIR and FILE may",
      "be URLs (gs://, hdfs://, file://). Other --key=value arguments are Beam options for those filesystems."
    })
public final class ReportCommand implements Callable<Integer> {

  @Option(names = "--results", required = true, description = "Output folder of a finished sweep (path or URL).")
  String results;

  @Option(names = "--out", description = "HTML file to write (path or URL; default: DIR/report.html).")
  String out;

  @Option(names = "--sweep", description = "Sweep YAML for the accuracy budget (default: the copy the sweep "
      + "recorded in --results).")
  Path sweep;

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    FileSystems.setDefaultPipelineOptions(
        PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new)).withValidation().create());
    String resultsDir = Locations.outputDirectory(results);
    Locations.requireFileSystem(resultsDir);
    String file = out != null ? out : resultsDir + "/" + ReportHtml.FILE;
    Locations.requireFileSystem(file);
    SweepReport report = SweepReport.of(ResultsFiles.read(resultsDir), ResultsFiles.readFailures(resultsDir),
        budget(resultsDir));
    byte[] page = ReportHtml.bytes(report, results, artifactsLink(resultsDir, file));
    OutputFiles.write(file, page, "text/html");
    System.out.printf(Locale.ROOT, "wrote %s (%,d KB): %d models, %d candidates, %d failures%s%n", file,
        (page.length + 1023) / 1024, report.models().size(), report.candidateCount(), report.failures().size(),
        report.accuracyBudgetPp() == null ? "; no sweep file found, so no accuracy budget is drawn" : "");
    return 0;
  }

  /** The accuracy budget of --sweep or of the sweep file recorded in the results, or null when neither exists. */
  private Double budget(String resultsDir) throws IOException {
    if (sweep != null) {
      return SweepLoader.load(sweep).accuracyBudgetPp();
    }
    try {
      return SweepLoader.load(SweepRecord.read(resultsDir).localSweepFile(resultsDir)).accuracyBudgetPp();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The link from the report to the sweep's {@code artifacts/} folder: relative when both are local (so the
   * folder can be moved or mailed together), otherwise the folder's own URL.
   */
  static String artifactsLink(String resultsDir, String reportFile) {
    if (Locations.isUrl(resultsDir) || Locations.isUrl(reportFile)) {
      return resultsDir + "/" + CandidateArtifacts.DIR + "/";
    }
    Path from = Path.of(reportFile).toAbsolutePath().normalize().getParent();
    Path to = Path.of(resultsDir).toAbsolutePath().normalize().resolve(CandidateArtifacts.DIR);
    return from.relativize(to).toString().replace('\\', '/') + "/";
  }
}
