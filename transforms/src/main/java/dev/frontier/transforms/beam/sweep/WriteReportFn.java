package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.io.CandidateArtifacts;
import dev.frontier.transforms.beam.io.OutputFiles;
import dev.frontier.transforms.report.ReportHtml;
import dev.frontier.transforms.report.SweepReport;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * For an output directory: builds the {@link SweepReport} from every row and failure (side inputs) and writes it
 * as {@code report.html} there, its artifact links relative to the directory.
 */
class WriteReportFn extends DoFn<String, Void> {
  private final Double accuracyBudgetPp;
  private final PCollectionView<List<CandidateResult>> rows;
  private final PCollectionView<List<FailureRecord>> failures;

  WriteReportFn(Double accuracyBudgetPp, PCollectionView<List<CandidateResult>> rows,
      PCollectionView<List<FailureRecord>> failures) {
    this.accuracyBudgetPp = accuracyBudgetPp;
    this.rows = rows;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element String outputDir, ProcessContext c) {
    SweepReport report = SweepReport.of(c.sideInput(rows), c.sideInput(failures), accuracyBudgetPp);
    byte[] page = ReportHtml.bytes(report, outputDir, CandidateArtifacts.DIR + "/");
    OutputFiles.write(outputDir + "/" + ReportHtml.FILE, page, "text/html");
  }
}
