package dev.frontier.transforms.beam;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The Write stage: {@code results*.parquet} (one row per candidate), {@code failures*.parquet} (one row
 * per failed model or candidate, possibly empty) and {@code summary.md} (each model's front) in the
 * output directory.
 */
public final class WriteSweepOutputs extends PTransform<SweepOutputs, PDone> {
  public static final String RESULTS_PREFIX = "results";
  public static final String FAILURES_PREFIX = "failures";
  public static final String SUMMARY_FILE = "summary";
  private static final String PARQUET_SUFFIX = ".parquet";

  private final String outputDir;

  private WriteSweepOutputs(String outputDir) {
    this.outputDir = outputDir;
  }

  public static WriteSweepOutputs to(String outputDir) {
    return new WriteSweepOutputs(outputDir);
  }

  @Override
  public PDone expand(SweepOutputs outputs) {
    PCollection<GenericRecord> results = outputs.results()
        .apply("ResultRows", MapElements.into(TypeDescriptor.of(GenericRecord.class)).via(ParquetRows::of))
        .setCoder(AvroCoder.of(GenericRecord.class, ParquetRows.RESULT));
    PCollection<GenericRecord> failures = outputs.failures()
        .apply("FailureRows", MapElements.into(TypeDescriptor.of(GenericRecord.class)).via(ParquetRows::of))
        .setCoder(AvroCoder.of(GenericRecord.class, ParquetRows.FAILURE));
    results.apply("WriteResults", parquet(ParquetRows.RESULT, RESULTS_PREFIX));
    failures.apply("WriteFailures", parquet(ParquetRows.FAILURE, FAILURES_PREFIX));
    results.apply("CountResults", Count.globally())
        .apply("EmptyResultsFile", ParDo.of(new EmptyParquetFn(outputDir, RESULTS_PREFIX, ParquetRows.RESULT)));
    failures.apply("CountFailures", Count.globally())
        .apply("EmptyFailuresFile", ParDo.of(new EmptyParquetFn(outputDir, FAILURES_PREFIX, ParquetRows.FAILURE)));
    outputs.summary().apply("WriteSummary",
        TextIO.write().to(outputDir + "/" + SUMMARY_FILE).withSuffix(".md").withoutSharding());
    return PDone.in(outputs.results().getPipeline());
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
