package dev.frontier.transforms.beam;

import dev.frontier.transforms.catalogue.Catalogue;
import dev.frontier.transforms.catalogue.CandidateSpec;
import dev.frontier.transforms.catalogue.ModelData;
import dev.frontier.transforms.catalogue.SweepSpec;
import dev.frontier.transforms.compress.MethodParams;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.LatencyConfig;
import dev.frontier.transforms.measure.LatencyInput;
import dev.frontier.transforms.measure.LatencyProbe;
import dev.frontier.transforms.measure.LatencyReport;
import java.util.Arrays;
import java.util.Set;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Times the candidate artifact at batch 1 and 32, interleaved with the float baseline in the same JVM and
 * under the per-JVM benchmark slot, and emits the finished result row. The float candidate itself is
 * timed alone; its ratio is 1 by definition. Each finished row is checkpointed at once
 * ({@link CandidateCheckpoints}) so an interrupted sweep can resume.
 */
class MeasureLatencyFn extends DoFn<EvaluatedCandidate, CandidateResult> {
  static final String STAGE = "MeasureLatency";
  private final Catalogue catalogue;
  private final SweepSpec sweep;
  private final String outputDir;
  private final TupleTag<CandidateResult> results;
  private final TupleTag<FailureRecord> failures;
  private final Counter measured = Metrics.counter(MeasureCandidates.class, "candidates_measured");

  MeasureLatencyFn(Catalogue catalogue, SweepSpec sweep, String outputDir, TupleTag<CandidateResult> results,
      TupleTag<FailureRecord> failures) {
    this.catalogue = catalogue;
    this.sweep = sweep;
    this.outputDir = outputDir;
    this.results = results;
    this.failures = failures;
  }

  @ProcessElement
  public void process(@Element EvaluatedCandidate candidate, MultiOutputReceiver out) {
    BuiltCandidate built = candidate.built();
    CandidateTask task = built.task();
    try {
      LatencyConfig config = new LatencyConfig(sweep.latencyWarmupRuns(), sweep.latencyRounds(),
          new int[] {LatencyConfig.SMALL_BATCH, LatencyConfig.LARGE_BATCH});
      Dataset eval = ModelData.shared(catalogue, StagedFiles.create()).split(task.model().entry()).evaluation();
      int batchRows = Arrays.stream(config.batchSizes()).max().orElse(1);
      float[][] rows = Arrays.copyOf(eval.features(), Math.min(batchRows, eval.size()));
      LatencyInput input = LatencyInput.of(task.model().ir(), rows, eval.featureNames());
      LatencyReport latency = task.spec().isBaseline()
          ? LatencyProbe.measureAlone(built.ir().graphDefBytes(), input, config)
          : LatencyProbe.compare(built.ir().graphDefBytes(), task.model().ir().graphDefBytes(), input, config);
      CandidateResult result = row(candidate, eval.size(), latency);
      CandidateCheckpoints.write(outputDir, result);
      measured.inc();
      SweepProgress.succeeded(result);
      out.get(results).output(result);
    } catch (RuntimeException e) {
      MeasureCandidates.fail(out.get(failures), task, STAGE, e);
    }
  }

  private static CandidateResult row(EvaluatedCandidate c, int evaluationRows, LatencyReport latency) {
    BuiltCandidate b = c.built();
    CandidateSpec spec = b.task().spec();
    MethodParams q = spec.quantization().params();
    MethodParams p = spec.pruning() == null ? null : spec.pruning().params();
    Set<MethodParams.Param> accepted = spec.quantization().toStep().method().acceptedParams();
    boolean hasGranularity = accepted.contains(MethodParams.Param.GRANULARITY);
    boolean hasGroups = accepted.contains(MethodParams.Param.GROUP_SIZE);
    return new CandidateResult(
        spec.modelId(),
        b.task().candidateId(),
        spec.config(),
        spec.quantization().method(),
        hasGranularity ? q.granularity().toString() : null,
        hasGroups ? q.groupSize() : null,
        spec.pruning() == null ? "none" : spec.pruning().method(),
        p == null ? null : p.scope().toString(),
        p == null ? 0.0 : p.sparsity(),
        spec.quantization().calibration() == null ? null
            : spec.quantization().calibration().methodLabel(),
        spec.quantization().calibration() == null ? null : spec.quantization().calibration().samples(),
        String.join(",", b.floatLayers()),
        c.kernels() == null ? null : c.kernels().top1Agreement(),
        c.kernels() == null ? null : c.kernels().meanAbsDiff(),
        b.sizeBytes(), b.gzipBytes(), b.params(), b.nonzeroParams(),
        c.accuracy(), b.task().model().floatAccuracy(), c.agreement(), evaluationRows,
        latency.candidateMsB1(), latency.candidateMsB32(), latency.ratioB1(), latency.ratioB32(),
        false, false, false);
  }
}
