package dev.frontier.transforms.train;

import java.util.Objects;

/**
 * What {@link ModelTrainer} produced: the weights, the top-1 accuracy of the training graph's own
 * inference-mode forward pass on an evaluation set (NaN when none was given) and the wall time.
 *
 * <p>The in-graph accuracy is the reference an exported SavedModel must reproduce.
 */
public final class TrainingResult {
  private final TrainedWeights weights;
  private final double evaluationAccuracy;
  private final double trainSeconds;

  TrainingResult(TrainedWeights weights, double evaluationAccuracy, double trainSeconds) {
    this.weights = Objects.requireNonNull(weights, "weights");
    this.evaluationAccuracy = evaluationAccuracy;
    this.trainSeconds = trainSeconds;
  }

  public TrainedWeights weights() { return weights; }

  /** Top-1 accuracy on the evaluation set, measured in the training graph (BatchNorm in inference mode). */
  public double evaluationAccuracy() { return evaluationAccuracy; }

  /** Wall time of graph building and all epochs, excluding the evaluation. */
  public double trainSeconds() { return trainSeconds; }
}
