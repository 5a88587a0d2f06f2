package dev.frontier.transforms.beam;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.catalogue.CalibrationConfig;
import dev.frontier.transforms.catalogue.CandidateSpec;
import dev.frontier.transforms.catalogue.Catalogue;
import dev.frontier.transforms.catalogue.MethodConfig;
import dev.frontier.transforms.compress.CandidateCompressor;
import dev.frontier.transforms.compress.CompressedCandidate;
import dev.frontier.transforms.compress.CompressionStep;
import dev.frontier.transforms.compress.MethodParams;
import dev.frontier.transforms.compress.SizeAccounting;
import dev.frontier.transforms.measure.ArtifactSize;
import dev.frontier.transforms.model.ModelIr;
import java.util.ArrayList;
import java.util.List;
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
  private final Catalogue catalogue;
  private final int sensitivityBatchRows;
  private final Counter compressed = Metrics.counter(MeasureCandidates.class, "candidates_compressed");

  CompressCandidateFn(Catalogue catalogue, int sensitivityBatchRows,
      PCollectionView<Map<String, CalibrationOutcome>> calibrations, TupleTag<BuiltCandidate> built,
      TupleTag<FailureRecord> failures) {
    this.catalogue = catalogue;
    this.sensitivityBatchRows = sensitivityBatchRows;
    this.calibrations = calibrations;
    this.built = built;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element CandidateTask task, MultiOutputReceiver out, ProcessContext context) {
    CandidateSpec spec = task.spec();
    try {
      ActivationRanges ranges = ranges(task, context.sideInput(calibrations));
      CompressedCandidate c = CandidateCompressor.compress(task.model().ir(),
          spec.pruning() == null ? null : spec.pruning().toStep(), quantization(task, ranges), ranges);
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

  /**
   * The quantization step, with the most sensitive layers added to {@code skipLayers} when the sweep asks
   * to keep some float.
   */
  private CompressionStep quantization(CandidateTask task, ActivationRanges ranges) {
    MethodConfig q = task.spec().quantization();
    if (q.keepFloatMostSensitive() == 0) {
      return q.toStep();
    }
    List<String> keep = new ArrayList<>(q.params().skipLayers());
    for (String layer : MostSensitiveLayers.of(catalogue, task.model(), q.calibration(), ranges,
        q.params().granularity(), q.keepFloatMostSensitive(), sensitivityBatchRows)) {
      if (!keep.contains(layer)) {
        keep.add(layer);
      }
    }
    MethodParams params = MethodParams.builder().granularity(q.params().granularity()).skipLayers(keep).build();
    return new CompressionStep(q.method(), params);
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
