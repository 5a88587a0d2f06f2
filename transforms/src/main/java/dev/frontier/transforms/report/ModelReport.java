package dev.frontier.transforms.report;

import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One model's part of the report: its measured candidates, smallest gzip size first, and its failure records.
 * The overview's figures (size reduction, latency ratio, accuracy delta) compare the chosen candidate with the
 * float baseline, as a reader deciding what to ship would.
 *
 * @param modelId the catalogue id
 * @param candidates every results row of the model (none when the model failed at import)
 * @param failures the model's failure records: the whole model's or single candidates'
 */
public record ModelReport(String modelId, List<CandidateResult> candidates, List<FailureRecord> failures) {
  /** Label of the uncompressed configuration in the results' {@code quantization} and {@code pruning} columns. */
  private static final String FLOAT = "float";
  private static final String NO_PRUNING = "none";

  public ModelReport {
    candidates = candidates.stream()
        .sorted(Comparator.comparingLong(CandidateResult::gzipBytes).thenComparing(CandidateResult::config))
        .toList();
    failures = List.copyOf(failures);
  }

  /** The float baseline's row, when it was measured. */
  public Optional<CandidateResult> floatBaseline() {
    return candidates.stream()
        .filter(r -> FLOAT.equals(r.quantization()) && NO_PRUNING.equals(r.pruning()))
        .findFirst();
  }

  /** The candidate chosen within the accuracy budget, if any was. */
  public Optional<CandidateResult> chosen() {
    return candidates.stream().filter(CandidateResult::chosen).findFirst();
  }

  /** The knee of the front, if there is one. */
  public Optional<CandidateResult> knee() {
    return candidates.stream().filter(CandidateResult::knee).findFirst();
  }

  /** The Pareto front, smallest first. */
  public List<CandidateResult> front() {
    return candidates.stream().filter(CandidateResult::onFront).toList();
  }

  /** Float top-1 accuracy (every row carries it), or NaN when nothing was measured. */
  public double floatAccuracy() {
    return candidates.isEmpty() ? Double.NaN : candidates.get(0).floatAccuracy();
  }

  /** Float gzip size over the chosen candidate's (3.0 = three times smaller), or NaN without either. */
  public double sizeReduction() {
    Optional<CandidateResult> base = floatBaseline();
    Optional<CandidateResult> pick = chosen();
    return base.isPresent() && pick.isPresent() && pick.get().gzipBytes() > 0
        ? (double) base.get().gzipBytes() / pick.get().gzipBytes()
        : Double.NaN;
  }

  /** The chosen candidate's batch-1 latency as a multiple of float's, or NaN without a chosen candidate. */
  public double latencyRatio() {
    return chosen().map(CandidateResult::latencyRatioB1).orElse(Double.NaN);
  }

  /** The chosen candidate's accuracy minus float's, in percentage points, or NaN without a chosen candidate. */
  public double accuracyDeltaPp() {
    return chosen().map(r -> 100 * r.accuracyDelta()).orElse(Double.NaN);
  }
}
