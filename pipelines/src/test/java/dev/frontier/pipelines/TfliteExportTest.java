package dev.frontier.pipelines;

import static dev.frontier.pipelines.TinySweep.read;
import static dev.frontier.pipelines.TinySweep.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.model.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code frontier export --format tflite} and {@code frontier verify-tflite} on the tiny sweep's candidates
 * ({@link TinySweep#directRun}): the written .tflite is listed in the manifest with its SHA-256 and runtime,
 * LiteRT runs it on the model's evaluation rows and agrees with the TF artifact, and a full-integer candidate
 * that keeps a layer float has that layer float in the file.
 */
class TfliteExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static TinySweep.Run run;
  static List<GenericRecord> results;

  @TempDir Path temp;

  @BeforeAll
  static void sweep() throws IOException {
    assumeTrue(SharedFixtures.available(), "shared models absent");
    run = TinySweep.directRun();
    results = read(run.out(), "results");
  }

  private static GenericRecord mlp(String config) {
    return results.stream().filter(r -> str(r, "model_id").equals("mlp") && str(r, "config").equals(config))
        .findFirst().orElseThrow(() -> new AssertionError("no mlp row " + config));
  }

  @Test
  void exportWritesTheTfliteFileAndVerifyRunsItInLiteRt() throws Exception {
    GenericRecord int8 = mlp("int8{granularity=per-channel}@minmax/100");
    Path folder = temp.resolve("results").resolve("artifacts").resolve("mlp").resolve(str(int8, "candidate_id"));
    CommandRun cli = CommandRun.of("export", "--results", run.out().toString(), "--model", "mlp",
        "--candidate", str(int8, "candidate_id"), "--to", folder.toString(), "--format", "savedmodel,tflite");
    assertEquals(0, cli.code(), cli.err());
    assertTrue(cli.out().contains("model.tflite"), cli.out());
    byte[] tflite = Files.readAllBytes(folder.resolve("model.tflite"));
    JsonNode m = JSON.readTree(folder.resolve("manifest.json").toFile());
    assertEquals(Sha256.hex(tflite), m.at("/artifact/files/model.tflite/sha256").asText());
    assertEquals("litert", m.at("/artifact/files/model.tflite/runtime").asText());
    assertEquals("tensorflow", m.at("/artifact/files/saved_model.pb/runtime").asText());
    assertEquals(tflite.length, m.at("/tflite/bytes").asLong());
    assertEquals("int8{granularity=per-channel}", m.at("/tflite/scheme").asText());

    CommandRun verify = CommandRun.of("verify-tflite", "--results", temp.resolve("results").toString(),
        "--catalogue", run.dir().resolve("catalogue.yaml").toString());
    assertEquals(0, verify.code(), verify.err());
    JsonNode report = JSON.readTree(temp.resolve("results").resolve("artifacts").resolve("tflite-check.json").toFile());
    JsonNode check = report.at("/checks/0");
    assertEquals(1000, check.get("rows").asInt());
    assertEquals(TinySweep.num(int8, "artifact_accuracy"), check.get("tf_artifact_accuracy").asDouble(), 1e-9,
        "the TF artifact scores its row's accuracy");
    assertTrue(check.get("agreement").asDouble() >= 0.99, check.toString());
    assertTrue(Math.abs(check.get("litert_accuracy").asDouble() - TinySweep.num(int8, "float_accuracy")) <= 0.01,
        check.toString());
  }

  @Test
  void tfliteAloneLeavesTheSavedModelOut() throws Exception {
    GenericRecord fp = mlp("int8-weight{granularity=per-channel}+magnitude{sparsity=0.5, scope=global}");
    Path to = temp.resolve("only");
    CommandRun cli = CommandRun.of("export", "--results", run.out().toString(), "--model", "mlp",
        "--candidate", str(fp, "candidate_id"), "--to", to.toString(), "--format", "tflite");
    assertEquals(0, cli.code(), cli.err());
    assertTrue(Files.exists(to.resolve("model.tflite")));
    assertFalse(Files.exists(to.resolve("saved_model.pb")));
    JsonNode m = JSON.readTree(to.resolve("manifest.json").toFile());
    assertEquals(List.of("model.tflite"), iterable(m.at("/artifact/files")));
    assertEquals(Files.size(to.resolve("model.tflite")), m.at("/artifact/bytes").asLong());
  }

  @Test
  void aCandidateWithAFloatLayerKeepsItFloatInTheFile() throws Exception {
    GenericRecord mixed = results.stream().filter(r -> str(r, "model_id").equals("mlp")
        && str(r, "config").contains("keep-float-")).findFirst().orElse(null);
    assumeTrue(mixed != null, "the tiny sweep has no keep-float candidate");
    Path to = temp.resolve("mixed");
    CommandRun cli = CommandRun.of("export", "--results", run.out().toString(), "--model", "mlp",
        "--candidate", str(mixed, "candidate_id"), "--to", to.toString(), "--format", "tflite");
    assertEquals(0, cli.code(), cli.err());
    JsonNode m = JSON.readTree(to.resolve("manifest.json").toFile());
    String floatLayer = m.at("/artifact/float_layers/0").asText();
    assertFalse(floatLayer.isEmpty(), m.toString());
    assertTrue(m.at("/tflite/scheme").asText().contains("floatLayers=[" + floatLayer + "]"), m.at("/tflite").toString());
    byte[] file = Files.readAllBytes(to.resolve("model.tflite"));
    dev.frontier.transforms.data.Dataset rows = SharedFixtures.mnistHead(1000);
    int[] top = dev.frontier.transforms.measure.TopOne.argmax(
        dev.frontier.transforms.tflite.LiteRtRunner.locate().run(file, rows.features()));
    double accuracy = dev.frontier.transforms.measure.TopOne.accuracy(top, rows.labels());
    assertTrue(accuracy >= TinySweep.num(mixed, "float_accuracy") - 0.02, "LiteRT top-1 " + accuracy);
  }

  private static List<String> iterable(JsonNode object) {
    List<String> names = new java.util.ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
