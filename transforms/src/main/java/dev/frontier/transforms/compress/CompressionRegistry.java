package dev.frontier.transforms.compress;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Every compression method, by name. Sweeps, candidate expansion and reports refer to methods only by
 * these names; adding a method is one class plus one line in {@link #METHODS}.
 */
public final class CompressionRegistry {
  private static final Map<String, CompressionMethod> METHODS = index(
      new FloatBaseline(),
      new Fp16Weights(),
      new Int8Weights(),
      new Int4GroupWeights(),
      new FullInt8(),
      new MagnitudePruning(),
      new ChannelPruning(),
      new NOfMPruning());

  private CompressionRegistry() {}

  /**
   * The method called {@code name}.
   *
   * @throws IllegalArgumentException naming the known methods when there is none by that name
   */
  public static CompressionMethod get(String name) {
    CompressionMethod m = name == null ? null : METHODS.get(name);
    if (m == null) {
      throw new IllegalArgumentException("unknown compression method '" + name + "'; known methods are " + names());
    }
    return m;
  }

  /** All method names, in registration order. */
  public static Set<String> names() {
    return Collections.unmodifiableSet(METHODS.keySet());
  }

  private static Map<String, CompressionMethod> index(CompressionMethod... methods) {
    Map<String, CompressionMethod> m = new LinkedHashMap<>();
    for (CompressionMethod method : methods) {
      if (m.put(method.name(), method) != null) {
        throw new IllegalStateException("two compression methods are called '" + method.name() + "'");
      }
    }
    return m;
  }
}
