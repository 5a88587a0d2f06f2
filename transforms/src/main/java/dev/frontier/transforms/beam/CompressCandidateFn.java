package dev.frontier.transforms.beam;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.catalogue.CalibrationConfig;
import dev.frontier.transforms.catalogue.CandidateSpec;
import dev.frontier.transforms.compress.CandidateCompressor;
import dev.frontier.transforms.compress.CompressedCandidate;
import dev.frontier.transforms.compress.SizeAccounting;
import dev.frontier.transforms.measure.ArtifactSize;
import dev.frontier.transforms.model.ModelIr;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Builds one candidate (prune, then quantize, with the model's calibrated ranges when the quantization
 * needs them) and measures the size of the artifact it produces: the serialized GraphDef, raw and gzipped,
 * and the layer weights' parameter and non-zero counts.
 */
class CompressCandidateFn extends DoFn<CandidateTask, BuiltCandidate> {
  static final String STAGE = "Compress";
  private final TupleTag<BuiltCandidate> built;
  private final TupleTag<FailureRecord> failures;
  private final PCollectionView<Map<String, CalibrationOutcome>> calibrations;
  private final Counter compressed = Metrics.counter(MeasureCandidates.class, "candidates_compressed");

  CompressCandidateFn(PCollectionView<Map<String, CalibrationOutcome>> calibrations, TupleTag<BuiltCandidate> built,
      TupleTag<FailureRecord> failures) {
    this.calibrations = calibrations;
    this.built = built;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element CandidateTask task, MultiOutputReceiver out, ProcessContext context) {
    CandidateSpec spec = task.spec();
    try {
      CompressedCandidate c = CandidateCompressor.compress(task.model().ir(),
          spec.pruning() == null ? null : spec.pruning().toStep(), spec.quantization().toStep(),
          ranges(task, context.sideInput(calibrations)));
      ModelIr ir = c.shipped();
      ArtifactSize size = ArtifactSize.of(ir.graphDefBytes());
      SizeAccounting.WeightCounts counts = SizeAccounting.weightCounts(c.evaluated());
      compressed.inc();
      out.get(built).output(new BuiltCandidate(task, ir, c.evaluated(), c.floatLayers(), size.sizeBytes(),
          size.gzipBytes(), counts.params(), counts.nonzeroParams()));
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), task, STAGE, e);
    }
  }

  /** The calibrated ranges this candidate needs, null when it needs none. */
  private static ActivationRanges ranges(CandidateTask task, Map<String, CalibrationOutcome> calibrated) {
    CalibrationConfig calibration = task.spec().quantization().calibration();
    if (calibration == null) {
      return null;
    }
    CalibrationOutcome outcome = calibrated.get(calibration.rangesKey(task.model().modelId()));
    if (outcome == null) {
      throw new IllegalStateException("model '" + task.model().modelId() + "': no calibration "
          + calibration.label() + " was computed");
    }
    if (outcome.error() != null) {
      throw new IllegalArgumentException(outcome.error());
    }
    return outcome.ranges();
  }
}
