package dev.frontier.pipelines;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.frontier.pipelines.config.CatalogueLoader;
import dev.frontier.pipelines.config.SweepLoader;
import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.SweepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The tiny sweep the pipeline tests share: two real models from {@code ../shared} (the MNIST MLP on 1000
 * rows with a calibration subset, the TFX Iris model without one), one broken model, and a sweep of
 * int8-weight per-channel and full-integer int8 (min/max on 100 rows) × {none, 50 % global magnitude}. The
 * broken model and Iris' full-integer candidates (no calibration subset) become failure records. Runs it on
 * any runner and reads its Parquet outputs back.
 */
final class TinySweep {
  /** The sweep's accuracy budget, percentage points. */
  static final double ACCURACY_BUDGET_PP = 1.0;

  final Catalogue catalogue;
  final SweepSpec sweep;
  final Path sweepFile;

  private TinySweep(Catalogue catalogue, SweepSpec sweep, Path sweepFile) {
    this.catalogue = catalogue;
    this.sweep = sweep;
    this.sweepFile = sweepFile;
  }

  /** Writes catalogue.yaml and sweep.yaml into {@code dir} (which also serves as the broken model). */
  static TinySweep in(Path dir) throws IOException {
    Path catalogue = Files.writeString(dir.resolve("catalogue.yaml"), """
        datasets:
          mnist: {format: idx, images: %1$s/data/mnist/t10k-images-idx3-ubyte.gz,
                  labels: %1$s/data/mnist/t10k-labels-idx1-ubyte.gz, scale: 0.00392156862745098}
          iris: {format: csv, path: %1$s/data/iris/iris.csv, label: variety}
        models:
          - id: mlp
            path: %1$s/models/mnist-mlp-csdai0324
            evaluation: {dataset: mnist, rows: 1000, seed: 1}
            calibration: {dataset: mnist, rows: 200, seed: 1}
          - id: iris
            path: %1$s/models/iris-keras-tfx
            evaluation: {dataset: iris, rows: all}
          - id: broken
            path: %2$s
            evaluation: {dataset: iris, rows: all}
        """.formatted(SharedFixtures.root(), dir));
    Path sweep = Files.writeString(dir.resolve("sweep.yaml"), """
        quantization:
          - method: int8-weight
            granularity: per-channel
          - method: int8
            granularity: per-channel
            calibration: minmax
            calibration_samples: 100
            keep_float_most_sensitive: [0, 1]
        pruning:
          - method: magnitude
            sparsity: 0.5
            scope: global
        accuracy_budget_pp: %s
        latency: {warmup_runs: 1, rounds: 3}
        """.formatted(ACCURACY_BUDGET_PP));
    return new TinySweep(CatalogueLoader.load(catalogue), SweepLoader.load(sweep), sweep);
  }

  /**
   * Runs the sweep to completion with {@code options}, writing into {@code out}, and records its inputs there
   * as {@code frontier sweep} does (for {@code frontier export}).
   */
  PipelineResult run(PipelineOptions options, Path out) throws IOException {
    PipelineResult result = Sweep.run(options, catalogue, sweep, out.toString());
    SweepRecord.write(out.toString(), catalogue.source(), sweepFile);
    return result;
  }

  /** One finished DirectRunner run of the tiny sweep: where it wrote and what the pipeline reported. */
  record Run(TinySweep sweep, Path dir, Path out, PipelineResult result) {}

  private static Run direct;

  /**
   * The tiny sweep run once per test JVM on the DirectRunner, into a temporary folder deleted at exit; the
   * test classes that only read its outputs share it instead of sweeping again.
   */
  static synchronized Run directRun() throws IOException {
    if (direct == null) {
      Path dir = Files.createTempDirectory("tiny-sweep");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(dir.toFile())));
      TinySweep tiny = in(dir);
      Path out = dir.resolve("out");
      direct = new Run(tiny, dir, out, tiny.run(PipelineOptionsFactory.create(), out));
    }
    return direct;
  }

  /** Every row of the {@code prefix*.parquet} files in {@code out} (at least one file must exist). */
  static List<GenericRecord> read(Path out, String prefix) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(out)) {
      files = s.filter(p -> p.getFileName().toString().startsWith(prefix)
          && p.getFileName().toString().endsWith(".parquet")).sorted().collect(Collectors.toList());
    }
    assertFalse(files.isEmpty(), "no " + prefix + "*.parquet in " + out);
    for (Path f : files) {
      try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
          HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(f.toString()), new Configuration())).build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          rows.add(r);
        }
      }
    }
    return rows;
  }

  static String str(GenericRecord r, String field) {
    Object v = r.get(field);
    return v == null ? null : v.toString();
  }

  static double num(GenericRecord r, String field) {
    return ((Number) r.get(field)).doubleValue();
  }
}
