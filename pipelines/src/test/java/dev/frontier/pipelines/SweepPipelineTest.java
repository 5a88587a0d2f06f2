package dev.frontier.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.frontier.pipelines.TinySweep.num;
import static dev.frontier.pipelines.TinySweep.read;
import static dev.frontier.pipelines.TinySweep.str;

import dev.frontier.transforms.beam.io.CandidateCheckpoints;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.SweepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole sweep on the DirectRunner over a tiny catalogue of two real models and one broken one, one of
 * them without calibration rows: the Parquet outputs are read back and checked row by row.
 */
class SweepPipelineTest {
  static Path dir;
  static Catalogue cat;
  static SweepSpec spec;
  static PipelineResult firstRun;
  static List<GenericRecord> results;
  static List<GenericRecord> failures;
  static String summary;

  /**
   * {float, int8-weight per-channel} x {none, magnitude 50 %}; the mlp also has full-integer int8 (keeping
   * 0 or 1 layer float) x the same.
   */
  static final int WEIGHT_ONLY_CONFIGS = 2 * 2;
  static final int CALIBRATED_CONFIGS = 2 * 2;

  @BeforeAll
  static void runSweep() throws IOException {
    TinySweep.Run run = TinySweep.directRun();
    dir = run.dir();
    cat = run.sweep().catalogue;
    spec = run.sweep().sweep;
    Path out = run.out();
    firstRun = run.result();
    results = read(out, "results");
    failures = read(out, "failures");
    summary = Files.readString(out.resolve("summary.md"));
  }

  @Test
  void everyValidCandidateOfEveryImportedModelIsWritten() {
    Map<String, List<GenericRecord>> byModel =
        results.stream().collect(Collectors.groupingBy(r -> str(r, "model_id")));
    assertEquals(Map.of("mlp", WEIGHT_ONLY_CONFIGS + CALIBRATED_CONFIGS, "iris", WEIGHT_ONLY_CONFIGS),
        byModel.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size())));
    for (List<GenericRecord> rows : byModel.values()) {
      assertEquals(rows.size(), rows.stream().map(r -> str(r, "candidate_id")).distinct().count());
      assertEquals(rows.size(), rows.stream().map(r -> str(r, "config")).distinct().count());
    }
  }

  @Test
  void brokenModelAndUncalibratedCandidatesBecomeFailureRecords() {
    assertTrue(failures.stream().anyMatch(f -> str(f, "model_id").equals("broken")
        && str(f, "stage").equals("ImportModel") && str(f, "candidate_id").isEmpty()
        && str(f, "message").contains("saved_model.pb")), failures.toString());
    long uncalibrated = failures.stream().filter(f -> str(f, "model_id").equals("iris")
        && str(f, "stage").equals("Compress") && str(f, "config").startsWith("int8{")
        && str(f, "message").contains("calibration")).count();
    assertEquals(CALIBRATED_CONFIGS, uncalibrated, "iris has no calibration subset; " + failures);
    assertEquals(1 + CALIBRATED_CONFIGS, failures.size(), failures.toString());
  }

  @Test
  void floatBaselineRowIsConsistent() {
    for (GenericRecord r : results) {
      if (str(r, "config").equals("float")) {
        assertEquals(num(r, "float_accuracy"), num(r, "accuracy"), 0.0);
        assertEquals(1.0, num(r, "agreement"), 0.0);
        assertEquals(1.0, num(r, "latency_ratio_b1"), 0.0);
        assertEquals(1.0, num(r, "latency_ratio_b1_lo"), 0.0);
        assertEquals(1.0, num(r, "latency_ratio_b32_hi"), 0.0);
        assertEquals(num(r, "params"), num(r, "nonzero_params"), 0.0);
        assertEquals("none", str(r, "pruning"));
      }
    }
  }

  @Test
  void measurementsComeFromTheCompressedArtifact() {
    for (GenericRecord r : results) {
      String id = str(r, "config");
      assertTrue(num(r, "gzip_bytes") > 0 && num(r, "size_bytes") > 0, id);
      assertTrue(num(r, "latency_ms_b1") > 0 && num(r, "latency_ms_b32") > 0, id);
      for (String b : new String[] {"b1", "b32"}) {
        assertTrue(num(r, "latency_ratio_" + b + "_lo") <= num(r, "latency_ratio_" + b)
            && num(r, "latency_ratio_" + b) <= num(r, "latency_ratio_" + b + "_hi"), id + " interval at " + b);
        assertTrue(num(r, "latency_rounds_" + b) >= spec.latencyRounds()
            && num(r, "latency_rounds_" + b) <= spec.latencyMaxRounds(), id + " rounds at " + b);
      }
      assertEquals(num(r, "accuracy") - num(r, "float_accuracy"), num(r, "accuracy_delta"), 1e-12, id);
      if (id.startsWith("int8-weight") && str(r, "model_id").equals("mlp")) {
        GenericRecord floatRow = row(str(r, "model_id"), id.contains("+") ? "float+" + id.split("\\+")[1] : "float");
        assertTrue(num(r, "size_bytes") < 0.3 * num(floatRow, "size_bytes"), id + " int8 artifact shrinks");
        assertEquals("per-channel", str(r, "granularity"));
      }
      if (str(r, "pruning").equals("magnitude")) {
        double zeros = 1 - num(r, "nonzero_params") / num(r, "params");
        assertTrue(zeros >= 0.5 - 1e-3, id + " sparsity " + zeros);
        assertEquals(0.5, num(r, "sparsity"), 0.0);
        assertEquals("global", str(r, "pruning_scope"));
      }
    }
    GenericRecord fullInt8 = row("mlp", "int8{granularity=per-channel}@minmax/100");
    assertEquals("minmax", str(fullInt8, "calibration"));
    assertEquals(100, ((Number) fullInt8.get("calibration_samples")).intValue());
    assertEquals("", str(fullInt8, "float_layers"), "every MLP layer runs on integer kernels");
    assertTrue(num(fullInt8, "kernel_agreement") >= 0.995, "integer kernels agree with the simulation: "
        + fullInt8.get("kernel_agreement"));
    assertTrue(num(fullInt8, "kernel_mean_abs_diff") < 1e-3, "mean |score difference| "
        + fullInt8.get("kernel_mean_abs_diff"));
    assertEquals(null, row("mlp", "float").get("kernel_agreement"), "one graph, nothing to compare");
    assertTrue(Math.abs(num(fullInt8, "accuracy") - num(row("mlp", "float"), "accuracy")) <= 0.005);
    assertTrue(num(fullInt8, "size_bytes") < 0.35 * num(row("mlp", "float"), "size_bytes"));
    GenericRecord keepOne = row("mlp", "int8{granularity=per-channel}@minmax/100/keep-float-1");
    String keptFloat = str(keepOne, "float_layers");
    assertTrue(!keptFloat.contains(",") && (keptFloat.endsWith("/dense/MatMul") || keptFloat.endsWith("/dense_1/MatMul")),
        "exactly one of the two layers kept float: " + keptFloat);
    assertTrue(num(keepOne, "size_bytes") > num(fullInt8, "size_bytes"), "a float layer makes it larger");
    double mlpInt8 = num(row("mlp", "int8-weight{granularity=per-channel}"), "accuracy");
    double mlpFloat = num(row("mlp", "float"), "accuracy");
    assertTrue(Math.abs(mlpInt8 - mlpFloat) <= 0.005, mlpInt8 + " vs " + mlpFloat);
  }

  @Test
  void frontFlagsMatchABruteForceRecomputation() {
    Map<String, List<GenericRecord>> byModel =
        results.stream().collect(Collectors.groupingBy(r -> str(r, "model_id")));
    for (var e : byModel.entrySet()) {
      List<GenericRecord> rows = e.getValue();
      for (GenericRecord a : rows) {
        boolean dominated = rows.stream().anyMatch(b -> b != a
            && num(b, "gzip_bytes") <= num(a, "gzip_bytes") && !fasterBeyondDoubt(a, b)
            && num(b, "accuracy") >= num(a, "accuracy")
            && (num(b, "gzip_bytes") < num(a, "gzip_bytes") || fasterBeyondDoubt(b, a)
                || num(b, "accuracy") > num(a, "accuracy")));
        assertEquals(!dominated, (Boolean) a.get("on_front"), e.getKey() + " " + str(a, "config"));
      }
      assertEquals(1, rows.stream().filter(r -> (Boolean) r.get("knee")).count(), e.getKey());
      List<GenericRecord> chosen = rows.stream().filter(r -> (Boolean) r.get("chosen")).toList();
      assertEquals(1, chosen.size(), e.getKey());
      GenericRecord c = chosen.get(0);
      assertTrue(num(c, "accuracy_delta") >= -0.01 - 1e-9);
      for (GenericRecord r : rows) {
        if (num(r, "accuracy_delta") >= -0.01) {
          assertTrue(num(c, "gzip_bytes") <= num(r, "gzip_bytes"), "chosen is the smallest within budget");
        }
      }
      assertTrue(summary.contains("## " + e.getKey()), summary);
    }
  }

  @Test
  void eachModelIsImportedAndEvaluatedInFloatOnce() {
    assertEquals(2, Sweep.counter(firstRun, "models_imported"));
    assertEquals(2, Sweep.counter(firstRun, "float_baseline_evaluations"), "once per model, not per candidate");
    assertEquals(2, Sweep.counter(firstRun, "calibration_statistics"), "one per (model, samples)");
    assertEquals(1, Sweep.counter(firstRun, "calibration_ranges"), "one per (model, method, samples) that worked");
    assertEquals(1, Sweep.counter(firstRun, "models_failed"));
    assertEquals(results.size(), Sweep.counter(firstRun, "candidates_measured"));
  }

  @Test
  void anInterruptedSweepResumesToTheSameResult() throws IOException {
    Path first = dir.resolve("out");
    Path resumed = dir.resolve("resumed");
    Files.createDirectories(resumed.resolve(CandidateCheckpoints.DIR));
    List<Path> checkpoints;
    try (Stream<Path> s = Files.list(first.resolve(CandidateCheckpoints.DIR))) {
      checkpoints = s.sorted().collect(Collectors.toList());
    }
    assertEquals(results.size(), checkpoints.size(), "one checkpoint per measured candidate");
    Set<String> kept = new HashSet<>();
    for (int i = 0; i < checkpoints.size(); i += 2) {
      Path c = checkpoints.get(i);
      Files.copy(c, resumed.resolve(CandidateCheckpoints.DIR).resolve(c.getFileName()));
      kept.add(c.getFileName().toString().replace(".json", ""));
    }

    PipelineResult second = Sweep.run(PipelineOptionsFactory.create(), cat, spec, resumed.toString());

    assertEquals(kept.size(), Sweep.counter(second, "candidates_resumed"));
    assertEquals(results.size() - kept.size(), Sweep.counter(second, "candidates_measured"));
    Map<String, GenericRecord> again = read(resumed, "results").stream()
        .collect(Collectors.toMap(r -> str(r, "candidate_id"), r -> r));
    assertEquals(results.size(), again.size());
    // Latencies of re-measured candidates are new measurements; the front and knee depend on them.
    Set<String> timingFields = Set.of("latency_ms_b1", "latency_ms_b32", "latency_ratio_b1",
        "latency_ratio_b32", "latency_ratio_b1_lo", "latency_ratio_b1_hi", "latency_ratio_b32_lo",
        "latency_ratio_b32_hi", "latency_rounds_b1", "latency_rounds_b32");
    Set<String> dependOnTimings = Set.of("on_front", "knee", "artifact_path");
    for (GenericRecord r : results) {
      String id = str(r, "candidate_id");
      GenericRecord other = again.get(id);
      assertTrue(other != null, "candidate " + id + " missing after resume");
      for (var field : r.getSchema().getFields()) {
        boolean timed = timingFields.contains(field.name()) && !kept.contains(id)
            || dependOnTimings.contains(field.name());
        if (!timed) {
          assertEquals(String.valueOf(r.get(field.name())), String.valueOf(other.get(field.name())),
              id + " " + field.name());
        }
      }
      if ((Boolean) r.get("chosen")) {
        assertTrue(other.get("artifact_path") != null, "the resumed sweep exports the chosen " + id + " too");
      }
      if (r.get("artifact_path") != null && other.get("artifact_path") != null) {
        assertArrayEquals(Files.readAllBytes(Path.of(str(r, "artifact_path"), "saved_model.pb")),
            Files.readAllBytes(Path.of(str(other, "artifact_path"), "saved_model.pb")), id + " artifact");
      }
    }
  }

  /**
   * Whether {@code a}'s batch-1 latency ratio interval, stretched by the sweep's latency equivalence, ends below
   * {@code b}'s: the only way latency separates two candidates (README, "How the front is chosen").
   */
  static boolean fasterBeyondDoubt(GenericRecord a, GenericRecord b) {
    return num(a, "latency_ratio_b1_hi") * (1 + spec.latencyEquivalence()) < num(b, "latency_ratio_b1_lo");
  }

  static GenericRecord row(String model, String candidate) {
    return results.stream().filter(r -> str(r, "model_id").equals(model) && str(r, "config").equals(candidate))
        .findFirst().orElseThrow(() -> new AssertionError("no row " + model + " / " + candidate + " in "
            + results.stream().map(r -> str(r, "config")).toList()));
  }
}
