package dev.frontier.pipelines.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.config.SubsetSpec;
import dev.frontier.transforms.config.TrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueLoaderTest {
  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("sub/catalogue.yaml");
    Files.createDirectories(file.getParent());
    return Files.writeString(file, yaml);
  }

  private static final String VALID = """
      datasets:
        digits: {format: idx, images: data/i.gz, labels: data/l.gz, scale: 0.5}
        table: {format: csv, path: t.csv, label: y}
      models:
        - id: a
          path: ../models/a
          evaluation: {dataset: digits, rows: all}
          calibration: {dataset: digits, rows: 100, seed: 7}
          expected_accuracy: 0.9
        - id: b
          path: /abs/b
          signature: serve_fn
          trusted: true
          evaluation: {dataset: table, rows: 20}
      """;

  @Test
  void resolvesPathsAgainstTheFileAndFillsDefaults() throws IOException {
    Catalogue c = CatalogueLoader.load(write(VALID));
    ModelEntry a = c.models().get(0);
    assertEquals(dir.resolve("models/a").toString(), a.savedModelDir());
    assertEquals("serving_default", a.signatureKey());
    assertEquals(SubsetSpec.ALL_ROWS, a.evaluation().rows());
    assertEquals(7L, a.calibration().seed());
    assertEquals(0.9, a.expectedAccuracy(), 0.0);
    assertFalse(a.trusted());
    assertEquals(dir.resolve("sub/data/i.gz").toString(), c.dataset(a.evaluation()).images().orElseThrow());
    assertEquals(0.5, c.dataset(a.evaluation()).preprocessing().scale(), 0.0);
    ModelEntry b = c.models().get(1);
    assertEquals("/abs/b", b.savedModelDir());
    assertEquals("serve_fn", b.signatureKey());
    assertTrue(b.trusted());
    assertEquals(20, b.evaluation().rows());
    assertEquals(null, b.calibration());
  }

  @Test
  void urlLocationsAreKeptAndRelativePathsStillResolve() throws IOException {
    Catalogue c = CatalogueLoader.load(write(VALID
        .replace("path: /abs/b", "path: gs://bucket/models/b")
        .replace("path: t.csv", "path: hdfs://namenode:8020/data/t.csv")
        .replace("labels: data/l.gz", "labels: file:///data/l.gz")));
    ModelEntry a = c.models().get(0);
    ModelEntry b = c.models().get(1);
    assertEquals("gs://bucket/models/b", b.savedModelDir());
    assertEquals("hdfs://namenode:8020/data/t.csv", c.dataset(b.evaluation()).path().orElseThrow());
    assertEquals("file:///data/l.gz", c.dataset(a.evaluation()).labels().orElseThrow());
    assertEquals(dir.resolve("models/a").toString(), a.savedModelDir());
    assertEquals(dir.resolve("sub/data/i.gz").toString(), c.dataset(a.evaluation()).images().orElseThrow());
  }

  @Test
  void aCatalogueReadByUrlResolvesRelativePathsAgainstItsFolder() throws IOException {
    Path file = write(VALID.replace("path: /abs/b", "path: gs://bucket/models/b"));
    String url = "file://" + file;

    Catalogue c = CatalogueLoader.load(url);

    assertEquals(url, c.source());
    ModelEntry a = c.models().get(0);
    assertEquals("file://" + dir.resolve("models/a"), a.savedModelDir());
    assertEquals("file://" + dir.resolve("sub/data/i.gz"), c.dataset(a.evaluation()).images().orElseThrow());
    assertEquals("gs://bucket/models/b", c.models().get(1).savedModelDir());
    assertEquals(0.9, a.expectedAccuracy(), 0.0, "the rest is read as from a local file");
  }

  @Test
  void aMissingOrUnservedCatalogueUrlIsNamed() {
    String missing = "file://" + dir.resolve("nope.yaml");
    IOException e = assertThrows(IOException.class, () -> CatalogueLoader.load(missing));
    assertTrue(e.getMessage().contains(missing), e.getMessage());
    IllegalArgumentException scheme = assertThrows(IllegalArgumentException.class,
        () -> CatalogueLoader.load("nope://host/catalogue.yaml"));
    assertTrue(scheme.getMessage().contains("'nope'"), scheme.getMessage());
  }

  @Test
  void unknownKeyIsNamed() throws IOException {
    Path f = write(VALID.replace("signature: serve_fn", "signatur: serve_fn"));
    var e = assertThrows(IllegalArgumentException.class, () -> CatalogueLoader.load(f));
    assertTrue(e.getMessage().contains("signatur"), e.getMessage());
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
  }

  @Test
  void trainingRowsFillDefaultsAndMustNotBeTheEvaluationDataset() throws IOException {
    ModelEntry b = CatalogueLoader.load(write(VALID.replace("evaluation: {dataset: table, rows: 20}",
        "evaluation: {dataset: table, rows: 20}\n    training: {dataset: digits, epochs: 2}"))).models().get(1);
    assertEquals("digits", b.training().dataset());
    assertEquals(TrainingSpec.DEFAULT_ROWS, b.training().rows());
    assertEquals(2, b.training().epochs());
    assertEquals(TrainingSpec.DEFAULT_LEARNING_RATE, b.training().learningRate(), 0.0);
    assertEquals(null, CatalogueLoader.load(write(VALID)).models().get(1).training());
    Path same = write(VALID.replace("evaluation: {dataset: table, rows: 20}",
        "evaluation: {dataset: table, rows: 20}\n    training: {dataset: table, rows: all}"));
    var e = assertThrows(IllegalArgumentException.class, () -> CatalogueLoader.load(same));
    assertTrue(e.getMessage().contains("model 'b': training names dataset 'table', the one it is evaluated on"),
        e.getMessage());
    Path bad = write(VALID.replace("evaluation: {dataset: table, rows: 20}",
        "evaluation: {dataset: table, rows: 20}\n    training: {dataset: digits, learning_rate: 3}"));
    e = assertThrows(IllegalArgumentException.class, () -> CatalogueLoader.load(bad));
    assertTrue(e.getMessage().contains("training.learning_rate must be in (0, 1), got 3.0"), e.getMessage());
  }

  @Test
  void undeclaredDatasetIsNamed() throws IOException {
    Path f = write(VALID.replace("{dataset: table, rows: 20}", "{dataset: tabel, rows: 20}"));
    var e = assertThrows(IllegalArgumentException.class, () -> CatalogueLoader.load(f));
    assertTrue(e.getMessage().contains("model 'b'") && e.getMessage().contains("'tabel'"), e.getMessage());
  }

  @Test
  void badRowsAndDuplicateIdsAndMissingFieldsAreErrors() throws IOException {
    Path rows = write(VALID.replace("rows: 20", "rows: many"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CatalogueLoader.load(rows))
        .getMessage().contains("'many'"));
    Path dup = write(VALID.replace("id: b", "id: a"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CatalogueLoader.load(dup))
        .getMessage().contains("'a' appears twice"));
    Path noLabel = write(VALID.replace(", label: y", ""));
    var e = assertThrows(IllegalArgumentException.class, () -> CatalogueLoader.load(noLabel));
    assertTrue(e.getMessage().contains("'table'") && e.getMessage().contains("label"), e.getMessage());
    Path noPath = write(VALID.replace("    path: /abs/b\n", ""));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CatalogueLoader.load(noPath))
        .getMessage().contains("'path' is required"));
  }

  @Test
  void missingFileIsAnIoError() {
    assertThrows(IOException.class, () -> CatalogueLoader.load(dir.resolve("nope.yaml")));
  }
}
