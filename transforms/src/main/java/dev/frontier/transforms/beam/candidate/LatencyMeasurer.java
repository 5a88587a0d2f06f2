package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.compress.MethodParameters;
import dev.frontier.transforms.config.CandidateSpec;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.AccuracyInterval;
import dev.frontier.transforms.measure.LatencyConfig;
import dev.frontier.transforms.measure.LatencyInput;
import dev.frontier.transforms.measure.LatencyProbe;
import dev.frontier.transforms.measure.LatencyReport;
import dev.frontier.transforms.measure.LatencyReport.BatchLatency;
import dev.frontier.transforms.pareto.Stop;
import dev.frontier.transforms.results.CandidateResult;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
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
    return measure(candidate, eval, eval.size(), AccuracyInterval.exactly(candidate.accuracy()), null);
  }

  /**
   * The result row of a candidate racing evaluation measured on {@code evaluationRows} of {@code eval}, with
   * the interval its accuracy on all of them lies in. A candidate whose evaluation stopped
   * ({@code stop} not null) is timed at batch 1 only: the front compares batch-1 latency, and batch 32
   * would describe a candidate nobody will ship; its batch-32 columns are NaN with 0 rounds. Being certainly off
   * the front on size and accuracy, it gets no long timing either: {@code latency.rounds} rounds, never more. A
   * twin (a stop with {@code sameGraphAs}) is not timed at all: its row will carry the measurements of the
   * candidate with its graphs.
   */
  public CandidateResult measure(EvaluatedCandidate candidate, Dataset eval, int evaluationRows,
      AccuracyInterval accuracy, Stop stop) {
    LatencyReport latency;
    if (stop == null) {
      latency = time(candidate.built(), eval, new int[] {LatencyConfig.SMALL_BATCH, LatencyConfig.LARGE_BATCH});
    } else if (stop.sameGraphAs() != null) {
      latency = new LatencyReport(List.of());
    } else {
      latency = time(candidate.built(), eval, new int[] {LatencyConfig.SMALL_BATCH}, sweep.latencyRounds());
    }
    return row(candidate, evaluationRows, latency, accuracy, stop);
  }

  /**
   * {@code row} of a stopped candidate, now evaluated on every row ({@code evaluated}), with batch 32 timed:
   * its batch-1 latency stays as measured, so the checks that other stops passed still hold. A twin, never timed,
   * is timed at both.
   */
  public CandidateResult complete(CandidateResult row, EvaluatedCandidate evaluated, Dataset eval) {
    if (row.latencyRoundsB1() == 0) {
      return measure(evaluated, eval);
    }
    LatencyReport b32 = time(evaluated.built(), eval, new int[] {LatencyConfig.LARGE_BATCH});
    CandidateResult full = row(evaluated, eval.size(), b32, AccuracyInterval.exactly(evaluated.accuracy()), null);
    return new Timing(row).into(full);
  }

  private LatencyReport time(BuiltCandidate built, Dataset eval, int[] batchSizes) {
    return time(built, eval, batchSizes, sweep.latencyMaxRounds());
  }

  /** Timed with at most {@code maxRounds} rounds per batch size. */
  private LatencyReport time(BuiltCandidate built, Dataset eval, int[] batchSizes, int maxRounds) {
    CandidateTask task = built.task();
    LatencyConfig config = new LatencyConfig(sweep.latencyWarmupRuns(), sweep.latencyRounds(),
        maxRounds, sweep.latencyTargetWidth(), batchSizes);
    int batchRows = Arrays.stream(config.batchSizes()).max().orElse(1);
    float[][] rows = Arrays.copyOf(eval.features(), Math.min(batchRows, eval.size()));
    LatencyInput input = LatencyInput.of(task.model().ir(), rows, eval.featureNames());
    return task.spec().isBaseline()
        ? LatencyProbe.measureAlone(built.ir().graphDefBytes(), input, config)
        : LatencyProbe.compare(built.ir().graphDefBytes(), task.model().ir().graphDefBytes(), input, config);
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

  private static CandidateResult row(EvaluatedCandidate c, int evaluationRows, LatencyReport latency,
      AccuracyInterval interval, Stop stop) {
    Timing t = new Timing(latency);
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
        t.b1.candidateMedianMs(), t.b32.candidateMedianMs(), t.b1.ratio(), t.b32.ratio(),
        t.b1.ratioLo(), t.b1.ratioHi(), t.b32.ratioLo(), t.b32.ratioHi(), t.b1.rounds(), t.b32.rounds(),
        false, false, false, null, b.tfliteBytes(), b.tfliteGzipBytes(), interval.lo(), interval.hi(),
        stop == null ? null : stop.reason(), stop == null ? null : stop.dominatedBy(),
        stop == null ? null : stop.sameGraphAs());
  }

  /** The batch-1 and batch-32 columns of a row; a batch size not timed reads as NaN with 0 rounds. */
  private record Timing(BatchLatency b1, BatchLatency b32) {
    private static final BatchLatency NOT_TIMED = new BatchLatency(0, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, 0, 0, 0);

    Timing(LatencyReport report) {
      this(find(report, LatencyConfig.SMALL_BATCH), find(report, LatencyConfig.LARGE_BATCH));
    }

    Timing(CandidateResult r) {
      this(new BatchLatency(LatencyConfig.SMALL_BATCH, r.latencyMsB1(), Double.NaN, r.latencyRatioB1(),
          r.latencyRatioB1Lo(), r.latencyRatioB1Hi(), r.latencyRoundsB1(), 0, 0), NOT_TIMED);
    }

    private static BatchLatency find(LatencyReport report, int batchSize) {
      return report.batches().stream().filter(b -> b.batchSize() == batchSize).findFirst().orElse(NOT_TIMED);
    }

    /** {@code row} with this timing's batch-1 columns. */
    CandidateResult into(CandidateResult r) {
      return new CandidateResult(r.modelId(), r.candidateId(), r.config(), r.quantization(), r.granularity(),
          r.groupSize(), r.pruning(), r.pruningScope(), r.sparsity(), r.recovery(), r.calibration(),
          r.calibrationSamples(), r.floatLayers(), r.kernelAgreement(), r.kernelMeanAbsDiff(), r.sizeBytes(),
          r.gzipBytes(), r.artifactBytes(), r.graphSha256(), r.params(), r.nonzeroParams(), r.accuracy(),
          r.floatAccuracy(), r.agreement(), r.artifactAccuracy(), r.evaluationRows(), b1.candidateMedianMs(),
          r.latencyMsB32(), b1.ratio(), r.latencyRatioB32(), b1.ratioLo(), b1.ratioHi(), r.latencyRatioB32Lo(),
          r.latencyRatioB32Hi(), b1.rounds(), r.latencyRoundsB32(), r.onFront(), r.knee(), r.chosen(),
          r.artifactPath(), r.tfliteBytes(), r.tfliteGzipBytes(), r.accuracyLo(), r.accuracyHi(), r.stopReason(),
          r.dominatedBy(), r.sameGraphAs());
    }
  }
}
