package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.ImportedModel;
import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.results.FailureRecord;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Catalogue entries → imported models (float IR + float baseline predictions), with failures on
 * {@link #FAILURES}. The ImportModel stage of the sweep.
 */
public final class ImportModels extends PTransform<PCollection<ModelEntry>, PCollectionTuple> {
  public static final TupleTag<ImportedModel> IMPORTED = new TupleTag<>() {};
  public static final TupleTag<FailureRecord> FAILURES = new TupleTag<>() {};

  private final Catalogue catalogue;
  private final int evaluationBatchRows;

  private ImportModels(Catalogue catalogue, int evaluationBatchRows) {
    this.catalogue = catalogue;
    this.evaluationBatchRows = evaluationBatchRows;
  }

  /** Imports the models of {@code catalogue}, evaluating the float baseline {@code evaluationBatchRows} at a time. */
  public static ImportModels of(Catalogue catalogue, int evaluationBatchRows) {
    return new ImportModels(catalogue, evaluationBatchRows);
  }

  @Override
  public PCollectionTuple expand(PCollection<ModelEntry> entries) {
    PCollectionTuple out = entries.apply("ImportAndRunFloat",
        ParDo.of(new ImportModelFn(catalogue, evaluationBatchRows, FAILURES))
            .withOutputTags(IMPORTED, TupleTagList.of(FAILURES)));
    out.get(IMPORTED).setCoder(ElementCoder.of(ImportedModel.class));
    out.get(FAILURES).setCoder(ElementCoder.of(FailureRecord.class));
    return out;
  }
}
