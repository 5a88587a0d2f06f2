package dev.frontier.transforms.results;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Renders one model's Pareto front as a Markdown section a person can read. */
public final class FrontSummary {
  public static final String TITLE = "# Frontier sweep summary";
  private static final double BYTES_PER_KIB = 1024.0;

  private FrontSummary() {}

  public static String markdown(String modelId, List<CandidateResult> rows, double accuracyBudgetPp) {
    StringBuilder md = new StringBuilder();
    CandidateResult any = rows.get(0);
    md.append("## ").append(modelId).append("\n\n");
    md.append(String.format(Locale.ROOT, "Float top-1 %.4f on %d evaluation rows; %d candidates measured, "
        + "%d on the Pareto front (gzip size, batch-1 latency ratio to float with its 95 %% interval, accuracy).%n%n",
        any.floatAccuracy(), any.evaluationRows(), rows.size(),
        rows.stream().filter(CandidateResult::onFront).count()));
    md.append("| candidate | gzip KiB | size KiB | non-zero / params | top-1 | Δ pp | agreement "
        + "| b1 ms | b1 × float [95 % interval] | b32 ms | |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    rows.stream().filter(CandidateResult::onFront)
        .sorted(Comparator.comparingLong(CandidateResult::gzipBytes).thenComparing(CandidateResult::config))
        .forEach(r -> md.append(String.format(Locale.ROOT,
            "| %s | %.1f | %.1f | %d / %d | %.4f | %+.2f | %.4f | %.3f | %.2f [%.2f–%.2f] | %.3f | %s |%n",
            r.config(), r.gzipBytes() / BYTES_PER_KIB, r.sizeBytes() / BYTES_PER_KIB, r.nonzeroParams(),
            r.params(), r.accuracy(), 100 * r.accuracyDelta(), r.agreement(), r.latencyMsB1(),
            r.latencyRatioB1(), r.latencyRatioB1Lo(), r.latencyRatioB1Hi(), r.latencyMsB32(), flags(r))));
    md.append('\n');
    md.append(rows.stream().filter(CandidateResult::chosen).findFirst()
        .map(r -> String.format(Locale.ROOT,
            "Chosen within %.1f pp of float: **%s** (%.1f KiB gzip, top-1 %.4f, b1 %.2f× float).%n",
            accuracyBudgetPp, r.config(), r.gzipBytes() / BYTES_PER_KIB, r.accuracy(), r.latencyRatioB1()))
        .orElse(String.format(Locale.ROOT, "No candidate within %.1f pp of float.%n", accuracyBudgetPp)));
    return md.toString();
  }

  private static String flags(CandidateResult r) {
    return (r.knee() ? "knee " : "") + (r.chosen() ? "chosen" : "");
  }
}
