package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.compress.MethodParameters;
import dev.frontier.transforms.config.CandidateSpec;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.LatencyConfig;
import dev.frontier.transforms.measure.LatencyInput;
import dev.frontier.transforms.measure.LatencyProbe;
import dev.frontier.transforms.measure.LatencyReport;
import dev.frontier.transforms.results.CandidateResult;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Set;

/**
 * Times the candidate artifact at batch 1 and 32, interleaved with the float baseline in the same JVM and
 * under the per-JVM benchmark slot, and emits the finished result row. The float candidate itself is
 * timed alone; its ratio is 1 by definition.
 */
public final class LatencyMeasurer implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The stage named in failure records of this step. */
  public static final String STAGE = "MeasureLatency";
  private final SweepSpec sweep;

  public LatencyMeasurer(SweepSpec sweep) {
    this.sweep = sweep;
  }

  /**
   * The result row of {@code candidate}: its sizes, accuracy and the latency measured here, on the first
   * rows of {@code eval}, its model's evaluation rows.
   */
  public CandidateResult measure(EvaluatedCandidate candidate, Dataset eval) {
    BuiltCandidate built = candidate.built();
    CandidateTask task = built.task();
    LatencyConfig config = new LatencyConfig(sweep.latencyWarmupRuns(), sweep.latencyRounds(),
        sweep.latencyMaxRounds(), sweep.latencyTargetWidth(),
        new int[] {LatencyConfig.SMALL_BATCH, LatencyConfig.LARGE_BATCH});
    int batchRows = Arrays.stream(config.batchSizes()).max().orElse(1);
    float[][] rows = Arrays.copyOf(eval.features(), Math.min(batchRows, eval.size()));
    LatencyInput input = LatencyInput.of(task.model().ir(), rows, eval.featureNames());
    LatencyReport latency = task.spec().isBaseline()
        ? LatencyProbe.measureAlone(built.ir().graphDefBytes(), input, config)
        : LatencyProbe.compare(built.ir().graphDefBytes(), task.model().ir().graphDefBytes(), input, config);
    return row(candidate, eval.size(), latency);
  }

  /** The requested share removed: weights ({@code magnitude}), channels ({@code channels}), 1 − n/m ({@code n-of-m}). */
  private static double sparsity(CandidateSpec spec) {
    if (spec.pruning() == null) {
      return 0.0;
    }
    MethodParameters p = spec.pruning().params();
    Set<MethodParameters.Param> accepted = spec.pruning().toStep().method().acceptedParams();
    if (accepted.contains(MethodParameters.Param.FRACTION)) {
      return p.fraction();
    }
    return accepted.contains(MethodParameters.Param.M) ? 1.0 - (double) p.n() / p.m() : p.sparsity();
  }

  private static CandidateResult row(EvaluatedCandidate c, int evaluationRows, LatencyReport latency) {
    BuiltCandidate b = c.built();
    CandidateSpec spec = b.task().spec();
    MethodParameters q = spec.quantization().params();
    MethodParameters p = spec.pruning() == null ? null : spec.pruning().params();
    Set<MethodParameters.Param> accepted = spec.quantization().toStep().method().acceptedParams();
    boolean hasGranularity = accepted.contains(MethodParameters.Param.GRANULARITY);
    boolean hasGroups = accepted.contains(MethodParameters.Param.GROUP_SIZE);
    return new CandidateResult(
        spec.modelId(),
        b.task().candidateId(),
        spec.config(),
        spec.quantization().method(),
        hasGranularity ? q.granularity().toString() : null,
        hasGroups ? q.groupSize() : null,
        spec.pruning() == null ? "none" : spec.pruning().method(),
        p == null || !spec.pruning().toStep().method().acceptedParams().contains(MethodParameters.Param.SCOPE)
            ? null : p.scope().toString(),
        sparsity(spec),
        spec.recovery().configName(),
        spec.quantization().calibration() == null ? null
            : spec.quantization().calibration().methodLabel(),
        spec.quantization().calibration() == null ? null : spec.quantization().calibration().samples(),
        String.join(",", b.floatLayers()),
        c.kernels() == null ? null : c.kernels().top1Agreement(),
        c.kernels() == null ? null : c.kernels().meanAbsDiff(),
        b.sizeBytes(), b.gzipBytes(), b.savedModel().length, b.ir().contentSha256(),
        b.params(), b.nonzeroParams(),
        c.accuracy(), b.task().model().floatAccuracy(), c.agreement(), c.artifactAccuracy(), evaluationRows,
        latency.candidateMsB1(), latency.candidateMsB32(), latency.ratioB1(), latency.ratioB32(),
        latency.b1().ratioLo(), latency.b1().ratioHi(), latency.b32().ratioLo(), latency.b32().ratioHi(),
        latency.b1().rounds(), latency.b32().rounds(),
        false, false, false, null, b.tfliteBytes(), b.tfliteGzipBytes());
  }
}
