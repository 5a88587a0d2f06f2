package dev.frontier.transforms.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.tensorflow.proto.Example;

/**
 * Reads TFRecord files of serialized tf.Example protos into a {@link Dataset}, so data already prepared for
 * TensorFlow needs no conversion. Files may be uncompressed, gzip or zlib compressed (detected from content);
 * both CRCs of every record are verified.
 *
 * <p>Each row is the named float_list / int64_list features concatenated in the order given (a feature may
 * hold several values, e.g. 784 pixels; its count must be the same in every record); the label is an int64
 * feature with one value. The dataset's feature names are the given names when every feature holds exactly
 * one value (tabular data, re-encodable with {@link TfExamples}), and empty otherwise. Corrupt, truncated or
 * unparsable records are {@link IOException}s naming the file and the record index (0-based, per file).
 */
public final class TfRecordReader {
  private TfRecordReader() {}

  /** Reads every record of every file, in order. */
  public static Dataset read(String name, List<Path> files, List<String> featureNames, String labelFeature)
      throws IOException {
    if (featureNames.isEmpty() || new HashSet<>(featureNames).size() != featureNames.size()) {
      throw new IllegalArgumentException("dataset '" + name + "': feature names " + featureNames
          + " must be distinct and not empty");
    }
    if (featureNames.contains(labelFeature)) {
      throw new IllegalArgumentException("dataset '" + name + "': label feature '" + labelFeature
          + "' is also listed as a feature");
    }
    ExampleRows decoder = new ExampleRows(featureNames, labelFeature);
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (Path file : files) {
      try (TfRecordInput in = new TfRecordInput(file)) {
        for (byte[] record = in.next(); record != null; record = in.next()) {
          String where = file + ": record " + (in.index() - 1);
          Example example = parse(record, where);
          rows.add(decoder.row(example, where));
          labels.add(decoder.label(example, where));
        }
      }
    }
    int[] widths = decoder.widths();
    boolean scalarFeatures = widths != null && Arrays.stream(widths).allMatch(w -> w == 1);
    return new Dataset(name, scalarFeatures ? featureNames : List.of(), rows.toArray(new float[0][]),
        labels.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The raw records of one file, CRC-checked, for callers that parse them themselves. */
  public static List<byte[]> readRecords(Path file) throws IOException {
    List<byte[]> records = new ArrayList<>();
    try (TfRecordInput in = new TfRecordInput(file)) {
      for (byte[] record = in.next(); record != null; record = in.next()) {
        records.add(record);
      }
    }
    return records;
  }

  private static Example parse(byte[] record, String where) throws IOException {
    try {
      return Example.parseFrom(record);
    } catch (IOException e) { // InvalidProtocolBufferException
      throw new IOException(where + ": not a serialized tf.Example: " + e.getMessage(), e);
    }
  }
}
