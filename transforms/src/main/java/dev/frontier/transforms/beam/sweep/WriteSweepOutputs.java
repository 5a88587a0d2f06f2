package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.io.EmptyParquetFn;
import dev.frontier.transforms.beam.io.ParquetRows;
import dev.frontier.transforms.beam.io.ResultsFiles;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Write stage: {@code results*.parquet} (one row per candidate), {@code failures*.parquet} (one row
 * per failed model or candidate, possibly empty), {@code summary.md} (each model's front) and
 * {@code report.html} (the fronts plotted, {@link WriteReport}) in the output directory. The directory may be
 * a path or a URL of any Beam filesystem.
 */
public final class WriteSweepOutputs extends PTransform<SweepOutputs, PDone> {
  /** Where Beam's file writers keep their files until the job commits them (FileBasedSink's name); empty afterwards. */
  public static final String TEMP_DIR = ".temp-beam";
  private static final String PARQUET_SUFFIX = ".parquet";
  private static final Logger LOG = LoggerFactory.getLogger(WriteSweepOutputs.class);

  private final String outputDir;
  private final Double accuracyBudgetPp;

  private WriteSweepOutputs(String outputDir, Double accuracyBudgetPp) {
    this.outputDir = outputDir;
    this.accuracyBudgetPp = accuracyBudgetPp;
  }

  public static WriteSweepOutputs to(String outputDir) {
    return new WriteSweepOutputs(outputDir, null);
  }

  /** The same, with the sweep's accuracy budget (percentage points), which the report draws as a band. */
  public WriteSweepOutputs withBudget(Double accuracyBudgetPp) {
    return new WriteSweepOutputs(outputDir, accuracyBudgetPp);
  }

  @Override
  public PDone expand(SweepOutputs outputs) {
    PCollection<GenericRecord> results = outputs.results()
        .apply("ResultRows", MapElements.into(TypeDescriptor.of(GenericRecord.class)).via(ParquetRows::of))
        .setCoder(AvroCoder.of(GenericRecord.class, ParquetRows.RESULT));
    PCollection<GenericRecord> failures = outputs.failures()
        .apply("FailureRows", MapElements.into(TypeDescriptor.of(GenericRecord.class)).via(ParquetRows::of))
        .setCoder(AvroCoder.of(GenericRecord.class, ParquetRows.FAILURE));
    results.apply("WriteResults", parquet(ParquetRows.RESULT, ResultsFiles.RESULTS_PREFIX));
    failures.apply("WriteFailures", parquet(ParquetRows.FAILURE, ResultsFiles.FAILURES_PREFIX));
    results.apply("CountResults", Count.globally())
        .apply("EmptyResultsFile", ParDo.of(new EmptyParquetFn(outputDir, ResultsFiles.RESULTS_PREFIX, ParquetRows.RESULT)));
    failures.apply("CountFailures", Count.globally())
        .apply("EmptyFailuresFile", ParDo.of(new EmptyParquetFn(outputDir, ResultsFiles.FAILURES_PREFIX, ParquetRows.FAILURE)));
    outputs.summary().apply("WriteSummary",
        TextIO.write().to(outputDir + "/" + ResultsFiles.SUMMARY_FILE).withSuffix(".md").withoutSharding());
    outputs.apply("WriteReport", WriteReport.to(outputDir).withBudget(accuracyBudgetPp));
    return PDone.in(outputs.results().getPipeline());
  }

  /**
   * Removes the writers' temporary directory once the job has finished: Beam deletes the temporary files in
   * it but leaves the directory itself on filesystems that have directories. One that still holds files (a
   * failed job's) is kept.
   */
  public static void deleteTempDirectory(String outputDir) {
    try {
      // Not IGNORE_MISSING_FILES: that option matches the resource first, and a directory never matches.
      FileSystems.delete(List.of(FileSystems.matchNewResource(outputDir + "/" + TEMP_DIR, true)));
    } catch (IOException e) {
      LOG.info("kept {}/{}: {}", outputDir, TEMP_DIR, e.toString());
    }
  }

  private FileIO.Write<Void, GenericRecord> parquet(Schema schema, String prefix) {
    return FileIO.<GenericRecord>write()
        .via(ParquetIO.sink(schema))
        .to(outputDir)
        .withPrefix(prefix)
        .withSuffix(PARQUET_SUFFIX)
        .withNumShards(1);
  }
}
