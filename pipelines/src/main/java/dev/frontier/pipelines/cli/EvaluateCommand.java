package dev.frontier.pipelines.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.frontier.pipelines.config.CatalogueLoader;
import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.measure.FloatEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code frontier evaluate}: for every model of a catalogue, the float accuracy of the original SavedModel
 * signature, the accuracy of the imported IR, their top-1 agreement, parameters and compressible layers.
 * This is the check that import changed nothing before any compression is tried.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Check the float models: original signature vs imported IR, accuracy and agreement.",
      "",
      "Imports every model of a catalogue and runs the original SavedModel signature and the imported IR",
      "on the model's evaluation rows. One line per model; a model that fails is reported as FAILED with",
      "the reason and the others still run (exit code 1 if any failed).",
      "The catalogue, models and datasets may be URLs (gs://, hdfs://, file://): remote files are copied to",
      "the local staging directory first. Other --key=value arguments are Beam options for those filesystems",
      "(e.g. --hdfsConfiguration=...)."
    })
public final class EvaluateCommand implements Callable<Integer> {

  @Option(names = "--catalogue", required = true, description = "Catalogue YAML, a path or URL (see configs/).")
  String catalogue;

  @Option(names = "--model", description = "Only these model ids (repeatable; default: all).")
  List<String> modelIds = new ArrayList<>();

  @Option(names = "--json", description = "Print the results as a JSON array instead of a table.")
  boolean json;

  @Option(names = "--batch-rows", defaultValue = "256",
      description = "Rows per Session.run (default: ${DEFAULT-VALUE}).")
  int batchRows;

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    FileSystems.setDefaultPipelineOptions(
        PipelineOptionsFactory.fromArgs(beamArgs.toArray(String[]::new)).withValidation().create());
    Catalogue cat = CatalogueLoader.load(catalogue).only(modelIds);
    FloatEvaluation evaluation = new FloatEvaluation(new ModelData(cat, StagedFiles.create()), batchRows);
    List<FloatEvaluation.Result> results = new ArrayList<>();
    if (!json) {
      System.out.println(FloatEvaluation.Result.header());
    }
    for (var model : cat.models()) {
      FloatEvaluation.Result r = evaluation.evaluate(model);
      results.add(r);
      if (!json) {
        System.out.println(r.line());
      }
    }
    if (json) {
      System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(results));
    }
    long failed = results.stream().filter(r -> r.error() != null).count();
    if (failed > 0 && !json) {
      System.err.printf(Locale.ROOT, "%d of %d models failed%n", failed, results.size());
    }
    return failed > 0 ? 1 : 0;
  }
}
