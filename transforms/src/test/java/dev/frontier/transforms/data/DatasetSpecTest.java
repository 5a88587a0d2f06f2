package dev.frontier.transforms.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class DatasetSpecTest {
  private static void assertProblem(Supplier<DatasetSpec.Builder> spec, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spec.get().build());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }
  }

  private static DatasetSpec.Builder csv() {
    return DatasetSpec.builder("iris").format("csv").path("iris.csv").label("variety");
  }

  @Test
  void withLocationsReplacesEveryFileAndKeepsTheRest() {
    DatasetSpec idx = DatasetSpec.builder("digits").format("idx").images("gs://b/i.gz").labels("gs://b/l.gz")
        .preprocessing(Preprocessing.builder().scale(0.5).build()).build();
    assertEquals(List.of("gs://b/i.gz", "gs://b/l.gz"), idx.locations());
    DatasetSpec local = idx.withLocations(l -> "/stage/" + l.substring(l.lastIndexOf('/') + 1));
    assertEquals(List.of("/stage/i.gz", "/stage/l.gz"), local.locations());
    assertEquals(idx.withLocations(l -> l), idx);
    assertEquals(idx.preprocessing(), local.preprocessing());

    DatasetSpec records = DatasetSpec.builder("ex").format("tfrecord").files(List.of("a.tfr", "b.tfr"))
        .label("y").features(List.of("x")).build();
    assertEquals(List.of("A.TFR", "B.TFR"), records.withLocations(String::toUpperCase).files());
    assertEquals(List.of("x"), records.withLocations(String::toUpperCase).features());
  }

  @Test
  void csvDefaults() {
    DatasetSpec s = csv().build();
    assertEquals("iris", s.name());
    assertEquals(DatasetSpec.Format.CSV, s.format());
    assertEquals(Optional.of("iris.csv"), s.path());
    assertEquals(Optional.of("variety"), s.label());
    assertTrue(s.features().isEmpty() && s.classes().isEmpty() && s.files().isEmpty());
    assertEquals(Optional.empty(), s.images());
    assertEquals(Preprocessing.NONE, s.preprocessing());
  }

  @Test
  void idxAndTfrecordEntries() {
    DatasetSpec idx = DatasetSpec.builder("mnist").format(DatasetSpec.Format.IDX).images("i.gz").labels("l.gz")
        .preprocessing(Preprocessing.builder().scale(1.0 / 255).rowShape(28, 28).build()).build();
    assertEquals(Optional.of("l.gz"), idx.labels());
    assertEquals(1.0 / 255, idx.preprocessing().scale());
    DatasetSpec tfr = DatasetSpec.builder("t").format("TFRecord").files(List.of("a", "b")).label("y")
        .features(List.of("x")).build();
    assertEquals(List.of("a", "b"), tfr.files());
  }

  @Test
  void missingFieldsAreNamed() {
    assertProblem(() -> DatasetSpec.builder(" "), "field 'name'");
    assertProblem(() -> DatasetSpec.builder("d"), "'d'", "field 'format'");
    assertProblem(() -> DatasetSpec.builder("d").format("idx").images("i"), "'d'", "field 'labels'", "required");
    assertProblem(() -> DatasetSpec.builder("d").format("csv").path("p"), "field 'label'", "required");
    assertProblem(() -> DatasetSpec.builder("d").format("tfrecord").files(List.of("f")).label("y"),
        "field 'features'", "required for format tfrecord");
  }

  @Test
  void fieldsForAnotherFormatAreRejected() {
    assertProblem(() -> csv().labels("l.gz"), "'iris'", "field 'labels'", "not used by format csv",
        "path, label, features, classes");
    assertProblem(() -> DatasetSpec.builder("d").format("idx").images("i").labels("l").label("y"),
        "field 'label'", "not used by format idx");
    assertProblem(() -> DatasetSpec.builder("d").format("tfrecord").files(List.of("f")).label("y")
        .features(List.of("x")).classes(List.of("a")), "field 'classes'");
  }

  @Test
  void badValuesAreNamed() {
    assertProblem(() -> csv().label(""), "field 'label'", "blank");
    assertProblem(() -> csv().features(Arrays.asList("a", null)), "field 'features'", "blank");
    assertProblem(() -> csv().features(List.of("a", "b", "a")), "field 'features'", "'a' twice");
    assertProblem(() -> csv().features(List.of("a", "variety")), "field 'features'", "label 'variety'");
    assertProblem(() -> csv().classes(List.of("x", "x")), "field 'classes'", "'x' twice");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetSpec.builder("d").format("parquet"));
    assertTrue(e.getMessage().contains("'d'") && e.getMessage().contains("'format'")
        && e.getMessage().contains("parquet"), e.getMessage());
  }

  @Test
  void builderIsDetachedAndSpecSerializes() throws IOException, ClassNotFoundException {
    List<String> features = new java.util.ArrayList<>(List.of("a"));
    DatasetSpec s = csv().features(features).classes(List.of("x", "y")).build();
    features.add("b");
    assertEquals(List.of("a"), s.features());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(s);
    }
    assertEquals(s, new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject());
  }
}
