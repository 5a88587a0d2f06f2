package dev.frontier.transforms.data;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the text of a label column into class ids. Three cases, chosen per column:
 * <ol>
 *   <li>class names given: each value must be one of them; its id is its position in that list;</li>
 *   <li>every value is a non-negative integer: the integers are the ids;</li>
 *   <li>every value is a name: the distinct names sorted (String order) get ids 0..k-1, logged at INFO.</li>
 * </ol>
 * A column mixing integers and names is an error: sorting "10" before "2" would silently mislabel.
 */
final class ClassIds {
  private static final Logger LOG = LoggerFactory.getLogger(ClassIds.class);
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final int MAX_LOGGED_CLASSES = 20;

  private ClassIds() {}

  /** {@code where} names the column for messages, e.g. {@code "iris.csv, column 'variety'"}. */
  static int[] assign(String where, List<String> values, int[] lines, List<String> classNames) throws IOException {
    if (!classNames.isEmpty()) {
      return byGivenNames(where, values, lines, classNames);
    }
    int firstInteger = -1;
    int firstName = -1;
    for (int i = 0; i < values.size() && (firstInteger < 0 || firstName < 0); i++) {
      if (INTEGER.matcher(values.get(i)).matches()) {
        firstInteger = firstInteger < 0 ? i : firstInteger;
      } else {
        firstName = firstName < 0 ? i : firstName;
      }
    }
    if (firstInteger >= 0 && firstName >= 0) {
      throw new IOException(where + ": label mixes integer ids (line " + lines[firstInteger] + ": '"
          + values.get(firstInteger) + "') and names (line " + lines[firstName] + ": '" + values.get(firstName)
          + "'); list the class names explicitly");
    }
    return firstName >= 0 ? bySortedNames(where, values) : asIntegers(where, values, lines);
  }

  private static int[] asIntegers(String where, List<String> values, int[] lines) throws IOException {
    int[] ids = new int[values.size()];
    for (int i = 0; i < ids.length; i++) {
      long id;
      try {
        id = Long.parseLong(values.get(i));
      } catch (NumberFormatException e) {
        id = -1;
      }
      if (id < 0 || id > Integer.MAX_VALUE) {
        throw new IOException(where + ", line " + lines[i] + ": label '" + values.get(i)
            + "' is not a class id (0.." + Integer.MAX_VALUE + ")");
      }
      ids[i] = (int) id;
    }
    return ids;
  }

  private static int[] bySortedNames(String where, List<String> values) {
    List<String> sorted = List.copyOf(new TreeSet<>(values));
    LOG.info("{}: class names mapped to ids in sorted order: {}{}", where,
        sorted.subList(0, Math.min(sorted.size(), MAX_LOGGED_CLASSES)),
        sorted.size() > MAX_LOGGED_CLASSES ? " and " + (sorted.size() - MAX_LOGGED_CLASSES) + " more" : "");
    return lookUp(values, indexOf(sorted));
  }

  private static int[] byGivenNames(String where, List<String> values, int[] lines, List<String> classNames)
      throws IOException {
    Map<String, Integer> ids = indexOf(classNames);
    for (int i = 0; i < values.size(); i++) {
      if (!ids.containsKey(values.get(i))) {
        throw new IOException(where + ", line " + lines[i] + ": label '" + values.get(i)
            + "' is not one of the class names " + classNames);
      }
    }
    return lookUp(values, ids);
  }

  private static Map<String, Integer> indexOf(List<String> names) {
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      ids.put(names.get(i), i);
    }
    return ids;
  }

  private static int[] lookUp(List<String> values, Map<String, Integer> ids) {
    int[] out = new int[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ids.get(values.get(i));
    }
    return out;
  }
}
