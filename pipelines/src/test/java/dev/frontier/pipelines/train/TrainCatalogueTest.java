package dev.frontier.pipelines.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.pipelines.config.CatalogueLoader;
import dev.frontier.transforms.beam.train.TrainedModelRecord;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.train.ArchitectureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCatalogueTest {
  private static final Path FASHION = Path.of(TrainCatalogueOptions.DEFAULT_FASHION_MNIST_DIR);

  @TempDir
  Path out;

  @Test
  void quickRunTrainsEveryModelAndWritesALoadableCatalogue() throws Exception {
    assumeTrue(Files.isDirectory(FASHION), "Fashion-MNIST not installed");
    List<TrainedModelRecord> records = TrainCatalogue.run(
        TrainCatalogue.options("--outputDir=" + out, "--quick=true", "--seed=7"));

    List<String> ids = TrainCatalogueSpecs.quick(7).stream().map(ArchitectureSpec::id).collect(Collectors.toList());
    assertEquals(ids, records.stream().map(TrainedModelRecord::id).collect(Collectors.toList()));
    for (TrainedModelRecord r : records) {
      assertTrue(r.testAccuracy() > 0.3, r.toString()); // 1 epoch on 5000 rows: plumbing, not quality
      assertTrue(Files.exists(out.resolve(r.id()).resolve("saved_model.pb")), r.toString());
    }

    String yaml = Files.readString(out.resolve(TrainCatalogueYaml.FILE_NAME));
    assertTrue(yaml.startsWith("# Demo catalogue trained by TrainCatalogue on Fashion-MNIST (seed 7).\n"), yaml);
    assertTrue(yaml.contains("    scale: 0.00392156862745098\n"), yaml);
    assertTrue(yaml.contains("  - id: fmnist-mlp-64\n    path: fmnist-mlp-64\n    signature: serving_default\n"
        + "    evaluation: {dataset: fashion-test, rows: all}\n"
        + "    calibration: {dataset: fashion-train, rows: 2000, seed: 7}\n"
        + "    training: {dataset: fashion-train, rows: all, epochs: 2, seed: 7}   # for the fine-tune recovery\n"
        + "    expected_accuracy: "), yaml);
    Catalogue catalogue = CatalogueLoader.load(out.resolve(TrainCatalogueYaml.FILE_NAME));
    assertEquals(ids, catalogue.models().stream().map(m -> m.id()).collect(Collectors.toList()));
    assertTrue(catalogue.models().stream().allMatch(m -> m.training() != null
        && m.training().dataset().equals(TrainCatalogueYaml.TRAIN_DATASET)), "every model can be fine-tuned");
  }
}
