package dev.frontier.pipelines.train;

import dev.frontier.transforms.beam.train.TrainedModelRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code catalogue.yaml} and {@code training-records.json} once every model is trained, listing the
 * models in catalogue order. Each file is written aside and moved into place, so a reader never sees half.
 */
final class TrainCatalogueWriteFn extends DoFn<KV<String, Iterable<TrainedModelRecord>>, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(TrainCatalogueWriteFn.class);

  private final String outputDir;
  private final List<String> modelOrder;
  private final TrainCatalogueYaml yaml;

  TrainCatalogueWriteFn(String outputDir, List<String> modelOrder, TrainCatalogueYaml yaml) {
    this.outputDir = outputDir;
    this.modelOrder = List.copyOf(modelOrder);
    this.yaml = yaml;
  }

  @ProcessElement
  public void process(@Element KV<String, Iterable<TrainedModelRecord>> all) throws IOException {
    List<TrainedModelRecord> records = new ArrayList<>();
    all.getValue().forEach(records::add);
    records.sort(Comparator.comparingInt((TrainedModelRecord r) -> modelOrder.indexOf(r.id()))
        .thenComparing(TrainedModelRecord::id));
    Path dir = Path.of(outputDir).toAbsolutePath();
    writeAtomically(dir.resolve(TrainCatalogueYaml.FILE_NAME), yaml.render(records, dir));
    writeAtomically(dir.resolve(TrainCatalogueRecords.FILE_NAME), TrainCatalogueRecords.toJson(records));
    LOG.info("wrote {} listing {} models", dir.resolve(TrainCatalogueYaml.FILE_NAME), records.size());
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.writeString(partial, text, StandardCharsets.UTF_8);
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
