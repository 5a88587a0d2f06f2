package dev.frontier.pipelines.train;

import dev.frontier.transforms.beam.train.TrainDataSpec;
import dev.frontier.transforms.beam.train.TrainModels;
import dev.frontier.transforms.beam.train.TrainedModelRecord;
import dev.frontier.transforms.train.ArchitectureSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the demo catalogue on Fashion-MNIST as one Beam pipeline, one model per element, several at once:
 *
 * <pre>
 * CatalogueSpecs → TrainModels (train, export to &lt;outputDir&gt;/&lt;id&gt;/, measure the export on the test split)
 *   → GatherModels → WriteCatalogue (&lt;outputDir&gt;/catalogue.yaml, training-records.json)
 * </pre>
 *
 * <p>Why: Frontier needs SavedModels of known accuracy (MLPs, BatchNorm CNNs, a depthwise-separable CNN)
 * to sweep; this makes them reproducibly (same seed, same weights) on a laptop. On the DirectRunner the
 * parallelism is {@value #DEFAULT_TARGET_PARALLELISM} models at a time unless {@code --targetParallelism}
 * says otherwise; each model trains on one thread.
 */
public final class TrainCatalogue {
  /** Training rows used per model by {@code --quick}. */
  public static final int QUICK_TRAIN_ROWS = 5000;
  public static final int DEFAULT_TARGET_PARALLELISM = 2;
  private static final String TARGET_PARALLELISM_FLAG = "--targetParallelism";
  private static final String CATALOGUE_KEY = "catalogue";
  private static final double NANOS_PER_SECOND = 1e9;
  private static final Logger LOG = LoggerFactory.getLogger(TrainCatalogue.class);

  private TrainCatalogue() {}

  public static void main(String[] args) throws IOException {
    run(options(args));
  }

  /** Parses Beam-style arguments; adds {@code --targetParallelism=2} unless given. */
  public static TrainCatalogueOptions options(String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    if (all.stream().noneMatch(a -> a.startsWith(TARGET_PARALLELISM_FLAG))) {
      all.add(TARGET_PARALLELISM_FLAG + "=" + DEFAULT_TARGET_PARALLELISM);
    }
    PipelineOptionsFactory.register(TrainCatalogueOptions.class);
    return PipelineOptionsFactory.fromArgs(all.toArray(String[]::new)).withValidation()
        .as(TrainCatalogueOptions.class);
  }

  /** Validates the inputs, trains every model, writes the catalogue and returns the records in catalogue order. */
  public static List<TrainedModelRecord> run(TrainCatalogueOptions options) throws IOException {
    Path outputDir = Path.of(options.getOutputDir()).toAbsolutePath().normalize();
    TrainDataSpec data = TrainDataSpec.idxFolder(Path.of(options.getFashionMnistDir()).toAbsolutePath().normalize())
        .withTrainRowLimit(options.getQuick() ? QUICK_TRAIN_ROWS : TrainDataSpec.ALL_ROWS);
    List<ArchitectureSpec> specs = options.getBenchmarkModels() > 0
        ? TrainCatalogueSpecs.benchmark(options.getBenchmarkModels(), options.getSeed())
        : options.getQuick()
            ? TrainCatalogueSpecs.quick(options.getSeed())
            : TrainCatalogueSpecs.defaults(options.getSeed());
    data.checkReadable();
    Files.createDirectories(outputDir);
    TrainCatalogueYaml yaml = new TrainCatalogueYaml(data, options.getSeed(), options.getQuick());

    LOG.info("training {} models into {}{}: {}", specs.size(), outputDir, options.getQuick() ? " (quick)" : "",
        specs.stream().map(ArchitectureSpec::id).collect(Collectors.joining(", ")));
    long start = System.nanoTime();
    PipelineResult.State state = build(options, specs, data, outputDir, yaml).run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("catalogue training ended in state " + state);
    }
    List<TrainedModelRecord> records = TrainCatalogueRecords.read(outputDir.resolve(TrainCatalogueRecords.FILE_NAME));
    checkComplete(specs, records);
    LOG.info("catalogue {} written in {} s wall:{}", outputDir.resolve(TrainCatalogueYaml.FILE_NAME),
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / NANOS_PER_SECOND), summary(records));
    return records;
  }

  static Pipeline build(TrainCatalogueOptions options, List<ArchitectureSpec> specs, TrainDataSpec data,
      Path outputDir, TrainCatalogueYaml yaml) {
    Pipeline p = Pipeline.create(options);
    List<String> order = specs.stream().map(ArchitectureSpec::id).collect(Collectors.toList());
    p.apply("CatalogueSpecs", Create.of(specs).withCoder(SerializableCoder.of(ArchitectureSpec.class)))
        .apply("TrainModels", TrainModels.to(outputDir.toString(), data))
        .apply("KeyAsOneCatalogue", WithKeys.of(CATALOGUE_KEY))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(TrainedModelRecord.class)))
        .apply("GatherModels", GroupByKey.create())
        .apply("WriteCatalogue", ParDo.of(new TrainCatalogueWriteFn(outputDir.toString(), order, yaml)));
    return p;
  }

  private static void checkComplete(List<ArchitectureSpec> specs, List<TrainedModelRecord> records) {
    var expected = specs.stream().map(ArchitectureSpec::id).collect(Collectors.toSet());
    var got = new HashSet<>(records.stream().map(TrainedModelRecord::id).collect(Collectors.toList()));
    if (!expected.equals(got) || records.size() != specs.size()) {
      throw new IllegalStateException("catalogue lists " + got + " but " + expected + " were trained");
    }
  }

  private static String summary(List<TrainedModelRecord> records) {
    return records.stream()
        .map(r -> String.format(Locale.ROOT, "%n  %-24s top-1 %.4f  trained in %6.1f s", r.id(), r.testAccuracy(),
            r.trainSeconds()))
        .collect(Collectors.joining());
  }
}
