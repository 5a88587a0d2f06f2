package dev.frontier.transforms.compress;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How structured pruning ranks a layer's output channels: by the L1 norm (sum of |w|) or the L2 norm of the
 * weights that produce the channel. The channels of smallest norm are removed first.
 */
public enum ChannelCriterion {
  L1("l1"),
  L2("l2");

  private final String text;

  ChannelCriterion(String text) {
    this.text = text;
  }

  /** The name used in configs, e.g. {@code l1}. */
  public String text() {
    return text;
  }

  /** Parses {@code l1} / {@code l2} (case-insensitive). */
  public static ChannelCriterion parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (ChannelCriterion c : values()) {
      if (c.text.equals(t)) {
        return c;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of "
        + Arrays.stream(values()).map(ChannelCriterion::text).collect(Collectors.toList()));
  }

  /** The norm of {@code count} values of {@code w} starting at {@code start}, {@code stride} apart. */
  double norm(float[] w, int start, int stride, int count) {
    double sum = 0;
    for (int k = 0; k < count; k++) {
      double v = w[start + k * stride];
      sum += this == L1 ? Math.abs(v) : v * v;
    }
    return this == L1 ? sum : Math.sqrt(sum);
  }

  @Override
  public String toString() {
    return text;
  }
}
