package dev.frontier.pipelines.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.frontier.transforms.beam.train.TrainedModelRecord;
import dev.frontier.transforms.train.ArchitectureKind;
import dev.frontier.transforms.train.ArchitectureSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The training records of a catalogue run as JSON ({@value #FILE_NAME} beside catalogue.yaml): provenance
 * for people (spec, accuracy, seconds per model) and the way {@link TrainCatalogue#run} hands the records
 * back to its caller once the pipeline has finished.
 */
final class TrainCatalogueRecords {
  static final String FILE_NAME = "training-records.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One record, flat and with units in the names. */
  record Row(String id, String kind, int width, int epochs, int batchRows, double learningRate, long seed,
      String savedModelDir, double testAccuracy, double trainSeconds) {

    static Row of(TrainedModelRecord r) {
      ArchitectureSpec s = r.spec();
      return new Row(s.id(), s.kind().configName(), s.width(), s.epochs(), s.batchSize(), s.learningRate(),
          s.seed(), r.savedModelDir(), r.testAccuracy(), r.trainSeconds());
    }

    TrainedModelRecord toRecord() {
      ArchitectureSpec spec = ArchitectureSpec.of(id, ArchitectureKind.fromConfigName(kind), width, epochs,
          batchRows, (float) learningRate, seed);
      return new TrainedModelRecord(spec, savedModelDir, testAccuracy, trainSeconds);
    }
  }

  private TrainCatalogueRecords() {}

  static String toJson(List<TrainedModelRecord> records) throws IOException {
    return JSON.writeValueAsString(records.stream().map(Row::of).collect(Collectors.toList()));
  }

  static List<TrainedModelRecord> read(Path file) throws IOException {
    List<Row> rows = JSON.readValue(file.toFile(), new TypeReference<List<Row>>() {});
    return rows.stream().map(Row::toRecord).collect(Collectors.toList());
  }
}
