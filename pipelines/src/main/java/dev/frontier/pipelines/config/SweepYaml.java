package dev.frontier.pipelines.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A sweep file exactly as written (YAML), before validation; {@link SweepLoader} turns it into a
 * {@link dev.frontier.transforms.config.SweepSpec}. The format is documented by example in
 * {@code configs/shared-sweep.yaml}.
 */
record SweepYaml(
    List<Map<String, Object>> quantization,
    List<Map<String, Object>> pruning,
    Object recovery,
    @JsonProperty("recovery_rows") Integer recoveryRows,
    @JsonProperty("accuracy_budget_pp") Double accuracyBudgetPp,
    LatencyYaml latency,
    EvaluationYaml evaluation,
    String export,
    @JsonProperty("export_formats") List<String> exportFormats) {

  record LatencyYaml(@JsonProperty("warmup_runs") Integer warmupRuns, Integer rounds,
      @JsonProperty("max_rounds") Integer maxRounds, @JsonProperty("target_width") Double targetWidth,
      Double equivalence) {}

  record EvaluationYaml(@JsonProperty("batch_rows") Integer batchRows, String strategy, Double confidence,
      Long seed) {}
}
