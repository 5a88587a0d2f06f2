package dev.frontier.transforms.beam;

import dev.frontier.transforms.catalogue.CandidateSpec;
import dev.frontier.transforms.compress.CandidateCompressor;
import dev.frontier.transforms.compress.SizeAccounting;
import dev.frontier.transforms.measure.ArtifactSize;
import dev.frontier.transforms.model.ModelIr;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Builds one candidate (prune, then quantize) and measures the size of the artifact it produces: the
 * serialized GraphDef, raw and gzipped, and the layer weights' parameter and non-zero counts.
 */
class CompressCandidateFn extends DoFn<CandidateTask, BuiltCandidate> {
  static final String STAGE = "Compress";
  private final TupleTag<BuiltCandidate> built;
  private final TupleTag<FailureRecord> failures;
  private final Counter compressed = Metrics.counter(MeasureCandidates.class, "candidates_compressed");

  CompressCandidateFn(TupleTag<BuiltCandidate> built, TupleTag<FailureRecord> failures) {
    this.built = built;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element CandidateTask task, MultiOutputReceiver out) {
    CandidateSpec spec = task.spec();
    try {
      ModelIr ir = CandidateCompressor.compress(task.model().ir(),
          spec.pruning() == null ? null : spec.pruning().toStep(), spec.quantization().toStep());
      ArtifactSize size = ArtifactSize.of(ir.graphDefBytes());
      SizeAccounting.WeightCounts counts = SizeAccounting.weightCounts(ir);
      compressed.inc();
      out.get(built).output(new BuiltCandidate(task, ir, size.sizeBytes(), size.gzipBytes(), counts.params(),
          counts.nonzeroParams()));
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), task, STAGE, e);
    }
  }
}
