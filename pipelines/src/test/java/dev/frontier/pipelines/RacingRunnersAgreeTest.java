package dev.frontier.pipelines;

import static dev.frontier.pipelines.TinySweep.num;
import static dev.frontier.pipelines.TinySweep.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.pipelines.config.CatalogueLoader;
import dev.frontier.pipelines.config.SweepLoader;
import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.EvaluationStrategy;
import dev.frontier.transforms.config.SweepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Racing is deterministic for a seed and runner-independent: a sweep of the MNIST MLP on 2,000 rows whose heavily
 * pruned candidates stop early (weight-only schemes, which all time like float, so no latency noise can decide the
 * front differently between the runs compared), run twice on the DirectRunner and once on an embedded Flink, writes the same rows
 * in every column that does not depend on timing (rows seen, accuracy and its interval, the reason a candidate
 * stopped); and next to an exhaustive run, every candidate racing evaluated on all rows has the same accuracy,
 * and no stopped one is on a front or chosen.
 */
class RacingRunnersAgreeTest {
  @TempDir static Path dir;
  static final Map<String, List<GenericRecord>> RESULTS = new LinkedHashMap<>();

  @BeforeAll
  static void sweepThreeTimesAndOnceExhaustively() throws Exception {
    assumeTrue(RunnersAgreeTest.onClasspath("org.apache.beam.runners.flink.FlinkRunner"),
        "FlinkRunner is not on the classpath: built with -P!flink");
    Catalogue catalogue = CatalogueLoader.load(Files.writeString(dir.resolve("catalogue.yaml"), """
        datasets:
          mnist: {format: idx, images: %1$s/data/mnist/t10k-images-idx3-ubyte.gz,
                  labels: %1$s/data/mnist/t10k-labels-idx1-ubyte.gz, scale: 0.00392156862745098}
        models:
          - id: mlp
            path: %1$s/models/mnist-mlp-csdai0324
            evaluation: {dataset: mnist, rows: 2000, seed: 3}
            calibration: {dataset: mnist, rows: 200, seed: 3}
        """.formatted(SharedFixtures.root())));
    SweepSpec racing = SweepLoader.load(Files.writeString(dir.resolve("sweep.yaml"), """
        quantization:
          - method: int8-weight
            granularity: per-channel
          - method: fp16
          - method: int8
            calibration: [minmax, percentile]
            calibration_samples: 100
        pruning:
          - method: magnitude
            sparsity: [0.5, 0.97]
            scope: [global, layer]
        latency: {warmup_runs: 1, rounds: 5}
        evaluation: {strategy: racing, seed: 7}
        export: none
        """));
    Map<String, String[]> runs = new LinkedHashMap<>();
    runs.put("direct", new String[] {"--runner=DirectRunner"});
    runs.put("direct-again", new String[] {"--runner=DirectRunner"});
    runs.put("flink", new String[] {"--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"});
    for (var run : runs.entrySet()) {
      Path out = dir.resolve("out-" + run.getKey());
      Sweep.run(PipelineOptionsFactory.fromArgs(run.getValue()).create(), catalogue, racing, out.toString());
      RESULTS.put(run.getKey(), TinySweep.read(out, "results"));
    }
    Path out = dir.resolve("out-exhaustive");
    Sweep.run(PipelineOptionsFactory.create(), catalogue,
        racing.withEvaluationStrategy(EvaluationStrategy.EXHAUSTIVE), out.toString());
    RESULTS.put("exhaustive", TinySweep.read(out, "results"));
  }

  @Test
  void everyRacingRunWritesTheSameRowsButTiming() {
    Map<String, GenericRecord> first = RunnersAgreeTest.byCandidate(RESULTS.get("direct"));
    assertTrue(first.values().stream().anyMatch(r -> r.get("stop_reason") != null), "some candidate stopped");
    assertTrue(first.values().stream().anyMatch(r -> r.get("stop_reason") == null), "some candidate ran to the end");
    assertTrue(first.values().stream().anyMatch(r -> String.valueOf(r.get("stop_reason")).contains("most likely")),
        "some follower was settled on rows out of slice order: " + first.values().stream()
            .map(r -> String.valueOf(r.get("stop_reason"))).toList());
    Schema schema = first.values().iterator().next().getSchema();
    for (String other : List.of("direct-again", "flink")) {
      Map<String, GenericRecord> rows = RunnersAgreeTest.byCandidate(RESULTS.get(other));
      assertEquals(first.keySet(), rows.keySet(), other);
      for (Schema.Field column : schema.getFields()) {
        if (RunnersAgreeTest.timingDependent(column.name()) || column.name().equals("chosen")) {
          continue;
        }
        for (String key : first.keySet()) {
          assertEquals(String.valueOf(first.get(key).get(column.name())),
              String.valueOf(rows.get(key).get(column.name())), other + " " + key + ": column " + column.name());
        }
      }
    }
  }

  @Test
  void stoppedRowsAreHonestAndTheRestIsExhaustive() {
    Map<String, GenericRecord> exhaustive = RunnersAgreeTest.byCandidate(RESULTS.get("exhaustive"));
    for (String run : List.of("direct", "direct-again", "flink")) {
      Map<String, GenericRecord> racing = RunnersAgreeTest.byCandidate(RESULTS.get(run));
      assertEquals(exhaustive.keySet(), racing.keySet());
      for (var e : racing.entrySet()) {
        GenericRecord r = e.getValue();
        GenericRecord full = exhaustive.get(e.getKey());
        if (r.get("stop_reason") == null) {
          assertEquals(num(full, "accuracy"), num(r, "accuracy"), run + " " + e.getKey());
          assertEquals(num(r, "accuracy"), num(r, "accuracy_lo"));
          assertEquals(num(r, "accuracy"), num(r, "accuracy_hi"));
          assertEquals(2000, num(r, "evaluation_rows"));
        } else {
          assertTrue(num(r, "evaluation_rows") < 2000, run + " " + e.getKey());
          assertTrue(num(r, "accuracy_lo") <= num(full, "accuracy") && num(full, "accuracy") <= num(r, "accuracy_hi"),
              run + " " + e.getKey() + ": the interval holds the exhaustive accuracy");
          assertFalse((Boolean) r.get("on_front") || (Boolean) r.get("chosen") || (Boolean) r.get("knee"));
          assertFalse((Boolean) full.get("on_front") || (Boolean) full.get("chosen"),
              run + " " + e.getKey() + ": stopped, yet exhaustive evaluation puts it on the front or chooses it");
          assertTrue(Double.isNaN(num(r, "latency_ratio_b32")) && num(r, "latency_rounds_b32") == 0,
              "a stopped candidate is not timed at batch 32");
        }
      }
      assertEquals(chosen(exhaustive), chosen(racing), run + ": the same candidate chosen");
    }
  }

  @Test
  void aTwinCarriesTheMeasurementsOfTheCandidateWithItsGraphs() {
    // Min-max and 99.99th-percentile calibration on 100 rows give this MLP the same ranges: the same graphs.
    for (String run : List.of("direct", "flink")) {
      Map<String, GenericRecord> racing = RunnersAgreeTest.byCandidate(RESULTS.get(run));
      Map<String, GenericRecord> exhaustive = RunnersAgreeTest.byCandidate(RESULTS.get("exhaustive"));
      List<String> twins = racing.keySet().stream().filter(k -> racing.get(k).get("same_graph_as") != null).toList();
      assertFalse(twins.isEmpty(), run + ": some candidate has another's graphs");
      for (String key : twins) {
        GenericRecord twin = racing.get(key);
        GenericRecord measured = racing.values().stream()
            .filter(r -> str(r, "candidate_id").equals(str(twin, "same_graph_as"))).findFirst().orElseThrow();
        assertEquals(str(measured, "graph_sha256"), str(twin, "graph_sha256"));
        for (String column : List.of("accuracy", "accuracy_lo", "accuracy_hi", "evaluation_rows",
            "latency_ratio_b1", "latency_ms_b1", "kernel_agreement")) {
          assertEquals(String.valueOf(measured.get(column)), String.valueOf(twin.get(column)),
              run + " " + str(twin, "config") + ": " + column);
        }
        GenericRecord full = exhaustive.get(key);
        if (twin.get("stop_reason") == null) {
          assertEquals(num(full, "accuracy"), num(twin, "accuracy"), "measured on its own, it scores the same");
        }
      }
    }
  }

  static Map<String, String> chosen(Map<String, GenericRecord> rows) {
    Map<String, String> out = new TreeMap<>();
    rows.values().stream().filter(r -> (Boolean) r.get("chosen"))
        .forEach(r -> out.put(str(r, "model_id"), str(r, "config")));
    return out;
  }
}
