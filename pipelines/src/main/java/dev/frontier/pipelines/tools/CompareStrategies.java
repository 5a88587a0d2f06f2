package dev.frontier.pipelines.tools;

import dev.frontier.transforms.beam.io.ResultsFiles;
import dev.frontier.transforms.results.CandidateResult;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Compares a sweep evaluated exhaustively with the same sweep evaluated by racing: whether both put the same
 * candidates on the front, at the knee and chosen, with the same accuracies and rows, and how many evaluation
 * rows (forward passes of the evaluated graph) each spent. Used by {@code scripts/benchmark-racing.sh}; exits 1
 * when the answers differ, 2 on bad arguments.
 *
 * <p>Usage: {@code java -cp frontier.jar dev.frontier.pipelines.tools.CompareStrategies EXHAUSTIVE_DIR RACING_DIR
 * [RACING_ROWS]}. The rows a racing run evaluated are {@code RACING_ROWS} when given (the count the sweep prints
 * as {@code racing: N evaluation rows evaluated}); otherwise the sum of its rows' {@code evaluation_rows} over
 * candidates it measured itself, which leaves out the first slice each twin ({@code same_graph_as}) ran.
 */
public final class CompareStrategies {
  private static final Map<String, Predicate<CandidateResult>> FLAGS = new TreeMap<>(Map.of(
      "on_front", CandidateResult::onFront, "knee", CandidateResult::knee, "chosen", CandidateResult::chosen));

  private CompareStrategies() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2 || args.length > 3 || args.length == 3 && !args[2].matches("[0-9,]+")) {
      System.err.println("usage: CompareStrategies EXHAUSTIVE_DIR RACING_DIR [RACING_ROWS] (output folders of"
          + " finished sweeps; RACING_ROWS: the rows the racing run printed it evaluated)");
      System.exit(2);
    }
    Map<String, CandidateResult> exhaustive = byId(ResultsFiles.read(args[0]));
    Map<String, CandidateResult> racing = byId(ResultsFiles.read(args[1]));
    boolean same = exhaustive.keySet().equals(racing.keySet());
    if (!same) {
      System.out.println("the two runs measured different candidates");
    }
    for (Map.Entry<String, Predicate<CandidateResult>> flag : FLAGS.entrySet()) {
      String a = flagged(exhaustive, flag.getValue());
      String b = flagged(racing, flag.getValue());
      boolean equal = a.equals(b);
      same &= equal;
      System.out.printf(Locale.ROOT, "%-8s %s (%d candidates)%n", flag.getKey(), equal ? "same" : "DIFFERENT",
          exhaustive.values().stream().filter(flag.getValue()).count());
      if (!equal) {
        System.out.println("  exhaustive: " + a + "\n  racing:     " + b);
      }
    }
    for (CandidateResult e : exhaustive.values()) {
      CandidateResult r = racing.get(key(e));
      if (r != null && (e.onFront() || e.chosen())
          && (e.accuracy() != r.accuracy() || e.evaluationRows() != r.evaluationRows() || r.stopped())) {
        same = false;
        System.out.printf(Locale.ROOT, "  %s %s: accuracy %.4f on %d rows exhaustively, %.4f on %d by racing%n",
            e.modelId(), e.config(), e.accuracy(), e.evaluationRows(), r.accuracy(), r.evaluationRows());
      }
    }
    long rowsExhaustive = exhaustive.values().stream().mapToLong(CandidateResult::evaluationRows).sum();
    long rowsRacing = args.length == 3 ? Long.parseLong(args[2].replace(",", ""))
        : racing.values().stream().filter(r -> r.sameGraphAs() == null)
            .mapToLong(CandidateResult::evaluationRows).sum();
    long twins = racing.values().stream().filter(r -> r.sameGraphAs() != null).count();
    long stopped = racing.values().stream().filter(CandidateResult::stopped).count();
    System.out.printf(Locale.ROOT, "accuracies of front and chosen candidates: %s%n", same ? "same" : "DIFFERENT");
    System.out.printf(Locale.ROOT, "evaluated rows: exhaustive %,d, racing %,d: %.2fx fewer (%d of %d candidates"
        + " stopped early, %d measured by a twin with the same graphs)%n", rowsExhaustive, rowsRacing,
        (double) rowsExhaustive / rowsRacing, stopped, racing.size(), twins);
    System.exit(same ? 0 : 1);
  }

  private static Map<String, CandidateResult> byId(List<CandidateResult> rows) {
    return rows.stream().collect(Collectors.toMap(CompareStrategies::key, r -> r, (a, b) -> a, TreeMap::new));
  }

  private static String key(CandidateResult r) {
    return r.modelId() + " " + r.candidateId();
  }

  private static String flagged(Map<String, CandidateResult> rows, Predicate<CandidateResult> flag) {
    return rows.values().stream().filter(flag).map(r -> r.modelId() + ":" + r.config()).sorted()
        .collect(Collectors.joining(", "));
  }
}
