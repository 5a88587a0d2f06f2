package dev.frontier.pipelines.train;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Command-line options of {@link TrainCatalogue}. They stop at {@link TrainCatalogue#run}: the transforms
 * get typed specs, not these options.
 */
public interface TrainCatalogueOptions extends PipelineOptions {
  String DEFAULT_OUTPUT_DIR = "models/demo";
  String DEFAULT_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";
  long DEFAULT_SEED = 42L;

  @Description("Folder receiving one SavedModel per model (<outputDir>/<id>/) and catalogue.yaml")
  @Default.String(DEFAULT_OUTPUT_DIR)
  String getOutputDir();

  void setOutputDir(String value);

  @Description("Folder holding the Fashion-MNIST IDX files (train-/t10k-images-idx3-ubyte.gz, ...-labels-idx1-ubyte.gz)")
  @Default.String(DEFAULT_FASHION_MNIST_DIR)
  String getFashionMnistDir();

  void setFashionMnistDir(String value);

  @Description("Seed of every model's initializers and shuffling, and of the catalogue's calibration rows")
  @Default.Long(DEFAULT_SEED)
  long getSeed();

  void setSeed(long value);

  @Description("Quick run for tests: 1 epoch on the first " + TrainCatalogue.QUICK_TRAIN_ROWS
      + " training rows; accuracies are then not representative")
  @Default.Boolean(false)
  boolean getQuick();

  void setQuick(boolean value);

  @Description("Instead of the demo catalogue, train this many distinct MLPs (varied widths, one seed each) "
      + "for scale benchmarks; 0 for the demo catalogue.")
  @Default.Integer(0)
  int getBenchmarkModels();

  void setBenchmarkModels(int value);
}
