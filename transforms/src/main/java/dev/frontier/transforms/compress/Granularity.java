package dev.frontier.transforms.compress;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How many scales a quantized weight tensor has: one for the whole tensor, or one per output channel
 * (Dense kernel [in,out]: per out; Conv2D [h,w,in,out]: per out; depthwise [h,w,in,mult]: per in×mult),
 * as the TFLite int8 spec defines them.
 */
public enum Granularity {
  PER_TENSOR("per-tensor"),
  PER_CHANNEL("per-channel");

  private final String text;

  Granularity(String text) {
    this.text = text;
  }

  /** The name used in configs, e.g. {@code per-channel}. */
  public String text() {
    return text;
  }

  /** Parses {@code per-tensor} / {@code per-channel} (case-insensitive, '_' accepted for '-'). */
  public static Granularity parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (Granularity g : values()) {
      if (g.text.equals(t)) {
        return g;
      }
    }
    throw new IllegalArgumentException("'" + text + "' is not one of "
        + Arrays.stream(values()).map(Granularity::text).collect(Collectors.toList()));
  }

  @Override
  public String toString() {
    return text;
  }
}
