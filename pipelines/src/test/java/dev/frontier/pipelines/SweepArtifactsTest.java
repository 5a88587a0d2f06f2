package dev.frontier.pipelines;

import static dev.frontier.pipelines.TinySweep.num;
import static dev.frontier.pipelines.TinySweep.read;
import static dev.frontier.pipelines.TinySweep.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.PredictorIo;
import dev.frontier.transforms.model.Sha256;
import dev.frontier.transforms.model.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/**
 * The tiny sweep's shipped answer ({@link TinySweep#directRun}): every front and chosen candidate is written as
 * a SavedModel with its manifest, loads with TF Java's {@link SavedModelBundle} alone and scores exactly its
 * row's accuracy on the model's evaluation rows; {@code frontier export} rebuilds the same bytes, refuses a
 * changed source model and unknown ids with messages that list what exists; {@code frontier evaluate}
 * pointed at the exported artifacts reproduces them.
 */
class SweepArtifactsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static TinySweep.Run run;
  static List<GenericRecord> results;

  @TempDir Path temp;

  @BeforeAll
  static void sweep() throws IOException {
    run = TinySweep.directRun();
    results = read(run.out(), "results");
  }

  @Test
  void everyFrontAndChosenCandidateIsExportedWithItsManifest() throws IOException {
    int exported = 0;
    for (GenericRecord r : results) {
      boolean selected = (Boolean) r.get("on_front") || (Boolean) r.get("chosen");
      String id = str(r, "model_id") + " " + str(r, "config");
      if (!selected) {
        assertNull(r.get("artifact_path"), id + ": export 'front' writes only front and chosen candidates");
        continue;
      }
      exported++;
      Path folder = Path.of(str(r, "artifact_path"));
      assertEquals(run.out().resolve("artifacts").resolve(str(r, "model_id")).resolve(str(r, "candidate_id")),
          folder, id);
      byte[] pb = Files.readAllBytes(folder.resolve("saved_model.pb"));
      assertEquals(num(r, "artifact_bytes"), pb.length, id + ": artifact_bytes is the file's size");
      assertEquals(str(r, "graph_sha256"),
          Sha256.hex(SavedModel.parseFrom(pb).getMetaGraphs(0).getGraphDef().toByteArray()),
          id + ": the artifact holds the measured graph");
      assertEquals(num(r, "size_bytes"),
          SavedModel.parseFrom(pb).getMetaGraphs(0).getGraphDef().getSerializedSize(), id + ": size_bytes");
      JsonNode m = JSON.readTree(folder.resolve("manifest.json").toFile());
      assertEquals(Sha256.hex(pb), m.at("/artifact/sha256").asText(), id);
      assertEquals(pb.length, m.at("/artifact/bytes").asLong(), id);
      assertEquals(str(r, "candidate_id"), m.get("candidate_id").asText(), id);
      assertEquals(str(r, "config"), m.get("config").asText(), id);
      assertEquals(num(r, "accuracy"), m.at("/metrics/accuracy").asDouble(), 0.0, id);
      assertEquals(num(r, "evaluation_rows"), m.at("/metrics/evaluation_rows").asInt(), id);
      assertEquals(r.get("chosen"), m.at("/selection/chosen").asBoolean(), id);
      assertEquals(str(r, "quantization").equals("int8") ? "1" : null,
          m.at("/serving/environment/TF_ENABLE_ONEDNN_OPTS").textValue(),
          id + ": only the full-integer artifact needs oneDNN");
      assertFalse(m.at("/measured_with/tensorflow_version").asText().isEmpty(), id);
      assertEquals(1, m.at("/measured_with/latency_intra_op_threads").asInt(-1), id + ": timed on one thread, as the build sets it");
    }
    assertTrue(exported >= 2, "at least each model's chosen candidate");
  }

  @Test
  void sweepManifestListsEveryArtifactAndEachModelsChosenOne() throws IOException {
    JsonNode m = JSON.readTree(run.out().resolve("artifacts/manifest.json").toFile());
    assertEquals("front", m.get("export").asText());
    Set<String> listed = new TreeSet<>();
    m.get("artifacts").forEach(a -> {
      listed.add(a.get("candidate_id").asText());
      assertTrue(Files.isRegularFile(run.out().resolve("artifacts").resolve(a.get("manifest").asText())), a.toString());
    });
    Set<String> exported = results.stream().filter(r -> r.get("artifact_path") != null)
        .map(r -> str(r, "candidate_id")).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(exported, listed);
    for (GenericRecord r : results) {
      if ((Boolean) r.get("chosen")) {
        assertEquals(str(r, "model_id") + "/" + str(r, "candidate_id"), m.at("/chosen/" + str(r, "model_id")).asText());
      }
    }
  }

  @Test
  void exportedArtifactsScoreTheirRowsAccuracyWhenLoadedAlone() throws IOException {
    ModelData data = new ModelData(run.sweep().catalogue, StagedFiles.create());
    int checked = 0;
    for (GenericRecord r : results) {
      if (r.get("artifact_path") == null) {
        continue;
      }
      ModelEntry entry = run.sweep().catalogue.models().stream()
          .filter(e -> e.id().equals(str(r, "model_id"))).findFirst().orElseThrow();
      Dataset eval = data.split(entry).evaluation();
      double accuracy = loadedAccuracy(Path.of(str(r, "artifact_path")), entry, eval);
      String id = str(r, "model_id") + " " + str(r, "config");
      assertEquals(num(r, "artifact_accuracy"), accuracy, 0.0, id);
      if (!str(r, "quantization").equals("int8")) {
        assertEquals(num(r, "accuracy"), accuracy, 0.0, id + ": one graph, measured and shipped");
      }
      checked++;
    }
    assertTrue(checked >= 2, "checked " + checked);
  }

  @Test
  void exportCommandRebuildsTheSweepsBytesForAnyMeasuredCandidate() throws Exception {
    GenericRecord chosen = results.stream().filter(r -> (Boolean) r.get("chosen") && str(r, "model_id").equals("mlp"))
        .findFirst().orElseThrow();
    Path to = temp.resolve("chosen");
    CommandRun cli = CommandRun.of("export", "--results", run.out().toString(), "--model", "mlp", "--chosen",
        "--to", to.toString());
    assertEquals(0, cli.code(), cli.err());
    assertArrayEquals(Files.readAllBytes(Path.of(str(chosen, "artifact_path"), "saved_model.pb")),
        Files.readAllBytes(to.resolve("saved_model.pb")));
    assertTrue(cli.out().contains(str(chosen, "candidate_id")), cli.out());

    // A candidate the sweep did not export (or, if every one was, any calibrated one) comes out the same twice.
    GenericRecord other = results.stream().filter(r -> str(r, "model_id").equals("mlp")
            && (r.get("artifact_path") == null || str(r, "quantization").equals("int8")))
        .findFirst().orElseThrow();
    byte[] first = null;
    for (String name : List.of("a", "b")) {
      Path out = temp.resolve(name);
      CommandRun c = CommandRun.of("export", "--results", run.out().toString(), "--model", "mlp",
          "--candidate", str(other, "candidate_id"), "--to", out.toString());
      assertEquals(0, c.code(), c.err());
      byte[] pb = Files.readAllBytes(out.resolve("saved_model.pb"));
      assertEquals(str(other, "graph_sha256"),
          Sha256.hex(SavedModel.parseFrom(pb).getMetaGraphs(0).getGraphDef().toByteArray()));
      if (first != null) {
        assertArrayEquals(first, pb, "two exports of " + str(other, "config"));
      }
      first = pb;
    }
  }

  @Test
  void exportCommandRefusesUnknownIdsAndAChangedSourceModel() throws Exception {
    String resultsDir = run.out().toString();
    CommandRun unknownModel = CommandRun.of("export", "--results", resultsDir, "--model", "nope", "--chosen", "--to",
        temp.resolve("x").toString());
    assertEquals(2, unknownModel.code());
    assertTrue(unknownModel.err().contains("no model 'nope'") && unknownModel.err().contains("mlp")
        && unknownModel.err().contains("iris"), unknownModel.err());

    CommandRun unknownCandidate = CommandRun.of("export", "--results", resultsDir, "--model", "mlp",
        "--candidate", "0123456789abcdef",
        "--to", temp.resolve("y").toString());
    assertEquals(2, unknownCandidate.code());
    String someId = str(results.stream().filter(r -> str(r, "model_id").equals("mlp")).findFirst().orElseThrow(),
        "candidate_id");
    assertTrue(unknownCandidate.err().contains("no candidate '0123456789abcdef'")
        && unknownCandidate.err().contains(someId), unknownCandidate.err());

    // The catalogue now points 'mlp' at another model: the rebuilt candidate is not the one measured.
    String catalogue = Files.readString(run.dir().resolve("catalogue.yaml"))
        .replace("models/mnist-mlp-csdai0324", "models/mnist-mlp-hritikvalluvar");
    Path changed = Files.writeString(temp.resolve("changed.yaml"), catalogue);
    Path to = temp.resolve("z");
    CommandRun changedSource = CommandRun.of("export", "--results", resultsDir, "--model", "mlp", "--chosen",
        "--to", to.toString(),
        "--catalogue", changed.toString());
    assertEquals(2, changedSource.code());
    assertTrue(changedSource.err().contains("has changed since the sweep"), changedSource.err());
    assertFalse(Files.exists(to.resolve("saved_model.pb")), "nothing is written");

    Files.createDirectories(to);
    Files.writeString(to.resolve("keep.txt"), "x");
    CommandRun notEmpty = CommandRun.of("export", "--results", resultsDir, "--model", "mlp", "--chosen",
        "--to", to.toString());
    assertEquals(2, notEmpty.code());
    assertTrue(notEmpty.err().contains("is not empty"), notEmpty.err());
  }

  @Test
  void evaluateOnTheExportedArtifactsReproducesTheirAccuracy() throws Exception {
    List<GenericRecord> exported = results.stream()
        .filter(r -> r.get("artifact_path") != null && str(r, "model_id").equals("mlp")).toList();
    // The same dataset and subsets as the sweep's 'mlp' entry, so evaluation draws the same rows.
    StringBuilder yaml = new StringBuilder(Files.readString(run.dir().resolve("catalogue.yaml")));
    yaml.setLength(yaml.indexOf("models:"));
    yaml.append("models:\n");
    for (GenericRecord r : exported) {
      yaml.append("  - id: ").append(str(r, "candidate_id")).append("\n    path: ").append(str(r, "artifact_path"))
          .append("\n    evaluation: {dataset: mnist, rows: 1000, seed: 1}")
          .append("\n    calibration: {dataset: mnist, rows: 200, seed: 1}\n");
    }
    Path catalogue = Files.writeString(temp.resolve("artifacts.yaml"), yaml);
    CommandRun c = CommandRun.of("evaluate", "--catalogue", catalogue.toString(), "--json");
    assertEquals(0, c.code(), c.err());
    Map<String, JsonNode> byId = new HashMap<>();
    JSON.readTree(c.out()).forEach(n -> byId.put(n.get("modelId").asText(), n));
    for (GenericRecord r : exported) {
      JsonNode n = byId.get(str(r, "candidate_id"));
      assertEquals(num(r, "artifact_accuracy"), n.get("signatureAccuracy").asDouble(), 0.0, str(r, "config"));
      assertEquals(num(r, "artifact_accuracy"), n.get("irAccuracy").asDouble(), 0.0, str(r, "config"));
    }
  }

  /**
   * Top-1 accuracy of the SavedModel in {@code folder} on {@code eval}, through TF Java alone: load, feed the
   * signature's input, fetch its output (rows are encoded as the sweep feeds them, e.g. tf.Examples for Iris).
   */
  private static double loadedAccuracy(Path folder, ModelEntry entry, Dataset eval) {
    try (SavedModelBundle bundle = SavedModelBundle.load(folder.toString(), "serve")) {
      SignatureDef sig = bundle.metaGraphDef().getSignatureDefOrThrow(entry.signatureKey());
      var input = sig.getInputsMap().entrySet().iterator().next();
      var output = sig.getOutputsMap().entrySet().stream()
          .filter(o -> entry.outputKey() == null || o.getKey().equals(entry.outputKey()))
          .sorted(Map.Entry.comparingByKey()).findFirst().orElseThrow();
      TensorInfo in = input.getValue();
      TensorSpec spec = new TensorSpec(input.getKey(), in.getName(), in.getDtype(),
          in.getTensorShape().getUnknownRank() ? null
              : in.getTensorShape().getDimList().stream().mapToLong(d -> d.getSize()).toArray());
      int correct = 0;
      float[][] rows = eval.features();
      for (int start = 0; start < rows.length; start += 250) {
        float[][] batch = Arrays.copyOfRange(rows, start, Math.min(rows.length, start + 250));
        try (Tensor t = PredictorIo.inputTensor("artifact", spec, batch, eval.featureNames());
            Result result = bundle.session().runner().feed(in.getName(), t).fetch(output.getValue().getName()).run()) {
          TFloat32 scores = (TFloat32) result.get(0);
          for (int i = 0; i < batch.length; i++) {
            int best = 0;
            for (int c = 1; c < scores.shape().size(1); c++) {
              best = scores.getFloat(i, c) > scores.getFloat(i, best) ? c : best;
            }
            correct += best == eval.labels()[start + i] ? 1 : 0;
          }
        }
      }
      return (double) correct / rows.length;
    }
  }

}
