package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.BatchedPredictions;
import dev.frontier.transforms.measure.OutputComparison;
import dev.frontier.transforms.measure.PairedTally;
import dev.frontier.transforms.measure.TopOne;
import dev.frontier.transforms.model.IrPredictor;
import dev.frontier.transforms.model.PredictorCache;
import java.io.Serializable;

/**
 * Runs the candidate artifact on the model's evaluation rows: top-1 accuracy against the labels and top-1
 * agreement with the float baseline's predictions. For a full-integer candidate, accuracy comes from its
 * exact simulation, and the shipped integer-kernel artifact is run on the same rows and compared with it.
 */
public final class CandidateEvaluator implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The stage named in failure records of this step. */
  public static final String STAGE = "Evaluate";
  /**
   * Racing evaluates a candidate's graph once per round: its session is kept between rounds in this JVM-wide
   * cache (bounded by serialized graph bytes, {@code -Dfrontier.racingCacheBytes}, default 256 MiB) and closed
   * when the candidate leaves the race ({@link #release}), rather than imported and warmed up again each round.
   */
  private static final PredictorCache RACING =
      new PredictorCache(Long.getLong("frontier.racingCacheBytes", 256L << 20));
  private final int batchRows;

  public CandidateEvaluator(int batchRows) {
    this.batchRows = batchRows;
  }

  /** Accuracy and agreement of {@code candidate} on {@code eval}, its model's evaluation rows. */
  public EvaluatedCandidate evaluate(BuiltCandidate candidate, Dataset eval) {
    ImportedModel model = candidate.task().model();
    int[] top1;
    OutputComparison kernels = null;
    // A candidate's graph is run here once, so it is loaded outside the shared PredictorCache: cached,
    // a thousand one-shot sessions would fill the cache to its bound and hold native memory for nothing.
    try (IrPredictor predictor = new IrPredictor(candidate.evaluated(), model.entry().outputKey())) {
      top1 = BatchedPredictions.topOne(predictor, eval, batchRows);
      if (!candidate.evaluated().contentSha256().equals(candidate.ir().contentSha256())) {
        try (IrPredictor shipped = new IrPredictor(candidate.ir(), model.entry().outputKey())) {
          kernels = OutputComparison.of(shipped, predictor, eval, batchRows);
        }
      }
    }
    double accuracy = TopOne.accuracy(top1, eval.labels());
    return new EvaluatedCandidate(candidate, accuracy, TopOne.agreement(top1, model.floatTop1()),
        kernels == null ? accuracy : kernels.firstAccuracy(), kernels);
  }

  /**
   * Racing: the evaluated graph's top-1 on the evaluation rows at {@code rows} (indices into {@code eval}), in
   * that order.
   */
  public int[] topOne(BuiltCandidate candidate, Dataset eval, int[] rows) {
    ImportedModel model = candidate.task().model();
    try (PredictorCache.Lease lease = RACING.lease(candidate.evaluated(), model.entry().outputKey())) {
      return BatchedPredictions.topOne(lease.predictor(), eval.select(eval.name(), rows), batchRows);
    }
  }

  /**
   * Racing: the candidate as evaluated on {@code seen}, the rows it was measured on (all evaluation rows unless
   * it stopped), from their tally. A full-integer candidate's shipped graph is compared on those rows here, as
   * {@link #evaluate} does on all of them.
   */
  public EvaluatedCandidate summarize(BuiltCandidate candidate, PairedTally tally, Dataset seen) {
    OutputComparison kernels = null;
    if (!candidate.evaluated().contentSha256().equals(candidate.ir().contentSha256())) {
      String output = candidate.task().model().entry().outputKey();
      try (PredictorCache.Lease predictor = RACING.lease(candidate.evaluated(), output);
          IrPredictor shipped = new IrPredictor(candidate.ir(), output)) {
        kernels = OutputComparison.of(shipped, predictor.predictor(), seen, batchRows);
      }
    }
    release(candidate);
    return new EvaluatedCandidate(candidate, tally.accuracy(), tally.agreement(),
        kernels == null ? tally.accuracy() : kernels.firstAccuracy(), kernels);
  }

  /** Racing: closes the candidate's session kept between rounds; it left the race. */
  public void release(BuiltCandidate candidate) {
    RACING.discard(candidate.evaluated(), candidate.task().model().entry().outputKey());
  }
}
