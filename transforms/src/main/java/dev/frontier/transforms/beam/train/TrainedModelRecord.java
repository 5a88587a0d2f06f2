package dev.frontier.transforms.beam.train;

import dev.frontier.transforms.train.ArchitectureSpec;
import java.io.Serializable;
import java.util.Objects;

/**
 * One model trained and exported by {@link TrainModels}: what was trained, where the SavedModel is, and
 * its top-1 accuracy measured by loading that SavedModel and running it on the test split.
 *
 * @param spec the architecture and hyper-parameters it was trained with (its id is the model id)
 * @param savedModelDir absolute path of the exported SavedModel folder
 * @param testAccuracy top-1 on the full test split, measured on the export
 * @param trainSeconds wall time of training (graph building and all epochs), excluding export and evaluation
 */
public record TrainedModelRecord(ArchitectureSpec spec, String savedModelDir, double testAccuracy,
    double trainSeconds) implements Serializable {

  public TrainedModelRecord {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(savedModelDir, "savedModelDir");
  }

  /** The model id (the spec's). */
  public String id() {
    return spec.id();
  }
}
