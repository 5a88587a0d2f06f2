package dev.frontier.transforms.beam.io;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Given the row count of an output, writes a Parquet file with the schema and no rows when the count is
 * zero. FileIO writes no file at all for an empty collection; a reader of the output directory should
 * still find {@code failures*.parquet} (meaning "no failures") rather than nothing.
 */
public class EmptyParquetFn extends DoFn<Long, Void> {
  private final String outputDir;
  private final String prefix;
  private final String schemaJson;

  public EmptyParquetFn(String outputDir, String prefix, Schema schema) {
    this.outputDir = outputDir;
    this.prefix = prefix;
    this.schemaJson = schema.toString();
  }

  @ProcessElement
  public void process(@Element Long rows) throws IOException {
    if (rows > 0) {
      return;
    }
    ResourceId dir = FileSystems.matchNewResource(outputDir, true);
    ResourceId file = dir.resolve(prefix + "-00000-of-00001.parquet",
        StandardResolveOptions.RESOLVE_FILE);
    ParquetFiles.write(file, new Schema.Parser().parse(schemaJson), List.of());
  }
}
