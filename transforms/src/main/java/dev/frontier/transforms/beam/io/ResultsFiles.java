package dev.frontier.transforms.beam.io;

import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Reads a finished sweep's {@code results*.parquet} and {@code failures*.parquet} back into rows, from a
 * local folder or any Beam filesystem (a remote file is copied to a temporary local file first: Parquet reads
 * by seeking).
 */
public final class ResultsFiles {
  /** File name prefixes of a sweep's output: {@code results-*.parquet}, {@code failures-*.parquet}, summary.md. */
  public static final String RESULTS_PREFIX = "results";
  public static final String FAILURES_PREFIX = "failures";
  public static final String SUMMARY_FILE = "summary";

  private ResultsFiles() {}

  /**
   * Every results row in {@code outputDir}.
   *
   * @throws IOException when there is no results file (not a sweep's output) or one cannot be read
   */
  public static List<CandidateResult> read(String outputDir) throws IOException {
    return rows(outputDir, RESULTS_PREFIX, ParquetRows::result);
  }

  /**
   * Every failure record in {@code outputDir} (none when the sweep wrote an empty failures file).
   *
   * @throws IOException when there is no failures file (not a sweep's output) or one cannot be read
   */
  public static List<FailureRecord> readFailures(String outputDir) throws IOException {
    return rows(outputDir, FAILURES_PREFIX, ParquetRows::failure);
  }

  private static <T> List<T> rows(String outputDir, String prefix, Function<GenericRecord, T> row)
      throws IOException {
    String pattern = outputDir + "/" + prefix + "*.parquet";
    MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      throw new IOException(outputDir + " holds no " + prefix
          + "*.parquet: not the output of a finished sweep");
    }
    List<T> rows = new ArrayList<>();
    for (MatchResult.Metadata file : match.metadata()) {
      Path local = Files.createTempFile("frontier-" + prefix, ".parquet");
      try {
        try (InputStream in = Channels.newInputStream(FileSystems.open(file.resourceId()))) {
          Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
        }
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(HadoopInputFile.fromPath(
            new org.apache.hadoop.fs.Path(local.toUri()), new Configuration())).build()) {
          for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
            rows.add(row.apply(r));
          }
        } catch (RuntimeException e) {
          throw new IOException(file.resourceId() + " is not a " + prefix + " file of this Frontier version ("
              + e.getMessage() + "); run the sweep again", e);
        }
      } finally {
        Files.deleteIfExists(local);
      }
    }
    return rows;
  }
}
