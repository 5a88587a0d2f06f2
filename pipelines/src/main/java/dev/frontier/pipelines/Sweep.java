package dev.frontier.pipelines;

import dev.frontier.transforms.beam.Calibrate;
import dev.frontier.transforms.beam.CalibrationOutcome;
import dev.frontier.transforms.beam.CandidateArtifacts;
import dev.frontier.transforms.beam.CandidateCheckpoints;
import dev.frontier.transforms.beam.CandidateResult;
import dev.frontier.transforms.beam.CandidateTask;
import dev.frontier.transforms.beam.ComputeFronts;
import dev.frontier.transforms.beam.ExpandCandidates;
import dev.frontier.transforms.beam.ExportArtifacts;
import dev.frontier.transforms.beam.FailureRecord;
import dev.frontier.transforms.beam.ImportModels;
import dev.frontier.transforms.beam.Locations;
import dev.frontier.transforms.beam.MeasureCandidates;
import dev.frontier.transforms.beam.SweepOutputs;
import dev.frontier.transforms.beam.SweepProgress;
import dev.frontier.transforms.beam.WriteSweepOutputs;
import dev.frontier.transforms.catalogue.Catalogue;
import dev.frontier.transforms.catalogue.ExportMode;
import dev.frontier.transforms.catalogue.ModelEntry;
import dev.frontier.transforms.catalogue.SweepSpec;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import dev.frontier.transforms.beam.ElementCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep, Frontier's main job, as one Beam pipeline of named stages:
 *
 * <pre>
 * ReadCatalogue → ImportModel → Calibrate (statistics per model × samples, ranges per method)
 *   → ExpandCandidates → MeasureCandidates (per candidate in one step: Compress → Evaluate → MeasureLatency)
 *   → (+ ReadCheckpoints of an earlier run) → ComputeFronts
 *   → ExportArtifacts (the candidates the sweep's export mode selects, as SavedModels under artifacts/)
 *   → Write (results*.parquet, failures*.parquet, summary.md)
 * </pre>
 *
 * Failures of any stage are collected and written, never thrown: the job always completes. Every
 * measured candidate is checkpointed as it finishes, so rerunning into the same output resumes.
 */
public final class Sweep {
  private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);

  private Sweep() {}

  /**
   * Builds the pipeline for a validated catalogue and sweep, writing into {@code outputDir} (a path or a URL
   * of a Beam filesystem). Candidates already checkpointed there by an earlier run are not measured again;
   * their rows join the new ones.
   */
  public static Pipeline build(PipelineOptions options, Catalogue catalogue, SweepSpec sweep, String output)
      throws IOException {
    FileSystems.setDefaultPipelineOptions(options);
    Locations.requireFileSystem(output);
    String outputDir = Locations.outputDirectory(output);
    List<CandidateResult> checkpointed = CandidateCheckpoints.readAll(outputDir);
    List<CandidateResult> done = checkpointed.stream().filter(r -> isCandidateOf(catalogue, sweep, r)).toList();
    CandidateArtifacts.deleteAll(outputDir);
    Set<String> doneIds = done.stream().map(CandidateResult::candidateId).collect(Collectors.toSet());
    int candidates = catalogue.models().size() * sweep.candidatesPerModel() - doneIds.size();
    if (!checkpointed.isEmpty()) {
      LOG.info("resuming: {} candidates taken from checkpoints in {}/{}, {} to measure now{}", done.size(),
          outputDir, CandidateCheckpoints.DIR, candidates, checkpointed.size() == done.size() ? ""
              : " (" + (checkpointed.size() - done.size()) + " checkpoints of models or configurations this run "
                  + "does not have are left out)");
    }
    SweepProgress.start(candidates);
    Pipeline p = Pipeline.create(options);
    PCollection<ModelEntry> models = p.apply("ReadCatalogue",
        Create.of(catalogue.models()).withCoder(ElementCoder.of(ModelEntry.class)));
    PCollectionTuple imported = models.apply("ImportModel",
        ImportModels.of(catalogue, sweep.evaluationBatchRows()));
    PCollection<CandidateTask> tasks = imported.get(ImportModels.IMPORTED)
        .apply("ExpandCandidates", ExpandCandidates.of(sweep, doneIds)
            .withNumBuckets(DirectRunnerTuning.candidateBuckets(options, candidates)));
    PCollectionView<Map<String, CalibrationOutcome>> calibrations = imported.get(ImportModels.IMPORTED)
        .apply("Calibrate", Calibrate.of(catalogue, sweep));
    PCollectionTuple measured = tasks.apply("MeasureCandidates",
        MeasureCandidates.of(catalogue, sweep, outputDir, calibrations));
    PCollection<CandidateResult> earlier = p.apply("ReadCheckpoints",
        Create.of(done).withCoder(ElementCoder.of(CandidateResult.class)));
    PCollectionTuple fronts = PCollectionList.of(earlier).and(measured.get(MeasureCandidates.RESULTS))
        .apply("JoinEarlierResults", Flatten.pCollections())
        .apply("ComputeFronts", ComputeFronts.withBudget(sweep.accuracyBudgetPp())
            .withLatencyEquivalence(sweep.latencyEquivalence()));
    PCollection<FailureRecord> failures = PCollectionList.of(imported.get(ImportModels.FAILURES))
        .and(measured.get(MeasureCandidates.FAILURES))
        .apply("CollectFailures", Flatten.pCollections());
    PCollection<CandidateResult> results = fronts.get(ComputeFronts.RESULTS);
    if (sweep.export() != ExportMode.NONE) {
      PCollectionTuple exported = results.apply("ExportArtifacts",
          ExportArtifacts.of(catalogue, sweep, outputDir, imported.get(ImportModels.IMPORTED), calibrations));
      results = exported.get(ExportArtifacts.RESULTS);
      failures = PCollectionList.of(failures).and(exported.get(ExportArtifacts.FAILURES))
          .apply("CollectExportFailures", Flatten.pCollections());
    }
    SweepOutputs.of(results, failures, fronts.get(ComputeFronts.SUMMARY))
        .apply("Write", WriteSweepOutputs.to(outputDir));
    return p;
  }

  /** Whether a checkpointed row belongs to this run: its model in the catalogue, its configuration in the sweep. */
  private static boolean isCandidateOf(Catalogue catalogue, SweepSpec sweep, CandidateResult row) {
    return catalogue.models().stream().anyMatch(m -> m.id().equals(row.modelId()))
        && sweep.candidate(row.modelId(), row.config()).isPresent();
  }

  /** Runs the sweep to completion and returns the finished pipeline's result (metrics included). */
  public static PipelineResult run(PipelineOptions options, Catalogue catalogue, SweepSpec sweep, String output)
      throws IOException {
    PipelineResult result = build(options, catalogue, sweep, output).run();
    result.waitUntilFinish();
    WriteSweepOutputs.deleteTempDirectory(Locations.outputDirectory(output));
    return result;
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
