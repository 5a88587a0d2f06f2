package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.model.ModelIr;
import java.io.Serializable;
import java.util.List;

/**
 * A slice of one model's representative rows, the input of {@link CalibrationCombineFn}. It carries the
 * IR so the combine can run on any worker without a side input; shards are a few per model.
 *
 * @param ir the float IR whose activations are measured
 * @param featureNames the dataset's column names (tf.Example inputs), empty for images
 * @param rows preprocessed feature rows
 * @param error why the rows could not be drawn (e.g. fewer calibration rows than asked), or null
 */
public record CalibrationShard(ModelIr ir, List<String> featureNames, float[][] rows, String error)
    implements Serializable {

  public static CalibrationShard of(ModelIr ir, List<String> featureNames, float[][] rows) {
    return new CalibrationShard(ir, List.copyOf(featureNames), rows, null);
  }

  public static CalibrationShard failed(ModelIr ir, String error) {
    return new CalibrationShard(ir, List.of(), new float[0][], error);
  }
}
