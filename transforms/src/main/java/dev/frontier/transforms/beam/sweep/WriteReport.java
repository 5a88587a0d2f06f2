package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes {@code report.html} into the output directory once every result row and failure record is known: the
 * plots and tables a person reads to choose what to ship ({@link dev.frontier.transforms.report.ReportHtml}).
 * Rows and failures reach one {@link WriteReportFn} as side inputs; the report is small (a few hundred bytes a
 * candidate), so one worker holds it whole.
 */
public final class WriteReport extends PTransform<SweepOutputs, PDone> {
  private final String outputDir;
  private final Double accuracyBudgetPp;

  private WriteReport(String outputDir, Double accuracyBudgetPp) {
    this.outputDir = outputDir;
    this.accuracyBudgetPp = accuracyBudgetPp;
  }

  /** A report in {@code outputDir} (a path or URL), drawn without a budget band until {@link #withBudget}. */
  public static WriteReport to(String outputDir) {
    return new WriteReport(outputDir, null);
  }

  /** The same, with the sweep's accuracy budget (percentage points) drawn as a band on each plot. */
  public WriteReport withBudget(Double accuracyBudgetPp) {
    return new WriteReport(outputDir, accuracyBudgetPp);
  }

  @Override
  public PDone expand(SweepOutputs outputs) {
    PCollectionView<List<CandidateResult>> rows = outputs.results().apply("ResultsView", View.asList());
    PCollectionView<List<FailureRecord>> failures = outputs.failures().apply("FailuresView", View.asList());
    outputs.getPipeline()
        .apply("ReportDirectory", Create.of(outputDir).withCoder(StringUtf8Coder.of()))
        .apply("RenderReport", ParDo.of(new WriteReportFn(accuracyBudgetPp, rows, failures))
            .withSideInputs(rows, failures));
    return PDone.in(outputs.getPipeline());
  }

}
