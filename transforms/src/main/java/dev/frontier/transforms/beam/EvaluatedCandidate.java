package dev.frontier.transforms.beam;

import java.io.Serializable;

/**
 * A candidate after the Evaluate stage.
 *
 * @param accuracy top-1 accuracy on the model's evaluation rows
 * @param agreement share of evaluation rows where it predicts the float model's class
 */
public record EvaluatedCandidate(BuiltCandidate built, double accuracy, double agreement)
    implements Serializable {}
