package dev.frontier.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frontier.pipelines.CommandRun;
import dev.frontier.pipelines.Frontier;
import dev.frontier.transforms.SharedFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code frontier evaluate --json} on the shipped catalogue of the four real shared models: the
 * accuracies must equal those published in ../shared/models/README.md and the IR must agree with the
 * original signature on every row.
 */
class EvaluateCommandTest {
  /** Published float accuracies (../shared/models/README.md), independent of the catalogue file. */
  private static final Map<String, Double> PUBLISHED = Map.of(
      "mnist-mlp-csdai0324", 0.9771,
      "mnist-mlp-hritikvalluvar", 0.9770,
      "mnist-conv-tf1-dotnet", 0.7813,
      "iris-keras-tfx", 0.9600);

  private static String run(String... args) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = Frontier.commandLine().execute(args);
      assertEquals(0, code, "exit code; output: " + out);
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void sharedModelsMatchPublishedAccuracyAndIrAgreesExactly() throws Exception {
    String json = run("evaluate", "--catalogue",
        SharedFixtures.projectRoot().resolve("configs/shared-models.yaml").toString(), "--json");
    JsonNode rows = new ObjectMapper().readTree(json);
    assertEquals(PUBLISHED.size(), rows.size());
    for (JsonNode r : rows) {
      String id = r.get("modelId").asText();
      assertNull(r.get("error").textValue(), id);
      double published = PUBLISHED.get(id);
      assertEquals(published, r.get("signatureAccuracy").asDouble(), 5e-5, id + " original signature");
      assertEquals(published, r.get("irAccuracy").asDouble(), 5e-5, id + " imported IR");
      assertEquals(1.0, r.get("agreement").asDouble(), 0.0, id + " agreement");
      assertTrue(r.get("compressibleLayers").asInt() >= 2, id + " layers");
    }
  }

  @Test
  void aBrokenModelIsReportedAndTheOthersStillRun(@TempDir Path dir) throws Exception {
    Path shared = SharedFixtures.root();
    Path catalogue = Files.writeString(dir.resolve("c.yaml"), """
        datasets:
          iris: {format: csv, path: %s/data/iris/iris.csv, label: variety}
        models:
          - id: not-a-model
            path: %s
            evaluation: {dataset: iris, rows: all}
          - id: iris
            path: %s/models/iris-keras-tfx
            evaluation: {dataset: iris, rows: all}
        """.formatted(shared, dir, shared));
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Frontier.commandLine().execute("evaluate", "--catalogue", catalogue.toString());
    } finally {
      System.setOut(old);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(1, code, text);
    assertTrue(text.contains("not-a-model") && text.contains("FAILED") && text.contains("saved_model.pb"), text);
    assertTrue(text.lines().anyMatch(l -> l.startsWith("iris ") && l.contains("0.9600")), text);
  }

  @Test
  void aMissingDatasetFileIsNamedAndSaidToBeMissing(@TempDir Path dir) throws Exception {
    Path shared = SharedFixtures.root();
    Path missing = dir.resolve("moved-away").resolve("iris.csv");
    Path catalogue = Files.writeString(dir.resolve("c.yaml"), """
        datasets:
          iris: {format: csv, path: %s, label: variety}
        models:
          - id: iris
            path: %s/models/iris-keras-tfx
            evaluation: {dataset: iris, rows: all}
        """.formatted(missing, shared));
    CommandRun run = CommandRun.of("evaluate", "--catalogue", catalogue.toString());
    assertEquals(1, run.code(), run.out() + run.err());
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("iris ") && l.contains("FAILED")
        && l.contains("dataset 'iris': " + missing + " does not exist")), run.out());
  }
}
