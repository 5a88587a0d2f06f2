package dev.frontier.transforms.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a CSV file with a header line (gzipped or not) into a {@link Dataset}: tabular data such as Iris,
 * for models whose inputs are named columns.
 *
 * <p>Feature columns are chosen by name, in the order given (default: every column but the label, in file
 * order) and become the dataset's feature names. Values must be finite decimal numbers. The label column
 * holds either non-negative integer class ids, or class names: with {@code classNames} given, a name's id
 * is its position in that list; otherwise the distinct names, sorted, get ids 0..k-1 (so "setosa,
 * versicolor, virginica" become 0, 1, 2). Every problem is an {@link IOException} naming the file, the
 * line and the column.
 */
public final class CsvReader {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private CsvReader() {}

  /** Every column but {@code labelColumn} is a feature, in file order. */
  public static Dataset read(String name, Path file, String labelColumn) throws IOException {
    return read(name, file, labelColumn, List.of(), List.of());
  }

  /** {@code featureColumns} in that order (empty: every column but the label). */
  public static Dataset read(String name, Path file, String labelColumn, List<String> featureColumns)
      throws IOException {
    return read(name, file, labelColumn, featureColumns, List.of());
  }

  /** As above; {@code classNames}, if not empty, lists the label column's class names in id order. */
  public static Dataset read(String name, Path file, String labelColumn, List<String> featureColumns,
      List<String> classNames) throws IOException {
    requireDistinct(file, "class names", classNames);
    try (CsvRecords records = new CsvRecords(file)) {
      List<String> header = records.next();
      if (header == null) {
        throw new IOException(file + ": empty file, expected a header line");
      }
      header.replaceAll(String::trim);
      String headerAt = file + ":" + records.recordLine();
      Map<String, Integer> columns = columnIndex(headerAt, header);
      List<String> features = featureColumns.isEmpty() ? allBut(headerAt, header, labelColumn) : featureColumns;
      requireDistinct(file, "feature columns", features);
      if (features.contains(labelColumn)) {
        throw new IOException(file + ": label column '" + labelColumn + "' is also listed as a feature column");
      }
      int label = indexOf(headerAt, columns, labelColumn, header);
      int[] featureIndex = new int[features.size()];
      for (int j = 0; j < featureIndex.length; j++) {
        featureIndex[j] = indexOf(headerAt, columns, features.get(j), header);
      }
      List<float[]> rows = new ArrayList<>();
      List<String> labelValues = new ArrayList<>();
      List<Integer> lines = new ArrayList<>();
      for (List<String> fields = records.next(); fields != null; fields = records.next()) {
        int line = records.recordLine();
        if (fields.size() != header.size()) {
          throw new IOException(file + ":" + line + ": " + fields.size() + " fields, but the header has "
              + header.size() + " (ragged row)");
        }
        float[] row = new float[featureIndex.length];
        for (int j = 0; j < row.length; j++) {
          row[j] = parseValue(file, line, header, featureIndex[j], fields.get(featureIndex[j]));
        }
        rows.add(row);
        labelValues.add(fields.get(label).trim());
        lines.add(line);
      }
      int[] labels = ClassIds.assign(file + ", column '" + labelColumn + "'", labelValues,
          lines.stream().mapToInt(Integer::intValue).toArray(), classNames);
      return new Dataset(name, features, rows.toArray(new float[0][]), labels);
    }
  }

  private static float parseValue(Path file, int line, List<String> header, int column, String text)
      throws IOException {
    String value = text.trim();
    String where = file + ":" + line + ", column '" + header.get(column) + "' (" + (column + 1) + ")";
    if (value.isEmpty()) {
      throw new IOException(where + ": empty value");
    }
    if (!DECIMAL.matcher(value).matches()) {
      throw new IOException(where + ": '" + value + "' is not a decimal number");
    }
    float f = Float.parseFloat(value);
    if (Float.isInfinite(f)) {
      throw new IOException(where + ": " + value + " is out of float range");
    }
    return f;
  }

  private static Map<String, Integer> columnIndex(String headerAt, List<String> header) throws IOException {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      Integer previous = index.putIfAbsent(header.get(i), i);
      if (previous != null && !header.get(i).isEmpty()) {
        throw new IOException(headerAt + ": column '" + header.get(i) + "' appears twice in the header (columns "
            + (previous + 1) + " and " + (i + 1) + ")");
      }
    }
    return index;
  }

  private static List<String> allBut(String headerAt, List<String> header, String labelColumn) throws IOException {
    List<String> features = new ArrayList<>(header);
    features.remove(labelColumn);
    if (features.contains("")) {
      throw new IOException(headerAt + ": column " + (header.indexOf("") + 1)
          + " has no name in the header; list the feature columns explicitly");
    }
    return features;
  }

  private static int indexOf(String headerAt, Map<String, Integer> columns, String column, List<String> header)
      throws IOException {
    Integer i = columns.get(column);
    if (i == null || column.isEmpty()) {
      throw new IOException(headerAt + ": no column '" + column + "' in the header " + header);
    }
    return i;
  }

  private static void requireDistinct(Path file, String what, List<String> names) throws IOException {
    if (new HashSet<>(names).size() != names.size()) {
      throw new IOException(file + ": " + what + " " + names + " contain a name twice");
    }
  }
}
