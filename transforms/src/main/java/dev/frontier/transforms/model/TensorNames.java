package dev.frontier.transforms.model;

/**
 * Parses and builds GraphDef tensor references ({@code node}, {@code node:3}, {@code ^node}).
 *
 * <p>Normal form used throughout this package: {@code node} for output 0, {@code node:k} for k &gt; 0,
 * {@code ^node} for a control edge, so references can be compared as strings.
 */
public final class TensorNames {
  private TensorNames() {}

  public static boolean isControl(String ref) {
    return ref.startsWith("^");
  }

  /** The producing node's name of a data or control reference. */
  public static String nodeName(String ref) {
    String s = isControl(ref) ? ref.substring(1) : ref;
    int colon = s.lastIndexOf(':');
    if (colon > 0 && isDigits(s, colon + 1)) {
      return s.substring(0, colon);
    }
    return s;
  }

  /** The output index of a data reference (0 when absent); -1 for a control reference. */
  public static int outputIndex(String ref) {
    if (isControl(ref)) {
      return -1;
    }
    int colon = ref.lastIndexOf(':');
    if (colon > 0 && isDigits(ref, colon + 1)) {
      return Integer.parseInt(ref.substring(colon + 1));
    }
    return 0;
  }

  /** Normal-form data reference to output {@code index} of {@code node}. */
  public static String data(String node, int index) {
    return index == 0 ? node : node + ":" + index;
  }

  public static String control(String node) {
    return "^" + node;
  }

  /** A reference in normal form ({@code x:0} becomes {@code x}). */
  public static String normalize(String ref) {
    return isControl(ref) ? control(nodeName(ref)) : data(nodeName(ref), outputIndex(ref));
  }

  /** A signature tensor name ({@code x:0}) as TF Java's runner wants it: always with the index. */
  public static String withIndex(String ref) {
    return nodeName(ref) + ":" + outputIndex(ref);
  }

  private static boolean isDigits(String s, int from) {
    if (from >= s.length()) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
