package dev.frontier.transforms.report;

import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code report.html} shows, built from a sweep's rows: one {@link ModelReport} per model (sorted by id,
 * including models that only failed) and every failure record.
 *
 * @param accuracyBudgetPp the sweep's accuracy budget in percentage points, or null when not known (the plots
 *     then draw no budget band)
 * @param models one entry per model id found in the results or failures, sorted by id
 * @param failures every failure record, by model, stage and candidate
 */
public record SweepReport(Double accuracyBudgetPp, List<ModelReport> models, List<FailureRecord> failures) {

  public SweepReport {
    models = List.copyOf(models);
    failures = List.copyOf(failures);
  }

  /** Groups {@code rows} and {@code failures} by model. */
  public static SweepReport of(Collection<CandidateResult> rows, Collection<FailureRecord> failures,
      Double accuracyBudgetPp) {
    Map<String, List<CandidateResult>> rowsByModel = new TreeMap<>();
    Map<String, List<FailureRecord>> failuresByModel = new TreeMap<>();
    rows.forEach(r -> rowsByModel.computeIfAbsent(r.modelId(), k -> new ArrayList<>()).add(r));
    failures.forEach(f -> failuresByModel.computeIfAbsent(f.modelId(), k -> new ArrayList<>()).add(f));
    TreeMap<String, ModelReport> models = new TreeMap<>();
    for (String id : union(rowsByModel, failuresByModel)) {
      models.put(id, new ModelReport(id, rowsByModel.getOrDefault(id, List.of()),
          failuresByModel.getOrDefault(id, List.of())));
    }
    List<FailureRecord> sorted = failures.stream()
        .sorted(Comparator.comparing(FailureRecord::modelId).thenComparing(FailureRecord::stage)
            .thenComparing(FailureRecord::config))
        .toList();
    return new SweepReport(accuracyBudgetPp, List.copyOf(models.values()), sorted);
  }

  /** Candidates measured over the whole catalogue. */
  public int candidateCount() {
    return models.stream().mapToInt(m -> m.candidates().size()).sum();
  }

  private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
    TreeMap<String, Boolean> ids = new TreeMap<>();
    a.keySet().forEach(k -> ids.put(k, true));
    b.keySet().forEach(k -> ids.put(k, true));
    return List.copyOf(ids.keySet());
  }
}
