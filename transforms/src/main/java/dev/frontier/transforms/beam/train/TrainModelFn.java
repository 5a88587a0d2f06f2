package dev.frontier.transforms.beam.train;

import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.train.ArchitectureSpec;
import dev.frontier.transforms.train.ExportedModel;
import dev.frontier.transforms.train.ModelTrainer;
import dev.frontier.transforms.train.SavedModelWriter;
import dev.frontier.transforms.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains one model, exports it, loads the export back and measures it on the test split.
 *
 * <p>The datasets are read once per DoFn instance in {@link Setup}, not per model. The export must score
 * the test split exactly as the training graph did (top-1 within {@value #EXPORT_AGREEMENT_TOLERANCE});
 * otherwise the model fails rather than entering a catalogue with a wrong expected accuracy.
 */
class TrainModelFn extends DoFn<ArchitectureSpec, TrainedModelRecord> {
  static final double EXPORT_AGREEMENT_TOLERANCE = 1e-4;
  private static final double NANOS_PER_SECOND = 1e9;
  private static final Logger LOG = LoggerFactory.getLogger(TrainModelFn.class);

  private final String outputDir;
  private final TrainDataSpec data;
  private final Counter trained = Metrics.counter(TrainModels.class, "models_trained");
  private final Distribution trainMillis = Metrics.distribution(TrainModels.class, "train_millis");

  private transient Dataset train;
  private transient Dataset test;

  TrainModelFn(String outputDir, TrainDataSpec data) {
    this.outputDir = outputDir;
    this.data = data;
  }

  @Setup
  public void setup() throws IOException {
    long start = System.nanoTime();
    train = data.readTrain();
    test = data.readTest();
    LOG.info("loaded {} training and {} test rows in {} s", train.size(), test.size(),
        String.format("%.1f", (System.nanoTime() - start) / NANOS_PER_SECOND));
  }

  @Teardown
  public void teardown() {
    train = null;
    test = null;
  }

  @ProcessElement
  public void process(@Element ArchitectureSpec spec, OutputReceiver<TrainedModelRecord> out) throws IOException {
    LOG.info("model '{}' started: {}", spec.id(), spec);
    TrainingResult result = ModelTrainer.train(spec, train, test);
    Path dir = Path.of(outputDir, spec.id()).toAbsolutePath();
    SavedModelWriter.write(spec, result.weights(), dir);
    double exportedAccuracy;
    try (ExportedModel exported = ExportedModel.load(dir)) {
      exportedAccuracy = exported.accuracy(test);
    }
    if (Math.abs(exportedAccuracy - result.evaluationAccuracy()) > EXPORT_AGREEMENT_TOLERANCE) {
      throw new IllegalStateException("model '" + spec.id() + "': the export at " + dir + " scores top-1 "
          + exportedAccuracy + " on the test split but the training graph scored " + result.evaluationAccuracy());
    }
    LOG.info("model '{}' finished: test top-1 {} (measured on the export), trained in {} s, exported to {}",
        spec.id(), String.format("%.4f", exportedAccuracy), String.format("%.1f", result.trainSeconds()), dir);
    trained.inc();
    trainMillis.update(Math.round(result.trainSeconds() * 1000));
    out.output(new TrainedModelRecord(spec, dir.toString(), exportedAccuracy, result.trainSeconds()));
  }
}
