package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.data.Dataset;
import java.io.Serializable;
import java.util.BitSet;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Racing, after {@code Finish}: a candidate evaluated there on every row → its model id and its exact result
 * ({@link Exact}), for settling the followers ({@link SettleRaceFn}). Small: no graph, one bit per row.
 */
class ExactRowsFn extends DoFn<FinishRaceFn.Evaluated, KV<String, ExactRowsFn.Exact>> {
  private final RaceSteps steps;

  ExactRowsFn(RaceSteps steps) {
    this.steps = steps;
  }

  /**
   * A candidate evaluated on every row.
   *
   * @param id candidate id
   * @param gzipBytes bytes of its gzip'd artifact
   * @param right rows it gets right
   * @param wrong the evaluation rows (indices) it gets wrong
   */
  record Exact(String id, long gzipBytes, int right, BitSet wrong) implements Serializable {}

  @ProcessElement
  public void process(@Element FinishRaceFn.Evaluated evaluated, OutputReceiver<KV<String, Exact>> out) {
    RacingCandidate c = evaluated.candidate();
    Dataset eval = steps.evaluation(c.built().task().model());
    if (c.stop() != null || c.tally().rows() != eval.size()) {
      return;
    }
    out.output(KV.of(c.modelId(), new Exact(c.candidateId(), c.built().gzipBytes(), c.tally().correct(),
        steps.wrongRows(c, eval))));
  }
}
