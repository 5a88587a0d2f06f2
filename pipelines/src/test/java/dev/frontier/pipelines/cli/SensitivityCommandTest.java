package dev.frontier.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.pipelines.CommandRun;
import dev.frontier.pipelines.Frontier;
import dev.frontier.transforms.SharedFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code frontier sensitivity} on the shared MNIST MLP (1,000 evaluation rows) and reads its
 * Parquet file back; and the errors a user meets first: an unknown model id, a bad option value.
 */
class SensitivityCommandTest {
  private static final String MLP = "mnist-mlp-csdai0324";
  private static final List<String> COLUMNS = List.of("model_id", "layer", "op", "params", "accuracy",
      "float_accuracy", "accuracy_delta_pp", "agreement", "sqnr_db", "error");

  private static String catalogue() {
    return SharedFixtures.projectRoot().resolve("configs/shared-models.yaml").toString();
  }

  @Test
  void mlpTableAndParquet(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/mlp.parquet");
    CommandRun r = CommandRun.of("sensitivity", "--catalogue", catalogue(), "--model", MLP, "--rows", "1000",
        "--output", file.toString());
    System.out.print(r.out());
    assertEquals(0, r.code(), r.out() + r.err());

    List<GenericRecord> rows = read(file);
    assertEquals(4, rows.size(), "2 layers + float + all layers");
    Schema schema = rows.get(0).getSchema();
    for (String column : COLUMNS) {
      assertNotNull(schema.getField(column), "column " + column);
    }
    List<String> layers = rows.stream().map(g -> g.get("layer").toString()).toList();
    assertTrue(layers.get(0).endsWith("dense/MatMul") && layers.get(1).endsWith("dense_1/MatMul"), layers.toString());
    assertEquals(List.of(SensitivityCommand.FLOAT_ROW, "all layers"), layers.subList(2, 4));

    double floatAccuracy = (Double) rows.get(0).get("float_accuracy");
    assertTrue(floatAccuracy > 0.95, "float accuracy " + floatAccuracy);
    GenericRecord floatRow = rows.get(2);
    assertEquals(floatAccuracy, (Double) floatRow.get("accuracy"), 0.0);
    assertEquals(Double.POSITIVE_INFINITY, (Double) floatRow.get("sqnr_db"));
    for (GenericRecord g : rows) {
      assertEquals(MLP, g.get("model_id").toString());
      assertNull(g.get("error"), g.toString());
      assertEquals(1000, g.get("evaluation_rows"));
      double accuracy = (Double) g.get("accuracy");
      assertEquals(100 * (accuracy - floatAccuracy), (Double) g.get("accuracy_delta_pp"), 1e-9);
      assertTrue(Math.abs((Double) g.get("accuracy_delta_pp")) <= 1.0, g.toString());
      assertTrue((Double) g.get("sqnr_db") > 20, g.toString());
    }
    assertEquals((Long) rows.get(0).get("params") + (Long) rows.get(1).get("params"), (Long) rows.get(3).get("params"));

    // Table: a header, one line per layer, the two references, then where the file went.
    List<String> lines = r.out().lines().toList();
    int header = indexOf(lines, "layer ");
    assertTrue(header >= 0, r.out());
    assertTrue(lines.get(header).contains("sqnr_db"), lines.get(header));
    assertTrue(lines.get(header + 3).startsWith("float ") && lines.get(header + 3).contains("+inf"), r.out());
    assertTrue(lines.get(header + 4).startsWith("all layers "), r.out());
    assertTrue(r.out().contains("wrote " + file), r.out());
    // Most sensitive first: lower accuracy first, equal accuracy → lower SQNR first.
    GenericRecord first = rowOf(rows, lines.get(header + 1));
    GenericRecord second = rowOf(rows, lines.get(header + 2));
    double a1 = (Double) first.get("accuracy");
    double a2 = (Double) second.get("accuracy");
    assertTrue(a1 < a2 || (a1 == a2 && (Double) first.get("sqnr_db") <= (Double) second.get("sqnr_db")),
        lines.get(header + 1) + " / " + lines.get(header + 2));
  }

  @Test
  void unknownModelListsTheKnownOnes() {
    CommandRun r = CommandRun.of("sensitivity", "--catalogue", catalogue(), "--model", "no-such-model");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("no-such-model") && r.err().contains(MLP) && r.err().contains("iris-keras-tfx"),
        r.err());
  }

  @Test
  void badOptionValuesAreClearErrors() {
    CommandRun method = CommandRun.of("sensitivity", "--catalogue", catalogue(), "--model", MLP,
        "--calibration", "median");
    assertEquals(2, method.code());
    assertTrue(method.err().contains("median") && method.err().contains("entropy"), method.err());

    CommandRun granularity = CommandRun.of("sensitivity", "--catalogue", catalogue(), "--model", MLP,
        "--granularity", "per-row");
    assertEquals(2, granularity.code());
    assertTrue(granularity.err().contains("--granularity") && granularity.err().contains("per-channel"),
        granularity.err());

    CommandRun percentile = CommandRun.of("sensitivity", "--catalogue", catalogue(), "--model", MLP,
        "--calibration", "minmax", "--percentile", "99.9");
    assertEquals(2, percentile.code());
    assertTrue(percentile.err().contains("--percentile applies to --calibration percentile"), percentile.err());

    // More than the MNIST test split holds, whatever the catalogue's calibration pool is.
    CommandRun samples = CommandRun.of("sensitivity", "--catalogue", catalogue(), "--model", MLP, "--samples", "20000");
    assertEquals(2, samples.code());
    assertTrue(samples.err().matches("(?s).*--samples 20000: model '" + MLP + "' has \\d+ calibration rows.*"),
        samples.err());
    assertFalse(samples.out().contains("wrote"), samples.out());
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  private static GenericRecord rowOf(List<GenericRecord> rows, String line) {
    for (GenericRecord g : rows) {
      if (line.startsWith(g.get("layer").toString() + " ")) {
        return g;
      }
    }
    throw new AssertionError("no row for table line " + line);
  }

  private static List<GenericRecord> read(Path file) throws Exception {
    List<GenericRecord> out = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), new Configuration())).build()) {
      for (GenericRecord g = reader.read(); g != null; g = reader.read()) {
        out.add(g);
      }
    }
    return out;
  }
}
