package dev.frontier.pipelines.cli;

import dev.frontier.transforms.measure.OpProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code frontier profile}: where the time of one or more SavedModels goes, op type by op type
 * ({@link OpProfile}), e.g. a source model beside the full-integer int8 artifact a sweep exported, to see which
 * ops an int8 graph spends its time in.
 */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description = {
      "Show where the time of SavedModels goes, op type by op type (TF's step statistics of traced runs).",
      "",
      "Give a source model and the artifacts a sweep exported (OUTPUT/artifacts/MODEL/CANDIDATE) to compare them,",
      "e.g.: frontier profile models/demo/fmnist-cnn-bn-32 out/quickstart/artifacts/fmnist-cnn-bn-32/<id>",
      "Inputs are seeded uniform [0, 1) values (kernel time does not depend on them). Tracing adds time to every",
      "node: compare shares and ratios, not absolute figures with the sweep's latencies."
    })
public final class ProfileCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "SAVEDMODEL", description = "SavedModel folders to profile.")
  List<Path> models = new ArrayList<>();

  @Option(names = "--batch", description = "Rows per run (default ${DEFAULT-VALUE}).", defaultValue = "32")
  int batchRows;

  @Option(names = "--warmup", description = "Untraced runs first (default ${DEFAULT-VALUE}).", defaultValue = "10")
  int warmups;

  @Option(names = "--runs", description = "Traced runs (default ${DEFAULT-VALUE}).", defaultValue = "50")
  int runs;

  @Option(names = "--nodes", description = "Also list this many slowest nodes, one by one (default ${DEFAULT-VALUE}:"
      + " op types only).", defaultValue = "0")
  int topNodes;

  @Option(names = "--signature", description = "Signature to run (default ${DEFAULT-VALUE}).",
      defaultValue = "serving_default")
  String signature;

  @Override
  public Integer call() {
    if (batchRows < 1) {
      throw new IllegalArgumentException("--batch must be at least 1, got " + batchRows);
    }
    if (topNodes < 0) {
      throw new IllegalArgumentException("--nodes must be 0 or more, got " + topNodes);
    }
    Double first = null;
    for (Path model : models) {
      OpProfile profile = OpProfile.ofSavedModel(model, signature, batchRows, warmups, runs);
      System.out.printf(Locale.ROOT, "%n## %s (batch %d)%n%n%s", model, batchRows, profile.table());
      if (topNodes > 0) {
        System.out.printf(Locale.ROOT, "%nslowest nodes:%n%n%s", profile.nodeTable(topNodes));
      }
      if (first == null) {
        first = profile.totalMicrosPerRun();
      } else {
        System.out.printf(Locale.ROOT, "kernel time %.2fx the first model's%n", profile.totalMicrosPerRun() / first);
      }
    }
    return 0;
  }
}
