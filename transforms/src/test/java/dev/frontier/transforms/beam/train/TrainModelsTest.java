package dev.frontier.transforms.beam.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.transforms.train.ArchitectureKind;
import dev.frontier.transforms.train.ArchitectureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainModelsTest {
  private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir
  Path out;

  @Test
  void trainsEachSpecExportsItAndMeasuresTheExport() {
    TrainDataSpec data = TrainDataSpec.idxFolder(FASHION).withTrainRowLimit(2000);
    assumeTrue(data.files().stream().allMatch(f -> Files.exists(Path.of(f))), "Fashion-MNIST not installed");
    List<ArchitectureSpec> specs = List.of(
        ArchitectureSpec.of("mlp-a", ArchitectureKind.MLP, 32, 2, 32, 2e-3f, 1),
        ArchitectureSpec.of("mlp-b", ArchitectureKind.MLP, 24, 2, 32, 2e-3f, 2));

    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--targetParallelism=2").create());
    PCollection<TrainedModelRecord> records = p
        .apply(Create.of(specs).withCoder(SerializableCoder.of(ArchitectureSpec.class)))
        .apply(TrainModels.to(out.toString(), data));
    String outDir = out.toAbsolutePath().toString();
    PAssert.that(records).satisfies(rs -> check(rs, outDir));
    p.run().waitUntilFinish();
  }

  private static Void check(Iterable<TrainedModelRecord> records, String outDir) {
    List<TrainedModelRecord> list = new ArrayList<>();
    records.forEach(list::add);
    assertEquals(Set.of("mlp-a", "mlp-b"), list.stream().map(TrainedModelRecord::id).collect(Collectors.toSet()));
    for (TrainedModelRecord r : list) {
      assertTrue(r.testAccuracy() > 0.5, r.toString());
      assertTrue(r.trainSeconds() > 0, r.toString());
      assertEquals(Path.of(outDir, r.id()).toString(), r.savedModelDir());
      assertTrue(Files.exists(Path.of(r.savedModelDir(), "saved_model.pb")), r.toString());
    }
    return null;
  }
}
