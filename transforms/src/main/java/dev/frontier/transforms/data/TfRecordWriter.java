package dev.frontier.transforms.data;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

/**
 * Writes TFRecord files that TensorFlow and {@link TfRecordReader} read: each record framed with its length
 * and the masked CRC32Cs of length and data, optionally gzip or zlib compressed as TF's
 * {@code TFRecordOptions} would. Also converts a {@link Dataset} to tf.Examples, so users can turn IDX or
 * CSV data into TFRecords.
 */
public final class TfRecordWriter implements Closeable {
  /** Whole-file compression, as TF names it. */
  public enum Compression { NONE, GZIP, ZLIB }

  private final OutputStream out;
  private final byte[] header = new byte[TfRecordFormat.HEADER_BYTES];
  private final byte[] footer = new byte[TfRecordFormat.CRC_BYTES];
  private long recordCount;

  private TfRecordWriter(OutputStream out) {
    this.out = out;
  }

  /** Creates (or replaces) {@code file}. */
  public static TfRecordWriter create(Path file, Compression compression) throws IOException {
    OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), DataFileStreams.BUFFER_BYTES);
    switch (compression) {
      case GZIP: return new TfRecordWriter(new GZIPOutputStream(raw, DataFileStreams.BUFFER_BYTES));
      case ZLIB: return new TfRecordWriter(new DeflaterOutputStream(raw));
      default: return new TfRecordWriter(raw);
    }
  }

  /** Appends one record. */
  public void write(byte[] data) throws IOException {
    TfRecordFormat.writeLongLe(header, 0, data.length);
    TfRecordFormat.writeIntLe(header, TfRecordFormat.LENGTH_BYTES,
        TfRecordFormat.maskedCrc32c(header, 0, TfRecordFormat.LENGTH_BYTES));
    TfRecordFormat.writeIntLe(footer, 0, TfRecordFormat.maskedCrc32c(data, 0, data.length));
    out.write(header);
    out.write(data);
    out.write(footer);
    recordCount++;
  }

  public long recordCount() { return recordCount; }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /**
   * One tf.Example per row: one single-value float feature per dataset feature name (tabular data) and the
   * label as a one-value int64 feature named {@code labelFeature}.
   */
  public static void writeColumns(Path file, Dataset dataset, String labelFeature, Compression compression)
      throws IOException {
    List<String> names = dataset.featureNames();
    if (names.isEmpty() && dataset.rowWidth() > 0) {
      throw new IllegalArgumentException("dataset '" + dataset.name() + "' has no feature names; use writeRows");
    }
    try (TfRecordWriter w = create(file, compression)) {
      for (int r = 0; r < dataset.size(); r++) {
        Features.Builder f = Features.newBuilder();
        for (int j = 0; j < names.size(); j++) {
          f.putFeature(names.get(j), floats(dataset.features()[r], j, 1));
        }
        w.write(example(f, labelFeature, dataset.labels()[r]));
      }
    }
  }

  /** One tf.Example per row: the whole row as one float feature named {@code rowFeature}, plus the label. */
  public static void writeRows(Path file, Dataset dataset, String rowFeature, String labelFeature,
      Compression compression) throws IOException {
    try (TfRecordWriter w = create(file, compression)) {
      for (int r = 0; r < dataset.size(); r++) {
        float[] row = dataset.features()[r];
        Features.Builder f = Features.newBuilder().putFeature(rowFeature, floats(row, 0, row.length));
        w.write(example(f, labelFeature, dataset.labels()[r]));
      }
    }
  }

  private static Feature floats(float[] row, int from, int count) {
    FloatList.Builder values = FloatList.newBuilder();
    for (int i = from; i < from + count; i++) {
      values.addValue(row[i]);
    }
    return Feature.newBuilder().setFloatList(values).build();
  }

  private static byte[] example(Features.Builder features, String labelFeature, int label) {
    if (features.containsFeature(labelFeature)) {
      throw new IllegalArgumentException("label feature '" + labelFeature + "' clashes with a feature name");
    }
    features.putFeature(labelFeature, Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(label)).build());
    return Example.newBuilder().setFeatures(features).build().toByteArray();
  }
}
