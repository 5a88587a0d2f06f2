package dev.frontier.transforms.beam.io;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Writes one Parquet file outside a pipeline, with the same sink the sweep's outputs use ({@link ParquetIO}) and
 * through Beam's {@link FileSystems}, so a path or a URL of any registered filesystem works. For small outputs
 * written by one process: a command's report, an empty output of a sweep.
 */
public final class ParquetFiles {
  private ParquetFiles() {}

  /** Writes {@code rows} (of {@code schema}) to {@code file}, replacing it; no rows gives a valid empty file. */
  public static void write(ResourceId file, Schema schema, List<GenericRecord> rows) throws IOException {
    ParquetIO.Sink sink = ParquetIO.sink(schema);
    try (WritableByteChannel channel = FileSystems.create(file, MimeTypes.BINARY)) {
      sink.open(channel);
      for (GenericRecord row : rows) {
        sink.write(row);
      }
      sink.flush();
    }
  }

  /** As {@link #write(ResourceId, Schema, List)}, for a file named by a path or URL. */
  public static void write(String file, Schema schema, List<GenericRecord> rows) throws IOException {
    write(FileSystems.matchNewResource(file, false), schema, rows);
  }
}
