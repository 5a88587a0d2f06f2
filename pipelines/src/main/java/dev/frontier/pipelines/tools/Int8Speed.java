package dev.frontier.pipelines.tools;

import dev.frontier.transforms.beam.io.ResultsFiles;
import dev.frontier.transforms.results.CandidateResult;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Prints, for each model of a finished sweep, its full-integer int8 candidates against float: top-1 of both, the
 * difference, the artifact's agreement with the simulated graph ({@code kernel_agreement}), the layers it kept
 * float, and the int8 / float latency ratio at batch 1 and 32 with its 95 % interval. Used by
 * {@code scripts/benchmark-int8.sh}; exits 2 on bad arguments.
 *
 * <p>Usage: {@code java -cp frontier.jar dev.frontier.pipelines.tools.Int8Speed DIR}
 */
public final class Int8Speed {
  private Int8Speed() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: Int8Speed DIR (the output folder of a finished sweep)");
      System.exit(2);
    }
    List<CandidateResult> rows = ResultsFiles.read(args[0]);
    System.out.println("| model | config | float top-1 | int8 top-1 | Δ pp | kernel agreement | float layers"
        + " | b1 × float [95 %] | b32 × float [95 %] |");
    System.out.println("|---|---|---:|---:|---:|---:|---|---:|---:|");
    rows.stream().filter(r -> r.quantization().equals("int8")).sorted((a, b) -> a.modelId().compareTo(b.modelId()))
        .forEach(r -> System.out.printf(Locale.ROOT, "| %s | %s | %.4f | %.4f | %+.2f | %s | %s | %.2f [%.2f–%.2f] | %.2f [%.2f–%.2f] |%n",
            r.modelId(), r.config(), r.floatAccuracy(), r.accuracy(), 100 * r.accuracyDelta(),
            r.kernelAgreement() == null ? "–" : String.format(Locale.ROOT, "%.4f", r.kernelAgreement()),
            r.floatLayers() == null || r.floatLayers().isEmpty() ? "none" : r.floatLayers(), r.latencyRatioB1(),
            r.latencyRatioB1Lo(), r.latencyRatioB1Hi(), r.latencyRatioB32(), r.latencyRatioB32Lo(),
            r.latencyRatioB32Hi()));
  }
}
