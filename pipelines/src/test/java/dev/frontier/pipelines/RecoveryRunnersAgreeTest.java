package dev.frontier.pipelines;

import static dev.frontier.pipelines.TinySweep.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.pipelines.config.CatalogueLoader;
import dev.frontier.pipelines.config.SweepLoader;
import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.SweepSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovered and N:M candidates are the same graphs on every runner: a small sweep of the real MNIST MLP with
 * magnitude, N:M and channel pruning × {none, bias-correction, variance-correction, fine-tune} runs on the
 * DirectRunner and on an embedded FlinkRunner, and every candidate has the same graph hash, sizes and accuracy on
 * both. The training rows come from the test file under another dataset name: this test checks determinism,
 * not what fine-tuning gains (FineTuneTest does, on rows it never trained on).
 */
class RecoveryRunnersAgreeTest {
  @TempDir Path dir;

  @Test
  void everyRecoveredCandidateIsTheSameGraphOnDirectAndFlink() throws Exception {
    Path catalogue = Files.writeString(dir.resolve("catalogue.yaml"), """
        datasets:
          mnist: {format: idx, images: %1$s/data/mnist/t10k-images-idx3-ubyte.gz,
                  labels: %1$s/data/mnist/t10k-labels-idx1-ubyte.gz, scale: 0.00392156862745098}
          mnist-as-training: {format: idx, images: %1$s/data/mnist/t10k-images-idx3-ubyte.gz,
                  labels: %1$s/data/mnist/t10k-labels-idx1-ubyte.gz, scale: 0.00392156862745098}
        models:
          - id: mlp
            path: %1$s/models/mnist-mlp-csdai0324
            evaluation: {dataset: mnist, rows: 500, seed: 1}
            calibration: {dataset: mnist, rows: 300, seed: 1}
            training: {dataset: mnist-as-training, rows: 640, epochs: 1, batch_rows: 64, seed: 3}
        """.formatted(SharedFixtures.root()));
    Path sweepFile = Files.writeString(dir.resolve("sweep.yaml"), """
        quantization:
          - method: int8-weight
        pruning:
          - method: magnitude
            sparsity: 0.75
            scope: global
          - method: n-of-m
          - method: channels
            fraction: 0.25
        recovery: [none, bias-correction, variance-correction, fine-tune]
        recovery_rows: 200
        latency: {warmup_runs: 1, rounds: 3}
        export: none
        """);
    Catalogue cat = CatalogueLoader.load(catalogue);
    SweepSpec sweep = SweepLoader.load(sweepFile);
    Map<String, Map<String, GenericRecord>> byRunner = new TreeMap<>();
    for (var runner : Map.of("direct", new String[] {"--runner=DirectRunner"},
        "flink", new String[] {"--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"}).entrySet()) {
      Path out = dir.resolve("out-" + runner.getKey());
      Sweep.run(PipelineOptionsFactory.fromArgs(runner.getValue()).withValidation().create(), cat, sweep,
          out.toString());
      byRunner.put(runner.getKey(), TinySweep.read(out, "results").stream()
          .collect(Collectors.toMap(r -> str(r, "candidate_id"), r -> r)));
    }
    Map<String, GenericRecord> direct = byRunner.get("direct");
    Map<String, GenericRecord> flink = byRunner.get("flink");
    assertEquals(sweep.candidateCount(cat.models()), direct.size(), "every candidate measured");
    assertEquals(direct.keySet(), flink.keySet());
    for (String id : direct.keySet()) {
      for (String column : List.of("config", "recovery", "graph_sha256", "size_bytes", "gzip_bytes", "nonzero_params",
          "accuracy", "agreement")) {
        assertEquals(String.valueOf(direct.get(id).get(column)), String.valueOf(flink.get(id).get(column)),
            str(direct.get(id), "config") + ": " + column);
      }
    }
    Map<String, String> graphByConfig = direct.values().stream()
        .collect(Collectors.toMap(r -> str(r, "config"), r -> str(r, "graph_sha256")));
    for (String recovery : List.of("bias-correction", "variance-correction", "fine-tune")) {
      String oneShot = "int8-weight+magnitude{sparsity=0.75, scope=global}";
      assertTrue(graphByConfig.containsKey(oneShot + "+" + recovery), graphByConfig.keySet().toString());
      assertNotEquals(graphByConfig.get(oneShot), graphByConfig.get(oneShot + "+" + recovery),
          recovery + " changes the graph");
    }
  }
}
