package dev.frontier.transforms.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.beam.io.ParquetRows;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The report page without a browser: its row arrays carry the Parquet columns, data cannot close its script
 * element, nothing is fetched from elsewhere, and a 50-model catalogue with 56 candidates a model (the shared
 * sweep's size) stays small enough to mail. ReportBrowserTest (pipelines) opens a real one in Chromium.
 */
class ReportHtmlTest {
  private static final String[] QUANTIZATIONS = {"float", "fp16", "int8-weight", "int4-weight", "int8"};

  /** Every Parquet column but accuracy_delta, which the page derives from accuracy and float_accuracy. */
  @Test
  void rowArraysCarryTheResultsColumnsInOrder() {
    ReportData data = ReportData.of(SweepReport.of(List.of(), List.of(), 1.0), "out", "artifacts/");
    assertEquals(ParquetRows.RESULT.getFields().stream().map(Schema.Field::name)
        .filter(f -> !f.equals("accuracy_delta")).toList(), data.fields());
  }

  @Test
  void dataCannotCloseItsScriptElement() {
    String hostile = "m</script><script>alert(1)</script><!--";
    String page = ReportHtml.render(SweepReport.of(rows(hostile, 3, new Random(1)),
        List.of(new FailureRecord(hostile, "", "", "ImportModel", "IOException", "</script>")), 1.0), "out", "a/");
    assertFalse(page.contains("<script>alert"), "a model id closed the data element");
    assertEquals(4, count(page, "</script>"), "the page's own four script elements, no more");
    assertTrue(page.contains("m\\u003c/script>"), "the id is kept, escaped");
  }

  @Test
  void pageIsSelfContained() {
    String page = ReportHtml.render(SweepReport.of(rows("m", 5, new Random(2)), List.of(), 1.0), "out", "a/");
    assertFalse(page.contains("<script src"), "a script is loaded from elsewhere");
    assertFalse(page.contains("<link"), "a style sheet is loaded from elsewhere");
    assertTrue(page.contains("echarts"), "the plotting library is inlined");
    assertFalse(page.contains("{{"), "a placeholder of the template was left unfilled");
  }

  @Test
  void fiftyModelReportStaysSmallEnoughToMail() throws IOException {
    Random random = new Random(3);
    List<CandidateResult> rows = new ArrayList<>();
    for (int m = 0; m < 50; m++) {
      rows.addAll(rows("catalogue-model-" + m, 56, random));
    }
    byte[] page = ReportHtml.bytes(SweepReport.of(rows, List.of(), 1.0), "gs://bucket/sweeps/run", "artifacts/");
    Files.write(Path.of("target", "report-50-models.html"), page);
    int bytes = page.length;
    System.out.printf("report of 50 models x 56 candidates: %,d bytes (target/report-50-models.html)%n", bytes);
    assertTrue(bytes < 4_000_000, "report of 50 models is " + bytes + " bytes");
  }

  /** {@code n} plausible rows of one model, the first the float baseline, some exported, one chosen. */
  static List<CandidateResult> rows(String model, int n, Random random) {
    List<CandidateResult> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String q = QUANTIZATIONS[i % QUANTIZATIONS.length];
      boolean pruned = i >= QUANTIZATIONS.length;
      double sparsity = pruned ? 0.25 * (1 + i % 3) : 0;
      String config = q + (q.startsWith("int8") ? "{granularity=per-channel}" : "")
          + (pruned ? "+magnitude{sparsity=" + sparsity + ", scope=global}" : "");
      long gzip = 400_000 / (1 + i % 7) + random.nextInt(1000);
      double ratio = 0.5 + random.nextDouble();
      boolean front = i % 4 == 0;
      rows.add(new CandidateResult(model, String.format("%016x", random.nextLong()), config, q,
          q.startsWith("int8") ? "per-channel" : null, null, pruned ? "magnitude" : "none", pruned ? "global" : null,
          sparsity, pruned ? "bias-correction" : "none", q.equals("int8") ? "minmax" : null, q.equals("int8") ? 100 : null, "", null, null, gzip * 3,
          gzip, gzip * 3 + 200, String.format("%064x", random.nextLong()), 1_000_000, (long) (1_000_000 * (1 - sparsity)),
          0.9 - random.nextDouble() / 50, 0.9, 0.95 + random.nextDouble() / 20, 0.9 - random.nextDouble() / 50, 10_000,
          random.nextDouble(), 8 * random.nextDouble(), ratio, ratio, ratio * 0.95, ratio * 1.05, ratio * 0.9,
          ratio * 1.1, 20, 20, front, i == 4, i == 8, front ? "gs://bucket/sweeps/run/artifacts/" + model + "/" + i : null,
          front ? gzip * 3 : null, front ? gzip : null, 0.85, 0.85, null, null, null));
    }
    return rows;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
