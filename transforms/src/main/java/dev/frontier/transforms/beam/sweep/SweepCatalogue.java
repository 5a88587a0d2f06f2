package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CalibrationOutcome;
import dev.frontier.transforms.beam.candidate.CandidateTask;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.results.CandidateResult;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PDone;

/**
 * The sweep, Frontier's main job, as one composite transform: every model of a catalogue, every candidate of a
 * sweep, measured, ranked and written.
 *
 * <pre>{@code
 * models.apply("Sweep", SweepCatalogue.of(catalogue, sweep).writingTo(outputDir).resuming(earlierRows));
 * }</pre>
 *
 * <p>Its stages, in order: {@link ImportModels} (SavedModel → IR, float baseline), {@link Calibrate}
 * (activation statistics per model and sample count, ranges per calibration method, as a side input),
 * {@link ExpandCandidates} (model × sweep configuration), {@link MeasureCandidates} (per candidate: compress,
 * evaluate, time; rows of an earlier run join here), {@link ComputeFronts} (Pareto front, knee and budget
 * choice per model), {@link ExportArtifacts} (the candidates the sweep's export mode selects, as SavedModels)
 * and {@link WriteSweepOutputs} (results and failures as Parquet, summary.md, report.html). A failure in any
 * stage becomes a failure record and the job completes.
 *
 * <p>What happens around the pipeline (resolving the output, reading checkpoints of an earlier run, progress)
 * is the caller's: the transform only wires stages. Immutable; each {@code with…} returns a copy.
 */
public final class SweepCatalogue extends PTransform<PCollection<ModelEntry>, PDone> {
  private final Catalogue catalogue;
  private final SweepSpec sweep;
  private final String outputDir;
  private final List<CandidateResult> resumed;
  private final Integer numBuckets;

  private SweepCatalogue(Catalogue catalogue, SweepSpec sweep, String outputDir, List<CandidateResult> resumed,
      Integer numBuckets) {
    this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    this.sweep = Objects.requireNonNull(sweep, "sweep");
    this.outputDir = outputDir;
    this.resumed = List.copyOf(resumed);
    this.numBuckets = numBuckets;
  }

  /** Sweeps the models of {@code catalogue} (the input collection) with every configuration of {@code sweep}. */
  public static SweepCatalogue of(Catalogue catalogue, SweepSpec sweep) {
    return new SweepCatalogue(catalogue, sweep, null, List.of(), null);
  }

  /** Where results, checkpoints and artifacts go: a directory path or a URL of a Beam filesystem (required). */
  public SweepCatalogue writingTo(String outputDir) {
    return new SweepCatalogue(catalogue, sweep, Objects.requireNonNull(outputDir, "outputDir"), resumed,
        numBuckets);
  }

  /** Rows an earlier run checkpointed: these candidates are not measured again, their rows join the new ones. */
  public SweepCatalogue resuming(List<CandidateResult> earlierRows) {
    return new SweepCatalogue(catalogue, sweep, outputDir, earlierRows, numBuckets);
  }

  /** How many buckets candidates are spread over ({@link ExpandCandidates#withNumBuckets}); null: one each. */
  public SweepCatalogue withNumBuckets(Integer numBuckets) {
    return new SweepCatalogue(catalogue, sweep, outputDir, resumed, numBuckets);
  }

  /** Beam calls this when the transform is applied, before {@link #expand}. */
  @Override
  public void validate(PipelineOptions options) {
    if (outputDir == null) {
      throw new IllegalStateException("SweepCatalogue needs writingTo(outputDir) before it is applied");
    }
  }

  @Override
  public PDone expand(PCollection<ModelEntry> models) {
    PCollectionTuple imported = models.apply("ImportModels",
        ImportModels.of(catalogue, sweep.evaluationBatchRows()));
    PCollectionView<Map<String, CalibrationOutcome>> calibrations = imported.get(ImportModels.IMPORTED)
        .apply("Calibrate", Calibrate.of(catalogue, sweep));
    PCollection<CandidateTask> tasks = imported.get(ImportModels.IMPORTED)
        .apply("ExpandCandidates", ExpandCandidates.of(sweep).skipping(resumed).withNumBuckets(numBuckets));
    PCollectionTuple measured = tasks.apply("MeasureCandidates",
        MeasureCandidates.of(catalogue, sweep, outputDir, calibrations).joining(resumed));
    PCollectionTuple ranked = measured.get(MeasureCandidates.RESULTS).apply("ComputeFronts",
        ComputeFronts.withBudget(sweep.accuracyBudgetPp()).withLatencyEquivalence(sweep.latencyEquivalence()));
    PCollectionTuple exported = ranked.get(ComputeFronts.RESULTS).apply("ExportArtifacts",
        ExportArtifacts.of(catalogue, sweep, outputDir, imported.get(ImportModels.IMPORTED), calibrations));
    return SweepOutputs.of(exported.get(ExportArtifacts.RESULTS), ranked.get(ComputeFronts.SUMMARY))
        .withFailures(imported.get(ImportModels.FAILURES), measured.get(MeasureCandidates.FAILURES),
            exported.get(ExportArtifacts.FAILURES))
        .apply("WriteSweepOutputs", WriteSweepOutputs.to(outputDir).withBudget(sweep.accuracyBudgetPp()));
  }
}
