package dev.frontier.transforms.beam.train;

import dev.frontier.transforms.train.ArchitectureSpec;
import java.util.Objects;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;

/**
 * Architecture specs → trained, exported and re-measured models: each spec is trained on the training
 * split, written as an inference-only SavedModel to {@code <outputDir>/<id>/}, loaded back and scored on the
 * test split.
 *
 * <p>Models are spread one per bundle first, so a runner trains as many at once as it has worker threads;
 * each training session is single-threaded (and therefore deterministic). A model that fails to train or
 * whose export disagrees with its training graph fails the job: a catalogue must not silently lose a model.
 */
public final class TrainModels extends PTransform<PCollection<ArchitectureSpec>, PCollection<TrainedModelRecord>> {
  private final String outputDir;
  private final TrainDataSpec data;

  private TrainModels(String outputDir, TrainDataSpec data) {
    this.outputDir = Objects.requireNonNull(outputDir, "outputDir");
    this.data = Objects.requireNonNull(data, "data");
  }

  /** Trains on {@code data}, exporting every model to {@code outputDir/<model id>/}. */
  public static TrainModels to(String outputDir, TrainDataSpec data) {
    return new TrainModels(outputDir, data);
  }

  @Override
  public PCollection<TrainedModelRecord> expand(PCollection<ArchitectureSpec> specs) {
    return specs
        .apply("OneModelPerBundle", Reshuffle.viaRandomKey())
        .apply("TrainExportAndMeasure", ParDo.of(new TrainModelFn(outputDir, data)))
        .setCoder(SerializableCoder.of(TrainedModelRecord.class));
  }
}
