package dev.frontier.pipelines.cli;

import dev.frontier.pipelines.config.CatalogueLoader;
import dev.frontier.transforms.beam.io.ParquetFiles;
import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.calibrate.CalibrationParams;
import dev.frontier.transforms.calibrate.Calibrator;
import dev.frontier.transforms.calibrate.RangeEstimators;
import dev.frontier.transforms.compress.Granularity;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.config.SubsetSpec;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.data.Splits;
import dev.frontier.transforms.measure.LayerSensitivity;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.SavedModelImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code frontier sensitivity}: quantizes one layer of one model at a time to full-integer int8 (every other
 * layer float) and reports what each layer costs, so a user sees which layer to keep float. A table on
 * standard output, the same rows as a Parquet file.
 */
@Command(
    name = "sensitivity",
    mixinStandardHelpOptions = true,
    description = {
      "Measure how much int8 quantization of each layer alone costs one model.",
      "",
      "Calibrates activation ranges on the model's calibration rows, then for every compressible layer"
          + " builds the int8 candidate that quantizes only that layer and measures it on the evaluation"
          + " rows: top-1 accuracy, change against float (percentage points), agreement with float and"
          + " output SQNR (dB; +inf when the scores are unchanged).",
      "",
      "The table is sorted most sensitive first and ends with the float model and the all-layers int8"
          + " model for reference; the same rows are written to --output as Parquet. Keep a layer float in"
          + " a sweep with the int8 method's skip_layers parameter.",
      "",
      "The catalogue, model and datasets may be URLs (gs://, hdfs://, file://), copied to the local staging"
          + " directory first; other --key=value arguments are Beam options for those filesystems. --output is"
          + " a local file.",
      "",
      "Exit code 1 if some layer could not be quantized (its row carries the error), 2 for bad arguments."
    })
public final class SensitivityCommand implements Callable<Integer> {
  /** Layer name of the float reference row. */
  static final String FLOAT_ROW = "float";
  static final String DEFAULT_OUTPUT_DIR = "out";
  private static final String PERCENTILE = "percentile";

  @Option(names = "--catalogue", required = true, description = "Catalogue YAML, a path or URL (see configs/).")
  String catalogue;

  @Option(names = "--model", required = true, description = "The model id, as the catalogue names it.")
  String modelId;

  @Option(names = "--calibration", defaultValue = "percentile",
      description = "Calibration method: minmax, percentile, entropy or mse (default: ${DEFAULT-VALUE}).")
  String calibration;

  @Option(names = "--percentile", description = "For percentile calibration: the percentile of each tail that"
      + " bounds a range, e.g. 99.9, 99.99, 99.999 (default: 99.99).")
  Double percentile;

  @Option(names = "--samples", defaultValue = "500",
      description = "Calibration rows, taken from the model's calibration subset (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--granularity", defaultValue = "per-channel",
      description = "int8 weight scales: per-channel or per-tensor (default: ${DEFAULT-VALUE}).")
  String granularity;

  @Option(names = "--output", description = "Parquet file to write (default: out/sensitivity-<model>.parquet).")
  Path output;

  @Option(names = "--rows", description = "Evaluate on N rows instead of the catalogue's evaluation rows, drawn"
      + " apart from the calibration rows when the dataset has room (default: the catalogue's).")
  Integer rows;

  @Option(names = "--batch-rows", defaultValue = "256",
      description = "Rows per Session.run (default: ${DEFAULT-VALUE}).")
  int batchRows;

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Granularity g = parseGranularity();
    RangeEstimators.get(calibration);
    if (percentile != null && !PERCENTILE.equals(calibration)) {
      throw new IllegalArgumentException("--percentile applies to --calibration " + PERCENTILE + ", not " + calibration);
    }
    CalibrationParams calibrationParams = percentile == null
        ? CalibrationParams.DEFAULTS : CalibrationParams.DEFAULTS.withPercentile(percentile);
    requirePositive("--samples", samples);
    requirePositive("--batch-rows", batchRows);
    if (rows != null) {
      requirePositive("--rows", rows);
    }
    FileSystems.setDefaultPipelineOptions(
        PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new)).withValidation().create());
    Catalogue cat = CatalogueLoader.load(catalogue).only(List.of(modelId));
    ModelEntry model = cat.models().get(0);
    if (model.calibration() == null) {
      throw new IllegalArgumentException(catalogue + ": model '" + modelId + "' has no calibration subset;"
          + " add calibration: {dataset: NAME, rows: N, seed: S} to its entry");
    }
    Path out = output != null ? output : Path.of(DEFAULT_OUTPUT_DIR, "sensitivity-" + modelId + ".parquet");

    Splits.Split split = split(cat, model);
    if (samples > split.calibration().size()) {
      throw new IllegalArgumentException("--samples " + samples + ": model '" + modelId + "' has "
          + split.calibration().size() + " calibration rows in " + catalogue + " (its calibration: rows)");
    }
    Dataset evaluation = split.evaluation();
    System.err.printf(Locale.ROOT, "sensitivity: importing %s%n", modelId);
    ModelIr ir = SavedModelImporter.importModel(model.importRequest(StagedFiles.create()));
    System.err.printf(Locale.ROOT, "sensitivity: %s calibration on %d rows; %d layers + all layers on %d"
        + " evaluation rows%n", calibration, samples, ir.layers().size(), evaluation.size());
    ActivationRanges ranges = Calibrator.calibrate(ir, split.calibration(), samples, calibration,
        calibrationParams);
    LayerSensitivity.Report report = LayerSensitivity.measure(ir, model.outputKey(), evaluation, ranges, g,
        batchRows);

    printTable(report);
    writeParquet(report, out);
    System.out.printf(Locale.ROOT, "wrote %s (%d rows)%n", out, report.rows().size() + 1);
    List<String> top = LayerSensitivity.mostSensitive(report.rows(), 1);
    if (!top.isEmpty()) {
      System.out.printf(Locale.ROOT, "to keep the most sensitive layer float, give the int8 method"
          + " skip_layers: [%s]%n", top.get(0));
    }
    long failed = report.rows().stream().filter(r -> r.error() != null).count();
    if (failed > 0) {
      System.err.printf(Locale.ROOT, "%d of %d rows could not be measured (see their error)%n", failed,
          report.rows().size());
    }
    return failed > 0 ? 1 : 0;
  }

  private Granularity parseGranularity() {
    try {
      return Granularity.parse(granularity);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--granularity " + e.getMessage(), e);
    }
  }

  private static void requirePositive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
  }

  /**
   * The model's calibration and evaluation rows as the catalogue draws them; with {@code --rows N}, drawn
   * as if the catalogue asked for N evaluation rows (so they stay apart from the calibration rows when the
   * dataset has room for both).
   */
  private Splits.Split split(Catalogue cat, ModelEntry model) {
    SubsetSpec eval = model.evaluation();
    if (rows == null || (!eval.allRows() && rows >= eval.rows())) {
      return ModelData.shared(cat, StagedFiles.create()).split(model);
    }
    ModelEntry capped = new ModelEntry(model.id(), model.savedModelDir(), model.signatureKey(), model.outputKey(),
        model.tags(), model.trusted(), new SubsetSpec(eval.dataset(), rows, eval.seed()), model.calibration(),
        model.expectedAccuracy());
    try {
      return new ModelData(cat, StagedFiles.create()).split(capped);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--rows " + rows + ": " + e.getMessage(), e);
    }
  }

  /** The float reference row: the model itself, every metric against itself. */
  static LayerSensitivity.Row floatRow(LayerSensitivity.Report report) {
    return new LayerSensitivity.Row(FLOAT_ROW, LayerSensitivity.REFERENCE_OP, report.allLayers().params(),
        report.floatAccuracy(), 0, 1, Double.POSITIVE_INFINITY, null);
  }

  private static void printTable(LayerSensitivity.Report r) {
    System.out.printf(Locale.ROOT, "%s: int8 %s, %s calibration on %d rows, %d evaluation rows, float accuracy"
        + " %.4f%n", r.modelId(), r.granularity(), r.calibration(), r.calibrationSamples(), r.evaluationRows(),
        r.floatAccuracy());
    List<LayerSensitivity.Row> lines = new ArrayList<>(r.layerRows());
    lines.sort(LayerSensitivity.MOST_SENSITIVE_FIRST);
    List<LayerSensitivity.Row> references = List.of(floatRow(r), r.allLayers());
    int width = "layer".length();
    int opWidth = "op".length();
    for (LayerSensitivity.Row row : r.rows()) {
      width = Math.max(width, row.layer().length());
      opWidth = Math.max(opWidth, row.op().length());
    }
    String head = "%-" + width + "s  %-" + opWidth + "s %10s %9s %9s %9s %9s  %s%n";
    System.out.printf(Locale.ROOT, head, "layer", "op", "params", "accuracy", "delta_pp", "agreement", "sqnr_db",
        "error");
    for (LayerSensitivity.Row row : lines) {
      System.out.print(line(row, width, opWidth));
    }
    for (LayerSensitivity.Row row : references) {
      System.out.print(line(row, width, opWidth));
    }
  }

  private static String line(LayerSensitivity.Row row, int width, int opWidth) {
    String start = String.format(Locale.ROOT, "%-" + width + "s  %-" + opWidth + "s %10d ", row.layer(), row.op(),
        row.params());
    if (row.error() != null) {
      return start + String.format(Locale.ROOT, "%9s %9s %9s %9s  %s%n", "-", "-", "-", "-", row.error());
    }
    return start + String.format(Locale.ROOT, "%9.4f %+9.2f %9.4f %9s%n", row.accuracy(), row.accuracyDeltaPp(),
        row.agreement(), db(row.sqnrDb()));
  }

  private static String db(double sqnrDb) {
    if (Double.isInfinite(sqnrDb)) {
      return sqnrDb > 0 ? "+inf" : "-inf";
    }
    return String.format(Locale.ROOT, "%.2f", sqnrDb);
  }

  /** The Parquet schema: one row per layer in graph order, then the float and all-layers references. */
  static final Schema SCHEMA = SchemaBuilder.record("LayerSensitivity").namespace("dev.frontier").fields()
      .requiredString("model_id")
      .requiredString("layer")
      .requiredString("op")
      .requiredLong("params")
      .optionalDouble("accuracy")
      .requiredDouble("float_accuracy")
      .optionalDouble("accuracy_delta_pp")
      .optionalDouble("agreement")
      .optionalDouble("sqnr_db")
      .optionalString("error")
      .requiredString("granularity")
      .requiredString("calibration")
      .requiredInt("calibration_samples")
      .requiredInt("evaluation_rows")
      .endRecord();

  private static void writeParquet(LayerSensitivity.Report report, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    List<LayerSensitivity.Row> rows = new ArrayList<>(report.layerRows());
    rows.add(floatRow(report));
    rows.add(report.allLayers());
    List<GenericRecord> records = new ArrayList<>();
    for (LayerSensitivity.Row row : rows) {
      GenericRecord g = new GenericData.Record(SCHEMA);
      boolean ok = row.error() == null;
      g.put("model_id", report.modelId());
      g.put("layer", row.layer());
      g.put("op", row.op());
      g.put("params", row.params());
      g.put("accuracy", ok ? row.accuracy() : null);
      g.put("float_accuracy", report.floatAccuracy());
      g.put("accuracy_delta_pp", ok ? row.accuracyDeltaPp() : null);
      g.put("agreement", ok ? row.agreement() : null);
      g.put("sqnr_db", ok ? row.sqnrDb() : null);
      g.put("error", row.error());
      g.put("granularity", report.granularity().text());
      g.put("calibration", report.calibration());
      g.put("calibration_samples", report.calibrationSamples());
      g.put("evaluation_rows", report.evaluationRows());
      records.add(g);
    }
    ParquetFiles.write(file.toAbsolutePath().toString(), SCHEMA, records);
  }
}
