package dev.frontier.pipelines;

import dev.frontier.transforms.beam.io.CandidateArtifacts;
import dev.frontier.transforms.beam.io.CandidateCheckpoints;
import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.beam.io.Locations;
import dev.frontier.transforms.beam.sweep.SweepCatalogue;
import dev.frontier.transforms.beam.sweep.SweepProgress;
import dev.frontier.transforms.beam.sweep.WriteSweepOutputs;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.EvaluationStrategy;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.results.CandidateResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep job around its pipeline: what is resolved once before it runs, the pipeline itself (the catalogue's
 * models into {@link SweepCatalogue}), and running it.
 *
 * <p>Before the pipeline ({@link #plan}): the output directory is resolved (and created when local), rows that
 * an earlier run checkpointed there are read and kept when they belong to this catalogue and sweep, artifacts
 * of the earlier run are removed (the new front decides which to write), and progress starts counting the
 * candidates left to measure. The command line sets up Beam's filesystems from its options first, since the
 * catalogue itself may be a URL.
 */
public final class Sweep {
  private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);

  private Sweep() {}

  /**
   * What a run starts from, resolved once before the pipeline.
   *
   * @param outputDir the output directory, a path or a URL of a Beam filesystem
   * @param resumed rows of this catalogue and sweep that an earlier run checkpointed in {@code outputDir}
   * @param candidatesToMeasure candidates of this run not among {@code resumed}
   */
  public record Plan(String outputDir, List<CandidateResult> resumed, int candidatesToMeasure) {
    public Plan {
      resumed = List.copyOf(resumed);
    }
  }

  /**
   * Resolves {@code output} for {@code catalogue} × {@code sweep} (see the class comment); Beam's filesystems
   * must already be set up from the job's options.
   */
  public static Plan plan(Catalogue catalogue, SweepSpec sweep, String output) throws IOException {
    Locations.requireFileSystem(output);
    String outputDir = Locations.outputDirectory(output);
    if (!Locations.isUrl(outputDir)) {
      createOutputDirectory(Path.of(outputDir));
    }
    List<CandidateResult> checkpointed = CandidateCheckpoints.readAll(outputDir);
    List<CandidateResult> resumed = checkpointed.stream().filter(r -> isCandidateOf(catalogue, sweep, r)).toList();
    CandidateArtifacts.deleteAll(outputDir);
    int candidates = sweep.candidateCount(catalogue.models()) - resumed.size();
    if (!checkpointed.isEmpty()) {
      LOG.info("resuming: {} candidates taken from checkpoints in {}/{}, {} to measure now{}", resumed.size(),
          outputDir, CandidateCheckpoints.DIR, candidates, checkpointed.size() == resumed.size() ? ""
              : " (" + (checkpointed.size() - resumed.size()) + " checkpoints of models or configurations this run "
                  + "does not have are left out)");
    }
    SweepProgress.start(candidates);
    return new Plan(outputDir, resumed, candidates);
  }

  /** The sweep's pipeline: the catalogue's models, swept as {@code plan} says. */
  public static Pipeline build(PipelineOptions options, Catalogue catalogue, SweepSpec sweep, Plan plan) {
    Pipeline p = Pipeline.create(options);
    p.apply("ReadCatalogue", Create.of(catalogue.models()).withCoder(ElementCoder.of(ModelEntry.class)))
        .apply("Sweep", SweepCatalogue.of(catalogue, sweep)
            .writingTo(plan.outputDir())
            .resuming(plan.resumed())
            .withNumBuckets(DirectRunnerTuning.candidateBuckets(options, plan.candidatesToMeasure())));
    return p;
  }

  /** Runs the sweep as planned to completion and returns the finished pipeline's result (metrics included). */
  public static PipelineResult run(PipelineOptions options, Catalogue catalogue, SweepSpec sweep, Plan plan) {
    PipelineResult result = build(options, catalogue, sweep, plan).run();
    result.waitUntilFinish();
    WriteSweepOutputs.deleteTempDirectory(plan.outputDir());
    return result;
  }

  /**
   * Sets up Beam's filesystems from {@code options}, plans and runs: the whole job for callers that embed it
   * (the command line does these steps itself, because it loads the catalogue in between).
   */
  public static PipelineResult run(PipelineOptions options, Catalogue catalogue, SweepSpec sweep, String output)
      throws IOException {
    FileSystems.setDefaultPipelineOptions(options);
    return run(options, catalogue, sweep, plan(catalogue, sweep, output));
  }

  /**
   * Whether a checkpointed row belongs to this run: its model in the catalogue, its configuration in the sweep, and
   * evaluated on every row unless this run races too (an exhaustive run measures a stopped candidate again).
   */
  private static boolean isCandidateOf(Catalogue catalogue, SweepSpec sweep, CandidateResult row) {
    return catalogue.models().stream().anyMatch(m -> m.id().equals(row.modelId()))
        && sweep.candidate(row.modelId(), row.config()).isPresent()
        && (!row.stopped() || sweep.evaluationStrategy() == EvaluationStrategy.RACING);
  }

  /**
   * Creates the local output directory and its parents; an existing file in its place is a configuration
   * error that says so (Java's own message is the bare path).
   */
  private static void createOutputDirectory(Path dir) throws IOException {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        throw new IllegalArgumentException("--output " + dir + (p.equals(dir) ? "" : ": " + p)
            + " is an existing file, not a directory");
      }
    }
    Files.createDirectories(dir);
  }

  /** Sum of a Beam counter of the finished job over all steps (attempted values; committed are optional). */
  public static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c : result.metrics().allMetrics().getCounters()) {
      if (c.getName().getName().equals(name)) {
        sum += c.getAttempted();
      }
    }
    return sum;
  }
}
