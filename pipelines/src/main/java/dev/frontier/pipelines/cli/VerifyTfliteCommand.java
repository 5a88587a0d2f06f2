package dev.frontier.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.frontier.pipelines.SweepRecord;
import dev.frontier.pipelines.config.CatalogueLoader;
import dev.frontier.transforms.beam.io.CandidateArtifacts;
import dev.frontier.transforms.beam.io.Locations;
import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.TopOne;
import dev.frontier.transforms.model.ImportRequest;
import dev.frontier.transforms.model.ServingSavedModel;
import dev.frontier.transforms.model.SignaturePredictor;
import dev.frontier.transforms.results.ArtifactManifest;
import dev.frontier.transforms.tflite.LiteRtRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code frontier verify-tflite}: runs every exported .tflite file of a sweep's output on its model's evaluation
 * rows through LiteRT (the TFLite runtime itself, under Node.js; {@link LiteRtRunner}) and records its top-1
 * accuracy and its agreement with the TF artifact beside it (the candidate's saved_model.pb, run by TensorFlow).
 */
@Command(
    name = "verify-tflite",
    mixinStandardHelpOptions = true,
    description = {
      "Run every exported .tflite of a finished sweep through LiteRT and compare it with the TF artifact.",
      "",
      "Reads DIR/artifacts/<model>/<candidate>/manifest.json and model.tflite, the model's evaluation rows",
      "(catalogue recorded in DIR, or --catalogue), runs the file in LiteRT (Node.js + scripts/litert) and,",
      "when the folder holds saved_model.pb, the same rows in TensorFlow. Prints a table and writes",
      "DIR/artifacts/tflite-check.json: per file its bytes, gzip bytes, LiteRT top-1, TF artifact top-1 and",
      "their agreement (share of rows with the same predicted class). DIR must be a local folder."
    })
public final class VerifyTfliteCommand implements Callable<Integer> {
  /** The report's file name under {@code artifacts/}. */
  public static final String REPORT = "tflite-check.json";

  @Option(names = "--results", required = true, description = "Output folder of a finished sweep (local).")
  String results;

  @Option(names = "--catalogue", description = "Catalogue YAML (default: the one the sweep recorded).")
  String catalogue;

  @Option(names = "--rows", description = "Use only the first N evaluation rows of each model (default: all).")
  Integer rows;

  /** One checked file. */
  public record Check(String modelId, String candidateId, String config, String scheme, long tfliteBytes,
      long tfliteGzipBytes, int rows, double litertAccuracy, Double tfArtifactAccuracy, Double agreement) {}

  @Override
  public Integer call() throws Exception {
    String resultsDir = Locations.outputDirectory(results);
    if (Locations.isUrl(resultsDir)) {
      throw new IllegalArgumentException("--results " + results + ": verify-tflite reads local folders only");
    }
    Path artifacts = Path.of(resultsDir, CandidateArtifacts.DIR);
    List<Path> manifests = new ArrayList<>();
    if (Files.isDirectory(artifacts)) {
      try (Stream<Path> s = Files.walk(artifacts, 3)) {
        s.filter(p -> p.getFileName().toString().equals(ArtifactManifest.FILE) && !p.getParent().equals(artifacts))
            .sorted().forEach(manifests::add);
      }
    }
    LiteRtRunner liteRt = LiteRtRunner.locate();
    Catalogue cat = CatalogueLoader.load(catalogue != null ? catalogue : SweepRecord.read(resultsDir).catalogue());
    ModelData data = new ModelData(cat, StagedFiles.create());
    Map<String, Dataset> evaluation = new HashMap<>();
    List<Check> checks = new ArrayList<>();
    for (Path manifestFile : manifests) {
      JsonNode m = ArtifactManifest.JSON.readTree(Files.readString(manifestFile, StandardCharsets.UTF_8));
      JsonNode tflite = m.path("tflite");
      if (tflite.isMissingNode() || tflite.isNull() || tflite.path("file").isNull()) {
        continue;
      }
      Path folder = manifestFile.getParent();
      String modelId = m.path("model_id").asText();
      ModelEntry entry = cat.models().stream().filter(e -> e.id().equals(modelId)).findFirst().orElseThrow(() ->
          new IllegalArgumentException(manifestFile + ": model '" + modelId + "' is not in the catalogue"));
      Dataset eval = evaluation.computeIfAbsent(modelId, id -> {
        Dataset d = data.split(entry).evaluation();
        if (rows != null && rows < d.size()) {
          int[] idx = new int[rows];
          java.util.Arrays.setAll(idx, i -> i);
          d = d.select(d.name() + "-head-" + rows, idx);
        }
        return d;
      });
      byte[] file = Files.readAllBytes(folder.resolve(tflite.path("file").asText()));
      int[] lite = TopOne.argmax(liteRt.run(file, eval.features()));
      Double tfAccuracy = null;
      Double agreement = null;
      if (Files.isRegularFile(folder.resolve(ServingSavedModel.FILE))) {
        ImportRequest request = ImportRequest.builder(modelId, folder).signatureKey(entry.signatureKey())
            .tags(entry.tags()).build();
        try (SignaturePredictor tf = SignaturePredictor.open(request)) {
          int[] tfTop = TopOne.argmax(tf.predict(eval.features(), eval.featureNames()));
          tfAccuracy = TopOne.accuracy(tfTop, eval.labels());
          agreement = TopOne.agreement(lite, tfTop);
        }
      }
      checks.add(new Check(modelId, m.path("candidate_id").asText(), m.path("config").asText(),
          tflite.path("scheme").asText(), tflite.path("bytes").asLong(), tflite.path("gzip_bytes").asLong(),
          eval.size(), TopOne.accuracy(lite, eval.labels()), tfAccuracy, agreement));
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("format", "frontier-tflite-check/1");
    report.put("runtime", "LiteRT (@litertjs/core, WebAssembly, XNNPACK CPU)");
    report.put("checks", checks);
    Files.writeString(artifacts.resolve(REPORT), ArtifactManifest.JSON.writeValueAsString(report) + "\n");
    System.out.println("| model | config | scheme | .tflite bytes | gzip bytes | rows | LiteRT top-1 | TF artifact top-1 | agreement |");
    System.out.println("|---|---|---|---:|---:|---:|---:|---:|---:|");
    for (Check c : checks) {
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %,d | %,d | %d | %.4f | %s | %s |%n", c.modelId(), c.config(),
          c.scheme(), c.tfliteBytes(), c.tfliteGzipBytes(), c.rows(), c.litertAccuracy(),
          c.tfArtifactAccuracy() == null ? "-" : String.format(Locale.ROOT, "%.4f", c.tfArtifactAccuracy()),
          c.agreement() == null ? "-" : String.format(Locale.ROOT, "%.4f", c.agreement()));
    }
    System.out.printf(Locale.ROOT, "%d .tflite files checked; report: %s%n", checks.size(), artifacts.resolve(REPORT));
    return checks.isEmpty() ? 1 : 0;
  }
}
