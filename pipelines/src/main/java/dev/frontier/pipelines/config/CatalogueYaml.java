package dev.frontier.pipelines.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The catalogue file exactly as written (YAML), before validation. {@link CatalogueLoader} turns it into
 * a typed {@link dev.frontier.transforms.config.Catalogue}; unknown keys are rejected there, so a typo
 * is an error and not a silently ignored option.
 */
record CatalogueYaml(Map<String, DatasetYaml> datasets, List<ModelYaml> models) {

  record DatasetYaml(
      String format,
      String images,
      String labels,
      String path,
      List<String> files,
      String label,
      List<String> features,
      List<String> classes,
      Double scale,
      Double offset,
      List<Integer> shape,
      String layout) {}

  record ModelYaml(
      String id,
      String path,
      String signature,
      String output,
      List<String> tags,
      Boolean trusted,
      SubsetYaml evaluation,
      SubsetYaml calibration,
      @JsonProperty("expected_accuracy") Double expectedAccuracy,
      TrainingYaml training) {}

  /** {@code rows} is a number or the word {@code all}; every field but {@code dataset} has a default. */
  record TrainingYaml(String dataset, String rows, Integer epochs, @JsonProperty("learning_rate") Double learningRate,
      @JsonProperty("batch_rows") Integer batchRows, Long seed) {}

  /** {@code rows} is a number or the word {@code all}. */
  record SubsetYaml(String dataset, String rows, Long seed) {}
}
