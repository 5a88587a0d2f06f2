package dev.frontier.pipelines.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.frontier.transforms.calibrate.CalibrationParams;
import dev.frontier.transforms.compress.CompressionMethod;
import dev.frontier.transforms.compress.CompressionRegistry;
import dev.frontier.transforms.compress.MethodParameters;
import dev.frontier.transforms.compress.Recovery;
import dev.frontier.transforms.config.CalibrationConfig;
import dev.frontier.transforms.config.EvaluationStrategy;
import dev.frontier.transforms.config.ExportMode;
import dev.frontier.transforms.config.MethodEntry;
import dev.frontier.transforms.config.SweepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a sweep YAML file into a validated {@link SweepSpec} before the pipeline starts.
 *
 * <p>Each entry under {@code quantization:} or {@code pruning:} names a {@code method} and its parameters;
 * a parameter given as a list is a sweep axis and expands into one step per value (the cross product over
 * all list-valued parameters of the entry). {@code skip_layers} takes a list of layer names as one value;
 * a list of such lists is an axis. Keys may be written snake_case ({@code group_size}) or as the method
 * parameters spell them ({@code groupSize}).
 *
 * <p>Methods that need calibrated activation ranges ({@code int8}) also take {@code calibration} (a
 * calibration method: minmax, percentile, entropy, mse), {@code calibration_samples} (rows) and the
 * calibration parameters {@code percentile} and {@code levels}, and {@code keep_float_most_sensitive} (keep
 * the k layers whose quantization costs most float); lists are axes like any other.
 *
 * <p>Every entry is checked here, before any pipeline starts: a method the registry does not know, a method
 * listed under the wrong section, a parameter the method does not take or a value out of its range
 * ({@code sparsity: 1.5}, {@code group_size: 0}), an unknown calibration method or calibration parameter is
 * an {@link IllegalArgumentException} naming the file, the section and entry index (0-based) and the
 * problem, e.g. {@code sweep.yaml: pruning[0]: magnitude: parameter 'sparsity' must be in [0, 1), got 1.5}.
 *
 * <p>{@code recovery} is a name or a list of names of {@link Recovery} (an axis over every candidate it can
 * change); {@code recovery_rows} the calibration rows it runs on.
 */
public final class SweepLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String METHOD_KEY = "method";
  private static final String NO_PRUNING = "none";
  private static final String CALIBRATION_KEY = "calibration";
  private static final String CALIBRATION_SAMPLES_KEY = "calibrationSamples";
  private static final String KEEP_FLOAT_MOST_SENSITIVE_KEY = "keepFloatMostSensitive";
  private static final List<String> CALIBRATION_PARAM_KEYS = List.of("percentile", "levels");

  private SweepLoader() {}

  public static SweepSpec load(Path file) throws IOException {
    Path source = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(source)) {
      throw new IOException("sweep " + source + " does not exist");
    }
    SweepYaml raw;
    try {
      raw = YAML.readValue(source.toFile(), SweepYaml.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(source + ": unknown key '" + e.getPropertyName() + "' (known: "
          + e.getKnownPropertyIds() + ")");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not a valid sweep: " + e.getOriginalMessage());
    }
    if (raw == null || raw.quantization() == null || raw.quantization().isEmpty()) {
      throw new IllegalArgumentException(source + ": no 'quantization:' list");
    }
    try {
      List<MethodEntry> q = steps(raw.quantization(), "quantization", CompressionMethod.Kind.QUANTIZATION);
      List<MethodEntry> p = raw.pruning() == null ? List.of()
          : steps(raw.pruning(), "pruning", CompressionMethod.Kind.PRUNING);
      return new SweepSpec(q, p, recoveries(raw.recovery()),
          raw.recoveryRows() == null ? Recovery.DEFAULT_ROWS : raw.recoveryRows(),
          raw.accuracyBudgetPp() == null ? SweepSpec.DEFAULT_ACCURACY_BUDGET_PP : raw.accuracyBudgetPp(),
          raw.latency() == null || raw.latency().warmupRuns() == null
              ? SweepSpec.DEFAULT_LATENCY_WARMUP_RUNS : raw.latency().warmupRuns(),
          raw.latency() == null || raw.latency().rounds() == null
              ? SweepSpec.DEFAULT_LATENCY_ROUNDS : raw.latency().rounds(),
          maxRounds(raw.latency()),
          raw.latency() == null || raw.latency().targetWidth() == null
              ? SweepSpec.DEFAULT_LATENCY_TARGET_WIDTH : raw.latency().targetWidth(),
          raw.latency() == null || raw.latency().equivalence() == null
              ? SweepSpec.DEFAULT_LATENCY_EQUIVALENCE : raw.latency().equivalence(),
          raw.evaluation() == null || raw.evaluation().batchRows() == null
              ? SweepSpec.DEFAULT_EVALUATION_BATCH_ROWS : raw.evaluation().batchRows(),
          raw.export() == null ? ExportMode.DEFAULT : ExportMode.parse(raw.export()),
          raw.exportFormats(),
          raw.evaluation() == null || raw.evaluation().strategy() == null
              ? EvaluationStrategy.DEFAULT : EvaluationStrategy.parse(raw.evaluation().strategy()),
          raw.evaluation() == null || raw.evaluation().confidence() == null
              ? SweepSpec.DEFAULT_EVALUATION_CONFIDENCE : raw.evaluation().confidence(),
          raw.evaluation() == null || raw.evaluation().seed() == null
              ? SweepSpec.DEFAULT_EVALUATION_SEED : raw.evaluation().seed());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code latency.max_rounds}, or the default; when only {@code latency.rounds} is raised above that default,
   * the cap follows it (rounds are then timed exactly), so a sweep written before the cap existed still loads.
   */
  private static int maxRounds(SweepYaml.LatencyYaml latency) {
    if (latency != null && latency.maxRounds() != null) {
      return latency.maxRounds();
    }
    int rounds = latency == null || latency.rounds() == null ? SweepSpec.DEFAULT_LATENCY_ROUNDS : latency.rounds();
    return Math.max(rounds, SweepSpec.DEFAULT_LATENCY_MAX_ROUNDS);
  }

  /** {@code recovery:} as one name or a list of names (an axis); none given means no recovery. */
  private static List<Recovery> recoveries(Object raw) {
    if (raw == null) {
      return List.of();
    }
    List<?> names = raw instanceof List<?> list ? list : List.of(raw);
    List<Recovery> out = new ArrayList<>();
    for (Object name : names) {
      try {
        out.add(Recovery.parse(name == null ? null : name.toString()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("recovery: " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static List<MethodEntry> steps(
      List<Map<String, Object>> entries, String section, CompressionMethod.Kind kind) {
    List<MethodEntry> out = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Map<String, Object> entry = entries.get(i);
      Object method = entry == null ? null : entry.get(METHOD_KEY);
      if (method == null) {
        throw new IllegalArgumentException(section + "[" + i + "]: 'method' is required");
      }
      String name = method.toString();
      if (kind == CompressionMethod.Kind.PRUNING && name.equals(NO_PRUNING)) {
        continue;
      }
      Map<String, Object> params = new LinkedHashMap<>(entry);
      params.remove(METHOD_KEY);
      try {
        for (Map<String, Object> combination : expand(params)) {
          MethodEntry step = step(name, combination);
          String problem = SweepSpec.problem(step, kind);
          if (problem != null) {
            throw new IllegalArgumentException(problem);
          }
          if (!out.contains(step)) {
            out.add(step);
          }
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(section + "[" + i + "]: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** One expanded combination of an entry as a method configuration; values are range-checked. */
  private static MethodEntry step(String name, Map<String, Object> combination) {
    CompressionRegistry.get(name);
    Object keepFloat = combination.remove(KEEP_FLOAT_MOST_SENSITIVE_KEY);
    CalibrationConfig calibration = calibration(name, combination);
    if (keepFloat != null && calibration == null) {
      throw new IllegalArgumentException("'" + name + "': keep_float_most_sensitive needs a calibrated method");
    }
    return new MethodEntry(name, MethodParameters.fromMap(name, combination), calibration,
        keepFloat == null ? 0 : wholeNumber("keep_float_most_sensitive", keepFloat));
  }

  private static int wholeNumber(String key, Object value) {
    try {
      return Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + key + "' must be a whole number, got " + value, e);
    }
  }

  /**
   * Takes the calibration keys out of one expanded combination. A method that needs calibration gets
   * {@value CalibrationConfig#DEFAULT_METHOD} on {@value CalibrationConfig#DEFAULT_SAMPLES} rows unless the
   * entry says otherwise; calibration keys on a method that needs none are an error.
   */
  private static CalibrationConfig calibration(String method, Map<String, Object> combination) {
    Object name = combination.remove(CALIBRATION_KEY);
    Object samples = combination.remove(CALIBRATION_SAMPLES_KEY);
    Map<String, Object> params = new LinkedHashMap<>();
    for (String key : CALIBRATION_PARAM_KEYS) {
      if (combination.containsKey(key)) {
        params.put(key, combination.remove(key));
      }
    }
    boolean needs = CompressionRegistry.names().contains(method)
        && CompressionRegistry.get(method).requiresCalibration();
    boolean given = name != null || samples != null || !params.isEmpty();
    if (!needs) {
      if (given && CompressionRegistry.names().contains(method)) {
        throw new IllegalArgumentException("'" + method + "' uses no calibration; remove calibration, "
            + "calibration_samples and calibration parameters from its entry");
      }
      return null;
    }
    String calibrationMethod = name == null ? CalibrationConfig.DEFAULT_METHOD : name.toString();
    int rows = samples == null ? CalibrationConfig.DEFAULT_SAMPLES : wholeNumber("calibration_samples", samples);
    return new CalibrationConfig(calibrationMethod, rows, CalibrationParams.fromMap(calibrationMethod, params));
  }

  /** The cross product of list-valued parameters; scalar parameters are copied into every combination. */
  static List<Map<String, Object>> expand(Map<String, Object> params) {
    List<Map<String, Object>> combos = new ArrayList<>();
    combos.add(new LinkedHashMap<>());
    for (Map.Entry<String, Object> e : params.entrySet()) {
      String key = camelCase(e.getKey());
      List<?> values = axisValues(key, e.getValue());
      List<Map<String, Object>> next = new ArrayList<>();
      for (Map<String, Object> c : combos) {
        for (Object v : values) {
          Map<String, Object> copy = new LinkedHashMap<>(c);
          copy.put(key, v);
          next.add(copy);
        }
      }
      combos = next;
    }
    return combos;
  }

  private static List<?> axisValues(String key, Object value) {
    if (!(value instanceof List<?> list)) {
      return java.util.Collections.singletonList(value);
    }
    boolean listParam = key.equals(MethodParameters.Param.SKIP_LAYERS.key());
    if (listParam && (list.isEmpty() || !(list.get(0) instanceof List))) {
      return List.of(list);
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException("parameter '" + key + "' has an empty list of values");
    }
    return list;
  }

  static String camelCase(String key) {
    StringBuilder sb = new StringBuilder();
    boolean upper = false;
    for (char c : key.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }
}
