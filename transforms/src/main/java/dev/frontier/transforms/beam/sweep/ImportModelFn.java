package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.ImportedModel;
import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.BatchedPredictions;
import dev.frontier.transforms.measure.BenchmarkSlot;
import dev.frontier.transforms.measure.TopOne;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.PredictorCache;
import dev.frontier.transforms.model.SavedModelImporter;
import dev.frontier.transforms.results.FailureRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports one catalogue model into its float IR and runs the float baseline once on the model's
 * evaluation rows. A SavedModel or dataset named by URL is first copied to this worker ({@link StagedFiles}).
 * A model that fails (missing or not a SavedModel, unsafe ops, bad data) becomes a failure record.
 */
class ImportModelFn extends DoFn<ModelEntry, ImportedModel> {
  static final String STAGE = "ImportModel";
  private static final Logger LOG = LoggerFactory.getLogger(ImportModelFn.class);

  private final TupleTag<FailureRecord> failures;
  private final Catalogue catalogue;
  private final int batchRows;
  private final Counter imported = Metrics.counter(ImportModels.class, "models_imported");
  private final Counter failed = Metrics.counter(ImportModels.class, "models_failed");
  private final Counter floatBaselines = Metrics.counter(ImportModels.class, "float_baseline_evaluations");

  ImportModelFn(Catalogue catalogue, int batchRows, TupleTag<FailureRecord> failures) {
    this.catalogue = catalogue;
    this.batchRows = batchRows;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element ModelEntry entry, MultiOutputReceiver out) {
    try {
      ModelData data = ModelData.shared(catalogue, StagedFiles.create());
      Dataset eval = data.split(entry).evaluation();
      ModelIr ir;
      BatchedPredictions.Predictions floatPredictions;
      try (BenchmarkSlot.Held shared = BenchmarkSlot.shared()) {
        ir = SavedModelImporter.importModel(entry.importRequest(data.files()));
        try (PredictorCache.Lease lease = PredictorCache.shared().lease(ir, entry.outputKey())) {
          floatPredictions = BatchedPredictions.predict(lease.predictor(), eval, batchRows);
        }
      }
      floatBaselines.inc();
      double accuracy = TopOne.accuracy(floatPredictions.top1(), eval.labels());
      LOG.info("model '{}': float top-1 {} on {} evaluation rows, {} compressible layers",
          entry.id(), String.format("%.4f", accuracy), eval.size(), ir.layers().size());
      imported.inc();
      out.get(ImportModels.IMPORTED).output(
          new ImportedModel(entry, ir, floatPredictions.top1(), floatPredictions.margins(), accuracy,
              ir.contentSha256()));
    } catch (RuntimeException e) {
      failed.inc();
      LOG.warn("model '{}' failed at {}: {}", entry.id(), STAGE, e.getMessage());
      out.get(failures).output(FailureRecord.of(entry.id(), "", "", STAGE, e));
    }
  }
}
