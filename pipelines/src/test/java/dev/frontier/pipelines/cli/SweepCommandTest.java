package dev.frontier.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.pipelines.CommandRun;
import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.beam.io.CandidateCheckpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code frontier sweep} as a user runs it, on the TFX Iris model: configuration errors stop it with exit 2
 * before any pipeline starts, and a sweep run again into the same output says how many candidates it took
 * from the earlier run's checkpoints and how many it measured.
 */
class SweepCommandTest {
  private static final String LATENCY = "latency: {warmup_runs: 1, rounds: 3}\n";

  @TempDir Path dir;

  private Path catalogue() throws IOException {
    return Files.writeString(dir.resolve("catalogue.yaml"), """
        datasets:
          iris: {format: csv, path: %1$s/data/iris/iris.csv, label: variety}
        models:
          - id: iris
            path: %1$s/models/iris-keras-tfx
            evaluation: {dataset: iris, rows: all}
        """.formatted(SharedFixtures.root()));
  }

  private Path sweep(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  private CommandRun sweep(Path catalogue, Path sweep, Path output) {
    return CommandRun.of("sweep", "--catalogue", catalogue.toString(), "--sweep", sweep.toString(),
        "--output", output.toString());
  }

  @Test
  void anOutputThatIsAnExistingFileIsRefusedBeforeThePipeline() throws IOException {
    Path sweep = sweep("sweep.yaml", "quantization:\n  - method: int8-weight\n" + LATENCY);
    Path file = Files.writeString(dir.resolve("results.txt"), "not a folder");

    CommandRun run = sweep(catalogue(), sweep, file);
    assertEquals(2, run.code(), run.err());
    assertEquals("frontier sweep: --output " + file + " is an existing file, not a directory",
        run.err().lines().findFirst().orElse(""));
    assertEquals("not a folder", Files.readString(file));

    Path below = file.resolve("out");
    run = sweep(catalogue(), sweep, below);
    assertEquals(2, run.code(), run.err());
    assertEquals("frontier sweep: --output " + below + ": " + file + " is an existing file, not a directory",
        run.err().lines().findFirst().orElse(""));
  }

  @Test
  void aBadSweepEntryIsRefusedBeforeThePipeline() throws IOException {
    Path sweep = sweep("bad-sweep.yaml", """
        quantization:
          - method: int8-weight
        pruning:
          - method: magnitude
            sparsity: [0.5, 1.5]
        """ + LATENCY);
    Path output = dir.resolve("out");

    CommandRun run = sweep(catalogue(), sweep, output);
    assertEquals(2, run.code(), run.err());
    assertEquals("frontier sweep: " + sweep + ": pruning[0]: magnitude: parameter 'sparsity' must be in [0, 1),"
        + " got 1.5", run.err().lines().findFirst().orElse(""));
    assertFalse(Files.exists(output), "nothing is written before the configuration is valid");
  }

  @Test
  void aSweepRunAgainSaysWhatItTookFromCheckpointsAndWhatItMeasured() throws IOException {
    Path catalogue = catalogue();
    Path floatOnly = sweep("float.yaml", "quantization:\n  - method: float\nexport: none\n" + LATENCY);
    Path withInt8 = sweep("int8.yaml", """
        quantization:
          - method: float
          - method: int8-weight
        export: none
        """ + LATENCY);
    Path output = dir.resolve("out");

    CommandRun first = sweep(catalogue, floatOnly, output);
    assertEquals(0, first.code(), first.out() + first.err());
    assertEquals(List.of("1 candidates measured, 0 failed, 0 models failed to import"), counts(first));

    CommandRun again = sweep(catalogue, withInt8, output);
    assertEquals(0, again.code(), again.out() + again.err());
    assertEquals(List.of("1 candidates measured (and 1 taken from the checkpoints of an earlier run), 0 failed,"
        + " 0 models failed to import"), counts(again));
    try (Stream<Path> checkpoints = Files.list(output.resolve(CandidateCheckpoints.DIR))) {
      assertEquals(2, checkpoints.count(), "the float candidate's checkpoint was kept, int8-weight's added");
    }
  }

  /** The command's "N candidates measured …" line, up to the timing that follows it (the summary has its own). */
  private static List<String> counts(CommandRun run) {
    return run.out().lines().filter(l -> l.matches("\\d+ candidates measured.*, in .*"))
        .map(l -> l.substring(0, l.indexOf(", in "))).toList();
  }
}
