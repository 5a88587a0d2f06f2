package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CalibrationOutcome;
import dev.frontier.transforms.beam.candidate.ImportedModel;
import dev.frontier.transforms.beam.io.CandidateArtifacts;
import dev.frontier.transforms.config.ExportMode;
import dev.frontier.transforms.measure.BenchmarkSlot;
import dev.frontier.transforms.results.ArtifactManifest;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model's rows and its imported model → every row again, the ones {@code export} selects written as
 * artifacts first (their rows then carry the artifact's folder), plus each written artifact's manifest. A
 * selected row whose model did not import in this run (its row came from a checkpoint) or whose rebuild
 * fails becomes a failure record and keeps no path.
 */
class ExportArtifactsFn extends DoFn<KV<String, CoGbkResult>, CandidateResult> {
  private static final Logger LOG = LoggerFactory.getLogger(ExportArtifactsFn.class);

  private final CandidateExporter exporter;
  private final ExportMode mode;
  private final String outputDir;
  private final PCollectionView<Map<String, CalibrationOutcome>> calibrations;
  private final Counter exported = Metrics.counter(ExportArtifacts.class, "artifacts_exported");
  private final Counter failed = Metrics.counter(ExportArtifacts.class, "artifacts_failed");

  ExportArtifactsFn(CandidateExporter exporter, ExportMode mode, String outputDir,
      PCollectionView<Map<String, CalibrationOutcome>> calibrations) {
    this.exporter = exporter;
    this.mode = mode;
    this.outputDir = outputDir;
    this.calibrations = calibrations;
  }

  @ProcessElement
  public void process(@Element KV<String, CoGbkResult> joined, MultiOutputReceiver out, ProcessContext context) {
    Iterator<ImportedModel> models = joined.getValue().getAll(ExportArtifacts.MODELS).iterator();
    ImportedModel model = models.hasNext() ? models.next() : null;
    List<CandidateResult> rows = new ArrayList<>();
    joined.getValue().getAll(ExportArtifacts.ROWS).forEach(rows::add);
    rows.sort(Comparator.comparing(CandidateResult::candidateId));
    for (CandidateResult row : rows) {
      if (!mode.exports(row.onFront(), row.chosen())) {
        out.get(ExportArtifacts.RESULTS).output(row);
        continue;
      }
      String folder = CandidateArtifacts.folder(outputDir, row.modelId(), row.candidateId());
      try {
        if (model == null) {
          throw new IllegalStateException("model '" + row.modelId() + "' did not import in this run (see its "
              + "ImportModel failure), so its checkpointed candidate cannot be rebuilt for export");
        }
        ArtifactManifest manifest;
        try (BenchmarkSlot.Held shared = BenchmarkSlot.shared()) {
          manifest = exporter.export(row, model, context.sideInput(calibrations), folder);
        }
        exported.inc();
        LOG.info("model '{}': exported {} ({}) to {}", row.modelId(), row.candidateId(), row.config(), folder);
        out.get(ExportArtifacts.MANIFESTS).output(manifest);
        out.get(ExportArtifacts.RESULTS).output(row.withArtifactPath(folder));
      } catch (RuntimeException e) {
        failed.inc();
        FailureRecord f = FailureRecord.of(row.modelId(), row.candidateId(), row.config(), CandidateExporter.STAGE, e);
        LOG.warn("model '{}': candidate {} ({}) was not exported: {}", row.modelId(), row.candidateId(),
            row.config(), f.message());
        out.get(ExportArtifacts.FAILURES).output(f);
        out.get(ExportArtifacts.RESULTS).output(row);
      }
    }
  }
}
