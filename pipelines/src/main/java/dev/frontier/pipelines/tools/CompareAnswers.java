package dev.frontier.pipelines.tools;

import dev.frontier.transforms.beam.io.ResultsFiles;
import dev.frontier.transforms.results.CandidateResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Compares the answers of several finished sweeps of the same catalogue and sweep file: per candidate id, are
 * {@code on_front}, {@code knee} and {@code chosen} the same in every run? Prints how many rows agree per
 * column and each row that does not, with its batch-1 latency ratio and interval in every run. Used by
 * {@code scripts/stability-check.sh}; exits 1 when any row disagrees, 2 on bad arguments.
 *
 * <p>Usage: {@code java -cp frontier.jar dev.frontier.pipelines.tools.CompareAnswers DIR DIR [DIR...]}
 */
public final class CompareAnswers {
  private static final Map<String, Predicate<CandidateResult>> COLUMNS = Map.of(
      "on_front", CandidateResult::onFront, "knee", CandidateResult::knee, "chosen", CandidateResult::chosen);

  private CompareAnswers() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: CompareAnswers DIR DIR [DIR...] (output folders of finished sweeps)");
      System.exit(2);
    }
    List<Map<String, CandidateResult>> runs = new ArrayList<>();
    for (String dir : args) {
      Map<String, CandidateResult> byId = new TreeMap<>();
      ResultsFiles.read(dir).forEach(r -> byId.put(r.modelId() + " " + r.candidateId(), r));
      runs.add(byId);
    }
    Map<String, CandidateResult> first = runs.get(0);
    for (int i = 1; i < runs.size(); i++) {
      if (!runs.get(i).keySet().equals(first.keySet())) {
        System.err.println(args[i] + " holds other candidates than " + args[0] + "; not the same sweep");
        System.exit(2);
      }
    }
    int disagreements = 0;
    List<String> lines = new ArrayList<>();
    for (String column : List.of("on_front", "knee", "chosen")) {
      int agree = 0;
      for (String key : first.keySet()) {
        boolean value = COLUMNS.get(column).test(first.get(key));
        boolean same = runs.stream().allMatch(run -> COLUMNS.get(column).test(run.get(key)) == value);
        if (same) {
          agree++;
        } else {
          disagreements++;
          StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-9s %s (%s):", column, key,
              first.get(key).config()));
          for (Map<String, CandidateResult> run : runs) {
            CandidateResult r = run.get(key);
            line.append(String.format(Locale.ROOT, "  %s b1 %.3f [%.3f, %.3f]", COLUMNS.get(column).test(r),
                r.latencyRatioB1(), r.latencyRatioB1Lo(), r.latencyRatioB1Hi()));
          }
          lines.add(line.toString());
        }
      }
      System.out.printf(Locale.ROOT, "%-9s %d of %d rows agree in all %d runs%n", column, agree, first.size(),
          runs.size());
    }
    lines.forEach(System.out::println);
    System.exit(disagreements == 0 ? 0 : 1);
  }
}
