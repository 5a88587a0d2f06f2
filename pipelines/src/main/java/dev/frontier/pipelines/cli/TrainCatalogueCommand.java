package dev.frontier.pipelines.cli;

import dev.frontier.pipelines.train.TrainCatalogue;
import dev.frontier.pipelines.train.TrainCatalogueOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code frontier train-catalogue}: trains the demo catalogue on Fashion-MNIST as a Beam pipeline. */
@Command(
    name = "train-catalogue",
    mixinStandardHelpOptions = true,
    description = {
      "Train the demo catalogue of Fashion-MNIST models and write its catalogue.yaml.",
      "",
      "MLPs and BatchNorm CNNs are trained one model per element, in parallel, each exported as an",
      "inference-only SavedModel beside catalogue.yaml.",
      "Other --key=value arguments go to Beam (e.g. --runner=DirectRunner --targetParallelism=2)."
    })
public final class TrainCatalogueCommand implements Callable<Integer> {

  @Option(names = "--output-dir", defaultValue = "models/demo",
      description = "Local directory the SavedModels and catalogue.yaml go to; TensorFlow writes them, so no URLs "
          + "(copy them to shared storage afterwards) (default: ${DEFAULT-VALUE}).")
  Path outputDir;

  @Option(names = "--fashion-mnist-dir", defaultValue = "/usr/share/datasets/fashion-mnist",
      description = "Folder with the Fashion-MNIST IDX files (Debian package dataset-fashion-mnist; "
          + "default: ${DEFAULT-VALUE}).")
  Path fashionMnistDir;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of initialisation and shuffling (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--quick", description = "Train for a fraction of the epochs (smoke runs; targets are not met).")
  boolean quick;

  @Option(names = "--benchmark-models", defaultValue = "0",
      description = "Train this many distinct small MLPs (varied widths and seeds) instead of the demo catalogue, "
          + "for scale benchmarks (default: ${DEFAULT-VALUE} = the demo catalogue).")
  int benchmarkModels;

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(fashionMnistDir)) {
      throw new IllegalArgumentException("Fashion-MNIST folder " + fashionMnistDir + " does not exist; "
          + "install the Debian package dataset-fashion-mnist or pass --fashion-mnist-dir");
    }
    TrainCatalogueOptions options = PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new))
        .withValidation().as(TrainCatalogueOptions.class);
    options.setOutputDir(outputDir.toAbsolutePath().toString());
    options.setFashionMnistDir(fashionMnistDir.toAbsolutePath().toString());
    options.setSeed(seed);
    options.setQuick(quick);
    options.setBenchmarkModels(benchmarkModels);
    TrainCatalogue.run(options);
    System.out.println("catalogue: " + outputDir.resolve("catalogue.yaml"));
    return 0;
  }
}
