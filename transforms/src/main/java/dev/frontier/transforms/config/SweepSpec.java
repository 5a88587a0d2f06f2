package dev.frontier.transforms.config;

import dev.frontier.transforms.compress.CompressionMethod;
import dev.frontier.transforms.compress.MethodParameters;
import dev.frontier.transforms.compress.Recovery;
import dev.frontier.transforms.measure.LatencyConfig;
import dev.frontier.transforms.measure.MedianInterval;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated sweep: which quantization and pruning configurations every model is tried with, and how
 * candidates are measured and chosen. Candidates are the cross product {pruning (or none)} × {quantization};
 * the {@code float} baseline is always included, because accuracy deltas and latency ratios need it.
 *
 * <p>A sweep file is checked entry by entry when it is loaded ({@link #problem}): an unknown method, a method
 * under the wrong section or a parameter out of range is a configuration error naming the file and the
 * entry, before any pipeline starts. A spec built in code is checked again when each candidate is built
 * ({@link MethodEntry#toStep()}), where such a candidate fails alone.
 *
 * @param quantizations quantization steps (the baseline {@code float} is added if missing)
 * @param prunings pruning steps; the candidate without pruning is always included
 * @param recoveries recovery axis; {@link Recovery#NONE} is always included (first), and a recovery is tried
 *     only on candidates it can change ({@link #recoverable})
 * @param recoveryRows calibration rows recovery runs on (the first ones of the model's calibration subset)
 * @param accuracyBudgetPp the chosen candidate may lose at most this many percentage points of top-1
 * @param latencyWarmupRuns untimed runs per graph and batch size before timing
 * @param latencyRounds timed runs per graph and batch size (interleaved with the float baseline), the least
 *     and the chunk in which more are added
 * @param latencyMaxRounds the most timed runs per graph and batch size
 * @param latencyTargetWidth rounds are added until the 95 % interval of the latency ratio is this narrow,
 *     relative ({@code hi / lo − 1})
 * @param latencyEquivalence latency ratios closer than this share (relative) are a tie for the front and
 *     the knee even when their intervals separate
 * @param evaluationBatchRows rows per Session.run when measuring accuracy
 * @param export which candidates are written as SavedModels under {@code OUTPUT/artifacts/}
 * @param exportFormats the files each exported candidate gets: {@value #EXPORT_SAVEDMODEL} (saved_model.pb)
 *     and/or {@value #EXPORT_TFLITE} (model.tflite); default savedmodel only
 * @param evaluationStrategy every candidate on every row, or racing (the default)
 * @param evaluationConfidence racing: the level at which every accuracy interval of a candidate holds, over all
 *     rounds together
 * @param evaluationSeed racing: the seed of the order in which evaluation rows enter the slices
 */
public record SweepSpec(
    List<MethodEntry> quantizations,
    List<MethodEntry> prunings,
    List<Recovery> recoveries,
    int recoveryRows,
    double accuracyBudgetPp,
    int latencyWarmupRuns,
    int latencyRounds,
    int latencyMaxRounds,
    double latencyTargetWidth,
    double latencyEquivalence,
    int evaluationBatchRows,
    ExportMode export,
    List<String> exportFormats,
    EvaluationStrategy evaluationStrategy,
    double evaluationConfidence,
    long evaluationSeed) implements Serializable {

  public static final String BASELINE_METHOD = "float";
  public static final double DEFAULT_ACCURACY_BUDGET_PP = 1.0;
  public static final int DEFAULT_LATENCY_WARMUP_RUNS = 5;
  public static final int DEFAULT_LATENCY_ROUNDS = LatencyConfig.DEFAULT_ROUNDS;
  public static final int DEFAULT_LATENCY_MAX_ROUNDS = LatencyConfig.DEFAULT_MAX_ROUNDS;
  public static final double DEFAULT_LATENCY_TARGET_WIDTH = LatencyConfig.DEFAULT_TARGET_RELATIVE_WIDTH;
  /**
   * What a probe's own interval cannot see: each probe loads fresh sessions at another moment, and the machine's
   * state then (the other core's work, a hyperthread sibling) shifts how fast integer kernels run relative to
   * float ones. Timed on one thread, the full-integer candidate of fmnist-cnn-bn-32 came out anywhere in
   * 0.69–0.83× float at batch 1 over six sweeps (each interval about ±0.03), against 0.97–1.00× for its
   * int8-weight candidates; with an equivalence of 0.10–0.25 that gap decided the demo sweep's front differently
   * from run to run (2 of 90 rows). A half keeps such moderate, machine-dependent gains a tie and lets a real
   * speed-up win: a candidate counts as faster only when even its slowest plausible ratio, times 1.5, is below
   * the other's fastest (structured pruning with int8 at 0.38× float, against float kernels at ≈ 1).
   */
  public static final double DEFAULT_LATENCY_EQUIVALENCE = 0.5;
  public static final int DEFAULT_EVALUATION_BATCH_ROWS = 256;
  /**
   * One in ten thousand: a candidate's accuracy interval fails to hold in any round with at most this
   * probability, and with two hundred candidates per sweep the expected number of wrong stops stays about 0.02.
   */
  public static final double DEFAULT_EVALUATION_CONFIDENCE = 0.9999;
  public static final long DEFAULT_EVALUATION_SEED = 42L;
  public static final String EXPORT_SAVEDMODEL = "savedmodel";
  public static final String EXPORT_TFLITE = "tflite";
  public static final List<String> EXPORT_FORMATS = List.of(EXPORT_SAVEDMODEL, EXPORT_TFLITE);
  public static final List<String> DEFAULT_EXPORT_FORMATS = List.of(EXPORT_SAVEDMODEL);

  public SweepSpec {
    List<MethodEntry> q = new ArrayList<>();
    q.add(new MethodEntry(BASELINE_METHOD, MethodParameters.NONE));
    for (MethodEntry s : quantizations) {
      if (!q.contains(s)) {
        q.add(s);
      }
    }
    quantizations = List.copyOf(q);
    prunings = List.copyOf(prunings);
    List<Recovery> r = new ArrayList<>(List.of(Recovery.NONE));
    for (Recovery each : recoveries) {
      if (!r.contains(each)) {
        r.add(each);
      }
    }
    recoveries = List.copyOf(r);
    if (recoveryRows < 1) {
      throw new IllegalArgumentException("recovery_rows must be >= 1, got " + recoveryRows);
    }
    if (!(accuracyBudgetPp >= 0 && accuracyBudgetPp <= 100)) {
      throw new IllegalArgumentException("accuracy_budget_pp must be in [0, 100], got " + accuracyBudgetPp);
    }
    if (latencyWarmupRuns < 0 || latencyRounds < 1) {
      throw new IllegalArgumentException("latency needs warmup_runs >= 0 and rounds >= 1, got "
          + latencyWarmupRuns + " and " + latencyRounds);
    }
    if (latencyMaxRounds < latencyRounds || latencyMaxRounds > MedianInterval.MAX_COUNT) {
      throw new IllegalArgumentException("latency.max_rounds must be in [latency.rounds = " + latencyRounds + ", "
          + MedianInterval.MAX_COUNT + "], got " + latencyMaxRounds);
    }
    if (!(latencyTargetWidth > 0 && latencyTargetWidth < 10)) {
      throw new IllegalArgumentException("latency.target_width must be in (0, 10), got " + latencyTargetWidth);
    }
    if (!(latencyEquivalence >= 0 && latencyEquivalence < 1)) {
      throw new IllegalArgumentException("latency.equivalence must be in [0, 1), got " + latencyEquivalence);
    }
    Objects.requireNonNull(export, "export");
    exportFormats = exportFormats == null ? DEFAULT_EXPORT_FORMATS : List.copyOf(exportFormats);
    if (exportFormats.isEmpty() || !EXPORT_FORMATS.containsAll(exportFormats)
        || exportFormats.stream().distinct().count() != exportFormats.size()) {
      throw new IllegalArgumentException("export_formats must list some of " + EXPORT_FORMATS
          + ", each once, got " + exportFormats);
    }
    if (evaluationBatchRows < 1) {
      throw new IllegalArgumentException("evaluation batch_rows must be >= 1, got " + evaluationBatchRows);
    }
    Objects.requireNonNull(evaluationStrategy, "evaluationStrategy");
    if (!(evaluationConfidence >= 0.5 && evaluationConfidence < 1)) {
      throw new IllegalArgumentException("evaluation.confidence must be in [0.5, 1), got " + evaluationConfidence);
    }
  }

  /** The same sweep evaluated with {@code strategy}. */
  public SweepSpec withEvaluationStrategy(EvaluationStrategy strategy) {
    return new SweepSpec(quantizations, prunings, recoveries, recoveryRows, accuracyBudgetPp, latencyWarmupRuns,
        latencyRounds, latencyMaxRounds, latencyTargetWidth, latencyEquivalence, evaluationBatchRows, export,
        exportFormats, strategy, evaluationConfidence, evaluationSeed);
  }

  /**
   * Every candidate of one model: the float baseline first, then quantizations × {no pruning, prunings}, then
   * the same with each recovery other than none where it can change the graph ({@link #recoverable});
   * {@code fine-tune} only when the model names training rows.
   */
  public List<CandidateSpec> candidates(ModelEntry model) {
    return candidates(model.id(), model.training() != null);
  }

  /** As {@link #candidates(ModelEntry)} for a model with ({@code trainable}) or without training rows. */
  public List<CandidateSpec> candidates(String modelId, boolean trainable) {
    List<CandidateSpec> plain = new ArrayList<>();
    for (MethodEntry q : quantizations) {
      plain.add(new CandidateSpec(modelId, null, q));
    }
    for (MethodEntry p : prunings) {
      for (MethodEntry q : quantizations) {
        plain.add(new CandidateSpec(modelId, p, q));
      }
    }
    List<CandidateSpec> out = new ArrayList<>(plain);
    for (Recovery r : recoveries.subList(1, recoveries.size())) {
      if (r == Recovery.FINE_TUNE && !trainable) {
        continue;
      }
      for (CandidateSpec c : plain) {
        if (recoverable(c, r)) {
          out.add(new CandidateSpec(modelId, c.pruning(), c.quantization(), r));
        }
      }
    }
    return out;
  }

  /** Candidates of every model of a catalogue. */
  public int candidateCount(List<ModelEntry> models) {
    return models.stream().mapToInt(m -> candidates(m).size()).sum();
  }

  /**
   * Whether {@code recovery} can change candidate {@code c}: anything pruned; besides that, bias correction of
   * a weight-only quantization (the shift its rounding leaves). Not the float baseline, not an unpruned
   * full-integer candidate (recovery runs before that scheme, on an unchanged graph), and fine-tuning only what
   * was pruned (fine-tuning an unpruned model is more training, not recovery).
   */
  public static boolean recoverable(CandidateSpec c, Recovery recovery) {
    if (recovery == Recovery.NONE || c.pruning() != null) {
      return true;
    }
    return recovery == Recovery.BIAS_CORRECTION && !c.quantization().method().equals(BASELINE_METHOD)
        && c.quantization().calibration() == null;
  }

  /** The candidate of {@code modelId} whose configuration label is {@code config}, if the sweep has one. */
  public Optional<CandidateSpec> candidate(String modelId, String config) {
    return candidates(modelId, true).stream().filter(c -> c.config().equals(config)).findFirst();
  }

  /** Every distinct calibration the sweep's quantizations use (none for weight-only sweeps). */
  public List<CalibrationConfig> calibrations() {
    return quantizations.stream().map(MethodEntry::calibration).filter(Objects::nonNull).distinct().toList();
  }

  /** Candidates of a model without training rows (one with them also gets the fine-tuned ones). */
  public int candidatesPerModel() {
    return candidates("", false).size();
  }

  /**
   * What is wrong with a configured method (unknown name, wrong kind, parameters it does not take or values
   * out of range), or null when nothing is. The sweep loader refuses a file with it, naming the entry.
   */
  public static String problem(MethodEntry config, CompressionMethod.Kind expected) {
    Objects.requireNonNull(config, "config");
    try {
      CompressionMethod.Kind kind = config.toStep().method().kind();
      return kind == expected ? null
          : "'" + config.method() + "' is a " + kind.name().toLowerCase(Locale.ROOT)
              + " method, listed under the wrong section";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
