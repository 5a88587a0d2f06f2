package dev.frontier.transforms.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which candidates of each model a sweep writes as SavedModels under {@code OUTPUT/artifacts/} (sweep-file
 * key {@code export}). {@link #FRONT}, the default, names the chosen candidate too, although the chosen one is
 * always on the front ({@link dev.frontier.transforms.pareto.BudgetChoice}): the rule says what ships, not how
 * the front is computed.
 */
public enum ExportMode {
  /** Only each model's chosen candidate (the smallest within the accuracy budget). */
  CHOSEN,
  /** Every candidate on each model's Pareto front, and the chosen one. */
  FRONT,
  /** Every measured candidate. */
  ALL,
  /** Nothing: the results describe candidates whose graphs are not kept ({@code frontier export} rebuilds them). */
  NONE;

  public static final ExportMode DEFAULT = FRONT;

  /** Whether a candidate with these flags is exported. */
  public boolean exports(boolean onFront, boolean chosen) {
    return switch (this) {
      case CHOSEN -> chosen;
      case FRONT -> onFront || chosen;
      case ALL -> true;
      case NONE -> false;
    };
  }

  /** The mode a sweep file names, case-insensitive. */
  public static ExportMode parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("export must be one of " + Arrays.stream(values())
          .map(ExportMode::toString).collect(Collectors.joining(", ")) + "; got '" + name + "'");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
