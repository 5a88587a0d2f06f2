package dev.frontier.pipelines;

import static dev.frontier.pipelines.TinySweep.read;
import static dev.frontier.pipelines.TinySweep.str;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.pipelines.config.CatalogueLoader;
import dev.frontier.pipelines.config.SweepLoader;
import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.beam.io.StagedFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalogue on "shared storage": the same tiny Iris sweep run once from plain paths and once through
 * {@code frontier sweep} with the catalogue file, the SavedModel, the dataset and {@code --output} as
 * {@code file://} URLs, read through Beam's {@code LocalFileSystem} exactly as a {@code gs://} or
 * {@code hdfs://} location would be. The URL catalogue also names a model whose URL does not exist.
 */
class SharedStorageSweepTest {
  @TempDir static Path dir;
  static Path stagingDir;
  static String missingModelUrl;
  static int exitCode;
  static String stdout;
  static List<GenericRecord> plainResults;
  static List<GenericRecord> plainFailures;
  static List<GenericRecord> urlResults;
  static List<GenericRecord> urlFailures;
  static Path urlOut;

  /** Float, int8-weight and calibrated full-integer int8: three candidates of one small model. */
  static final String SWEEP = """
      quantization:
        - method: int8-weight
          granularity: per-channel
        - method: int8
          granularity: per-tensor
          calibration: minmax
          calibration_samples: 50
      accuracy_budget_pp: 1.0
      latency: {warmup_runs: 1, rounds: 3}
      """;

  @BeforeAll
  static void runPlainAndUrlSweeps() throws Exception {
    Path shared = SharedFixtures.root();
    Path sweep = Files.writeString(dir.resolve("sweep.yaml"), SWEEP);

    Path plain = Files.writeString(dir.resolve("plain.yaml"), """
        datasets:
          iris: {format: csv, path: %1$s/data/iris/iris.csv, label: variety}
        models:
          - id: iris
            path: %1$s/models/iris-keras-tfx
            evaluation: {dataset: iris, rows: all}
            calibration: {dataset: iris, rows: 100, seed: 1}
        """.formatted(shared));
    Path plainOut = dir.resolve("plain-out");
    Sweep.run(PipelineOptionsFactory.create(), CatalogueLoader.load(plain), SweepLoader.load(sweep),
        plainOut.toString());
    plainResults = read(plainOut, "results");
    plainFailures = read(plainOut, "failures");

    // The dataset path is relative: it resolves against the catalogue URL's folder into a file:// URL.
    Path remote = Files.createDirectories(dir.resolve("remote"));
    String relativeCsv = remote.relativize(shared.resolve("data/iris/iris.csv")).toString();
    missingModelUrl = "file://" + dir.resolve("remote/no-such-model");
    Files.writeString(remote.resolve("catalogue.yaml"), """
        datasets:
          iris: {format: csv, path: %2$s, label: variety}
        models:
          - id: lost
            path: %3$s
            evaluation: {dataset: iris, rows: all}
          - id: iris
            path: file://%1$s/models/iris-keras-tfx
            evaluation: {dataset: iris, rows: all}
            calibration: {dataset: iris, rows: 100, seed: 1}
        """.formatted(shared, relativeCsv, missingModelUrl));
    urlOut = dir.resolve("url-out");
    stagingDir = dir.resolve("staging");
    System.setProperty(StagedFiles.STAGING_DIR_PROPERTY, stagingDir.toString());
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      exitCode = Frontier.commandLine().execute("sweep",
          "--catalogue", "file://" + remote.resolve("catalogue.yaml"),
          "--sweep", sweep.toString(),
          "--output", "file://" + urlOut);
    } finally {
      System.setOut(old);
    }
    stdout = out.toString(StandardCharsets.UTF_8);
    urlResults = read(urlOut, "results");
    urlFailures = read(urlOut, "failures");
  }

  @AfterAll
  static void forgetStagingDir() {
    System.clearProperty(StagedFiles.STAGING_DIR_PROPERTY);
  }

  @Test
  void urlCatalogueGivesTheSameRowsAsPlainPaths() {
    assertEquals(List.of(), plainFailures.stream().map(f -> str(f, "message")).toList());
    assertEquals(3, plainResults.size(), "float, int8-weight and int8 of the Iris model");
    Map<String, GenericRecord> plain = byCandidate(plainResults);
    Map<String, GenericRecord> viaUrls = byCandidate(urlResults);
    assertEquals(plain.keySet(), viaUrls.keySet(), "the same candidates (ids hash the model's content)");
    for (var e : plain.entrySet()) {
      GenericRecord other = viaUrls.get(e.getKey());
      for (var field : e.getValue().getSchema().getFields()) {
        if (!RunnersAgreeTest.timingDependent(field.name())) {
          assertEquals(String.valueOf(e.getValue().get(field.name())), String.valueOf(other.get(field.name())),
              str(e.getValue(), "config") + " " + field.name());
        }
      }
    }
    assertTrue(viaUrls.values().stream().allMatch(r -> ((Number) r.get("accuracy")).doubleValue() > 0.9),
        "the staged model and data really ran: " + urlResults);
  }

  @Test
  void urlOutputGetsTheSameArtifactsAndExportReadsItBack() throws Exception {
    Map<String, Path> plain = RunnersAgreeTest.exported(plainResults);
    Map<String, Path> viaUrls = RunnersAgreeTest.exported(urlResults);
    GenericRecord chosen = urlResults.stream().filter(r -> (Boolean) r.get("chosen")).findFirst().orElseThrow();
    String chosenId = str(chosen, "candidate_id");
    assertTrue(plain.containsKey(chosenId) && viaUrls.containsKey(chosenId), "the chosen candidate is exported");
    for (String id : viaUrls.keySet()) {
      assertTrue(viaUrls.get(id).startsWith(urlOut), viaUrls.get(id) + " is under the URL output");
      if (plain.containsKey(id)) {
        assertArrayEquals(Files.readAllBytes(plain.get(id).resolve("saved_model.pb")),
            Files.readAllBytes(viaUrls.get(id).resolve("saved_model.pb")), id);
      }
    }
    assertTrue(Files.isRegularFile(urlOut.resolve("artifacts/manifest.json")));

    Path to = dir.resolve("exported-via-url");
    CommandRun export = CommandRun.of("export", "--results", "file://" + urlOut, "--model", "iris", "--chosen",
        "--to", "file://" + to);
    assertEquals(0, export.code(), export.err());
    assertArrayEquals(Files.readAllBytes(viaUrls.get(chosenId).resolve("saved_model.pb")),
        Files.readAllBytes(to.resolve("saved_model.pb")));
  }

  @Test
  void aMissingModelUrlIsAFailureRecordAndTheOtherModelIsStillWritten() {
    assertEquals(1, exitCode, "a model failed; stdout: " + stdout);
    assertEquals(1, urlFailures.size(), urlFailures.toString());
    GenericRecord f = urlFailures.get(0);
    assertEquals("lost", str(f, "model_id"));
    assertEquals("ImportModel", str(f, "stage"));
    assertTrue(str(f, "message").contains("model 'lost'") && str(f, "message").contains(missingModelUrl),
        str(f, "message"));
    assertEquals(Set.of("iris"), urlResults.stream().map(r -> str(r, "model_id")).collect(Collectors.toSet()));
  }

  @Test
  void theModelAndTheDatasetAreStagedOnceAndTheOutputIsComplete() throws IOException {
    List<Path> staged;
    Path jvmDir = stagingDir.resolve("jvm-" + ProcessHandle.current().pid());
    try (Stream<Path> s = Files.list(jvmDir)) {
      staged = s.sorted().toList();
    }
    assertEquals(2, staged.size(), "the SavedModel directory and iris.csv, nothing else: " + staged);
    assertTrue(staged.stream().anyMatch(p -> Files.isRegularFile(p.resolve("saved_model.pb"))
        && Files.isDirectory(p.resolve("variables"))), staged.toString());
    assertTrue(staged.stream().anyMatch(p -> Files.isRegularFile(p.resolve("iris.csv"))), staged.toString());
    assertTrue(stdout.contains("## iris"), "summary.md read back through FileSystems: " + stdout);
    assertTrue(Files.isRegularFile(urlOut.resolve("summary.md")));
    assertTrue(Files.isRegularFile(urlOut.resolve("report.html")), "report.html written through FileSystems");
    try (Stream<Path> s = Files.list(urlOut.resolve("candidates"))) {
      assertEquals(urlResults.size(), s.count(), "one checkpoint per candidate, under the file:// output");
    }
    try (Stream<Path> s = Files.list(urlOut)) {
      List<String> names = s.map(p -> p.getFileName().toString()).sorted().toList();
      assertFalse(names.stream().anyMatch(n -> n.startsWith(".temp")), "no temporary directory left: " + names
          + (names.contains(".temp-beam") ? " holding " + listing(urlOut.resolve(".temp-beam")) : ""));
    }
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  private static Map<String, GenericRecord> byCandidate(List<GenericRecord> rows) {
    return rows.stream().collect(Collectors.toMap(r -> str(r, "candidate_id"), r -> r));
  }
}
