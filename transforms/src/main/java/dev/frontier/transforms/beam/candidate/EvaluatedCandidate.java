package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.measure.OutputComparison;
import java.io.Serializable;

/**
 * A candidate after the Evaluate stage.
 *
 * @param accuracy top-1 accuracy on the model's evaluation rows
 * @param agreement share of evaluation rows where it predicts the float model's class
 * @param artifactAccuracy top-1 accuracy of the shipped graph itself: {@code accuracy}, except for
 *     full-integer candidates, whose shipped integer-kernel graph is run on the same rows
 * @param kernels for full-integer candidates, how the shipped integer-kernel artifact agrees with the
 *     simulated graph the accuracy comes from; null when both are one graph
 */
public record EvaluatedCandidate(BuiltCandidate built, double accuracy, double agreement,
    double artifactAccuracy, OutputComparison kernels) implements Serializable {}
