package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CalibrationOutcome;
import dev.frontier.transforms.beam.candidate.ImportedModel;
import dev.frontier.transforms.beam.io.CandidateArtifacts;
import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ExportMode;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.results.ArtifactManifest;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import dev.frontier.transforms.results.SweepManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The ExportArtifacts stage: result rows with their front flags → the same rows, each candidate the sweep's
 * {@code export} mode selects written under {@code OUTPUT/artifacts/} as a SavedModel with its manifest and
 * its row's {@code artifact_path} set ({@link #RESULTS}); then {@code OUTPUT/artifacts/manifest.json} over
 * all of them. A candidate that cannot be exported becomes a failure record ({@link #FAILURES}) and keeps
 * its row without a path.
 *
 * <p>Rows are grouped with their imported model by model id, and each selected candidate is rebuilt from it
 * ({@link CandidateExporter}); rows of checkpointed candidates of a resumed run are exported like the others.
 */
public final class ExportArtifacts extends PTransform<PCollection<CandidateResult>, PCollectionTuple> {
  public static final TupleTag<CandidateResult> RESULTS = new TupleTag<>() {};
  public static final TupleTag<FailureRecord> FAILURES = new TupleTag<>() {};
  static final TupleTag<CandidateResult> ROWS = new TupleTag<>() {};
  static final TupleTag<ImportedModel> MODELS = new TupleTag<>() {};
  static final TupleTag<ArtifactManifest> MANIFESTS = new TupleTag<>() {};

  private final Catalogue catalogue;
  private final SweepSpec sweep;
  private final String outputDir;
  private final PCollection<ImportedModel> models;
  private final PCollectionView<Map<String, CalibrationOutcome>> calibrations;

  private ExportArtifacts(Catalogue catalogue, SweepSpec sweep, String outputDir, PCollection<ImportedModel> models,
      PCollectionView<Map<String, CalibrationOutcome>> calibrations) {
    this.catalogue = catalogue;
    this.sweep = sweep;
    this.outputDir = outputDir;
    this.models = models;
    this.calibrations = calibrations;
  }

  /**
   * Exports the selected candidates of {@code models} into {@code outputDir}, rebuilding calibrated ones with
   * the Calibrate stage's {@code calibrations}.
   */
  public static ExportArtifacts of(Catalogue catalogue, SweepSpec sweep, String outputDir,
      PCollection<ImportedModel> models, PCollectionView<Map<String, CalibrationOutcome>> calibrations) {
    return new ExportArtifacts(catalogue, sweep, outputDir, models, calibrations);
  }

  @Override
  public PCollectionTuple expand(PCollection<CandidateResult> rows) {
    if (sweep.export() == ExportMode.NONE) {
      return PCollectionTuple.of(RESULTS, rows).and(FAILURES, rows.getPipeline().apply("NothingToExport",
          Create.empty(ElementCoder.of(FailureRecord.class))));
    }
    PCollection<KV<String, CandidateResult>> keyedRows = rows
        .apply("KeyRowsByModel", WithKeys.of(CandidateResult::modelId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ElementCoder.of(CandidateResult.class)));
    PCollection<KV<String, ImportedModel>> keyedModels = models
        .apply("KeyModelsById", WithKeys.of(ImportedModel::modelId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ElementCoder.of(ImportedModel.class)));
    PCollectionTuple exported = KeyedPCollectionTuple.of(ROWS, keyedRows).and(MODELS, keyedModels)
        .apply("JoinRowsWithModels", CoGroupByKey.create())
        .apply("RebuildAndWrite", ParDo.of(new ExportArtifactsFn(new CandidateExporter(catalogue, sweep),
                sweep.export(), outputDir, calibrations))
            .withSideInputs(calibrations)
            .withOutputTags(RESULTS, TupleTagList.of(FAILURES).and(MANIFESTS)));
    exported.get(RESULTS).setCoder(ElementCoder.of(CandidateResult.class));
    exported.get(FAILURES).setCoder(ElementCoder.of(FailureRecord.class));
    exported.get(MANIFESTS).setCoder(ElementCoder.of(ArtifactManifest.class))
        .apply("GatherManifests", Combine.globally(new SweepManifestFn(sweep.export().toString())))
        .apply("WriteSweepManifest", ParDo.of(new WriteSweepManifestFn(outputDir)));
    return PCollectionTuple.of(RESULTS, exported.get(RESULTS)).and(FAILURES, exported.get(FAILURES));
  }

  /** Gathers every exported artifact's manifest into the sweep's manifest (one, even when none was exported). */
  static final class SweepManifestFn extends Combine.CombineFn<ArtifactManifest, List<ArtifactManifest>, SweepManifest> {
    private final String export;

    SweepManifestFn(String export) {
      this.export = export;
    }

    @Override
    public List<ArtifactManifest> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<ArtifactManifest> addInput(List<ArtifactManifest> acc, ArtifactManifest manifest) {
      acc.add(manifest);
      return acc;
    }

    @Override
    public List<ArtifactManifest> mergeAccumulators(Iterable<List<ArtifactManifest>> accs) {
      List<ArtifactManifest> merged = new ArrayList<>();
      accs.forEach(merged::addAll);
      return merged;
    }

    @Override
    public SweepManifest extractOutput(List<ArtifactManifest> acc) {
      return SweepManifest.of(export, acc);
    }

    @Override
    public Coder<List<ArtifactManifest>> getAccumulatorCoder(CoderRegistry registry,
        Coder<ArtifactManifest> inputCoder) throws CannotProvideCoderException {
      return ListCoder.of(ElementCoder.of(ArtifactManifest.class));
    }

    @Override
    public Coder<SweepManifest> getDefaultOutputCoder(CoderRegistry registry, Coder<ArtifactManifest> inputCoder)
        throws CannotProvideCoderException {
      return ElementCoder.of(SweepManifest.class);
    }
  }

  /** Writes {@code OUTPUT/artifacts/manifest.json}. */
  static final class WriteSweepManifestFn extends DoFn<SweepManifest, Void> {
    private final String outputDir;

    WriteSweepManifestFn(String outputDir) {
      this.outputDir = outputDir;
    }

    @ProcessElement
    public void process(@Element SweepManifest manifest) {
      CandidateArtifacts.writeSweepManifest(outputDir, manifest);
    }
  }
}
