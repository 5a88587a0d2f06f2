package dev.frontier.pipelines;

import static dev.frontier.pipelines.TinySweep.num;
import static dev.frontier.pipelines.TinySweep.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same answers everywhere: the tiny sweep of {@link SweepPipelineTest} on the DirectRunner and on an
 * embedded Flink (parallelism 2) must write the same result rows, column for column, except what
 * depends on timing, and the same failure rows.
 *
 * <p>Timing-dependent: {@code latency_ms_*} and {@code latency_ratio_*} (measured), {@code on_front} and
 * {@code knee} (latency is one of the front's objectives). {@code chosen} is the smallest gzip size within
 * the accuracy budget, so it must agree too, unless two eligible candidates tie on size (then latency
 * breaks the tie, and only membership in the tied set is checked).
 */
class RunnersAgreeTest {
  @TempDir static Path dir;
  static final Map<String, List<GenericRecord>> RESULTS = new LinkedHashMap<>();
  static final Map<String, List<GenericRecord>> FAILURES = new LinkedHashMap<>();

  static final Map<String, String[]> RUNNERS = new LinkedHashMap<>();

  static {
    RUNNERS.put("direct", new String[] {"--runner=DirectRunner"});
    RUNNERS.put("flink", new String[] {"--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"});
  }

  /**
   * Columns whose values depend on measured time, so they may differ between any two runs; and
   * {@code artifact_path}, which names the run's own output folder and is set only for exported candidates
   * (the front depends on latency). What an exported artifact holds is compared byte for byte instead.
   */
  static boolean timingDependent(String column) {
    return column.startsWith("latency_ms_") || column.startsWith("latency_ratio_")
        || column.startsWith("latency_rounds_")
        || column.equals("on_front") || column.equals("knee") || column.equals("artifact_path");
  }

  @BeforeAll
  static void runOnEveryRunner() throws Exception {
    // The flink profile is active by default; only a build that deliberately leaves it out (-P!flink) skips.
    assumeTrue(onClasspath("org.apache.beam.runners.flink.FlinkRunner"),
        "FlinkRunner is not on the classpath: built with -P!flink");
    TinySweep sweep = TinySweep.in(dir);
    for (var runner : RUNNERS.entrySet()) {
      PipelineOptions options = PipelineOptionsFactory.fromArgs(runner.getValue()).withValidation().create();
      Path out = dir.resolve("out-" + runner.getKey());
      long start = System.nanoTime();
      sweep.run(options, out);
      System.err.printf(Locale.ROOT, "RunnersAgreeTest: tiny sweep on %s in %.1f s%n", runner.getKey(),
          (System.nanoTime() - start) / 1e9);
      RESULTS.put(runner.getKey(), TinySweep.read(out, "results"));
      FAILURES.put(runner.getKey(), TinySweep.read(out, "failures"));
    }
  }

  @Test
  void resultRowsAgreeInEveryColumnButTiming() {
    Map<String, GenericRecord> direct = byCandidate(RESULTS.get("direct"));
    Map<String, GenericRecord> flink = byCandidate(RESULTS.get("flink"));
    assertFalse(direct.isEmpty());
    assertEquals(direct.keySet(), flink.keySet(), "the same candidates on both runners");
    Schema schema = direct.values().iterator().next().getSchema();
    assertEquals(schema, flink.values().iterator().next().getSchema());
    List<String> compared = new ArrayList<>();
    for (Schema.Field column : schema.getFields()) {
      if (timingDependent(column.name()) || column.name().equals("chosen")) {
        continue;
      }
      compared.add(column.name());
      for (String key : direct.keySet()) {
        assertEquals(String.valueOf(direct.get(key).get(column.name())),
            String.valueOf(flink.get(key).get(column.name())), key + ": column " + column.name());
      }
    }
    assertTrue(compared.containsAll(List.of("model_id", "candidate_id", "size_bytes", "gzip_bytes",
        "nonzero_params", "accuracy", "float_accuracy", "agreement", "evaluation_rows")), compared.toString());
  }

  @Test
  void bothRunnersChooseTheSameCandidate() {
    Map<String, Set<String>> chosenBy = new TreeMap<>();
    for (var runner : RESULTS.entrySet()) {
      Map<String, List<GenericRecord>> byModel = runner.getValue().stream()
          .collect(Collectors.groupingBy(r -> str(r, "model_id")));
      for (var model : byModel.entrySet()) {
        List<GenericRecord> rows = model.getValue();
        Set<String> smallestEligible = smallestWithinBudget(rows);
        List<String> chosen = rows.stream().filter(r -> (Boolean) r.get("chosen"))
            .map(r -> str(r, "candidate_id")).toList();
        assertEquals(1, chosen.size(), runner.getKey() + " " + model.getKey() + ": " + chosen);
        assertTrue(smallestEligible.contains(chosen.get(0)),
            runner.getKey() + " " + model.getKey() + ": chose " + chosen + ", smallest " + smallestEligible);
        String key = model.getKey();
        // With a unique smallest candidate the choice cannot depend on timing: it must be that one.
        chosenBy.computeIfAbsent(key, k -> new TreeSet<>())
            .add(smallestEligible.size() == 1 ? chosen.get(0) : smallestEligible.toString());
      }
    }
    for (var model : chosenBy.entrySet()) {
      assertEquals(1, model.getValue().size(), model.getKey() + ": runners chose " + model.getValue());
    }
  }

  @Test
  void bothRunnersWriteTheSameArtifactBytes() throws Exception {
    Map<String, Path> direct = exported(RESULTS.get("direct"));
    Map<String, Path> flink = exported(RESULTS.get("flink"));
    Set<String> both = new TreeSet<>(direct.keySet());
    both.retainAll(flink.keySet());
    for (GenericRecord r : RESULTS.get("direct")) {
      if ((Boolean) r.get("chosen")) {
        assertTrue(both.contains(str(r, "candidate_id")), "the chosen candidate is exported on both runners: " + r);
      }
    }
    for (String id : both) {
      assertArrayEquals(Files.readAllBytes(direct.get(id).resolve("saved_model.pb")),
          Files.readAllBytes(flink.get(id).resolve("saved_model.pb")), "candidate " + id);
    }
  }

  /** Candidate id → artifact folder of every exported row. */
  static Map<String, Path> exported(List<GenericRecord> rows) {
    Map<String, Path> out = new TreeMap<>();
    rows.stream().filter(r -> r.get("artifact_path") != null)
        .forEach(r -> out.put(str(r, "candidate_id"), Path.of(str(r, "artifact_path"))));
    return out;
  }

  @Test
  void failureRowsAgree() {
    List<String> direct = rendered(FAILURES.get("direct"));
    List<String> flink = rendered(FAILURES.get("flink"));
    assertFalse(direct.isEmpty(), "the tiny sweep has a broken model and uncalibrated int8 candidates");
    assertEquals(direct, flink);
  }

  static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, RunnersAgreeTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Result rows by "model_id / candidate_id", which must be unique. */
  static Map<String, GenericRecord> byCandidate(List<GenericRecord> rows) {
    Map<String, GenericRecord> out = new TreeMap<>();
    for (GenericRecord r : rows) {
      String key = str(r, "model_id") + " / " + str(r, "candidate_id");
      assertTrue(out.put(key, r) == null, "duplicate row " + key);
    }
    return out;
  }

  /** Ids of the eligible candidates (accuracy within the budget) that share the smallest gzip size. */
  static Set<String> smallestWithinBudget(List<GenericRecord> rows) {
    double threshold = num(rows.get(0), "float_accuracy") - TinySweep.ACCURACY_BUDGET_PP / 100 - 1e-9;
    List<GenericRecord> eligible = rows.stream().filter(r -> num(r, "accuracy") >= threshold).toList();
    double smallest = eligible.stream().mapToDouble(r -> num(r, "gzip_bytes")).min().orElseThrow();
    return eligible.stream().filter(r -> num(r, "gzip_bytes") == smallest)
        .map(r -> str(r, "candidate_id")).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every field of every row as text, sorted, so the comparison ignores row order only. */
  static List<String> rendered(List<GenericRecord> rows) {
    return rows.stream().map(GenericRecord::toString).sorted().toList();
  }
}
