package dev.frontier.transforms.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a sweep spends forward passes on accuracy (sweep-file key {@code evaluation.strategy}). {@link #RACING} gives
 * the same front, knee and choice as {@link #EXHAUSTIVE}, the default (README, "Racing evaluation"): racing is
 * opt-in until it pays on every catalogue; on the demo catalogue, where few candidates are far off the front, its
 * rounds cost more than the rows they save.
 */
public enum EvaluationStrategy {
  /** Every candidate on every evaluation row, timed at batch 1 and 32. */
  EXHAUSTIVE,
  /**
   * Candidates on growing seeded slices of the rows; one certainly dominated and certainly not chosen stops
   * early, keeps a row with its accuracy interval, and is timed at batch 1 only.
   */
  RACING;

  public static final EvaluationStrategy DEFAULT = EXHAUSTIVE;

  /** The strategy a sweep file names, case-insensitive. */
  public static EvaluationStrategy parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("evaluation.strategy must be one of " + Arrays.stream(values())
          .map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" | ")) + ", got '" + name + "'");
    }
  }
}
