package dev.frontier.transforms.compress;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a pruning sparsity applies: to each layer on its own ({@code layer}: every layer loses the same
 * share), or to all layers together ({@code global}: one magnitude threshold, so layers with many small
 * weights lose more).
 */
public enum PruningScope {
  LAYER("layer"),
  GLOBAL("global");

  private final String text;

  PruningScope(String text) {
    this.text = text;
  }

  /** The name used in configs, e.g. {@code global}. */
  public String text() {
    return text;
  }

  /** Parses {@code layer} / {@code global} (case-insensitive). */
  public static PruningScope parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (PruningScope s : values()) {
      if (s.text.equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of "
        + Arrays.stream(values()).map(PruningScope::text).collect(Collectors.toList()));
  }

  @Override
  public String toString() {
    return text;
  }
}
