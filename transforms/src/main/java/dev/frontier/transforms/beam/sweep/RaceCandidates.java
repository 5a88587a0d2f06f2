package dev.frontier.transforms.beam.sweep;

import dev.frontier.transforms.beam.candidate.CalibrationOutcome;
import dev.frontier.transforms.beam.candidate.CandidateBuilder;
import dev.frontier.transforms.beam.candidate.CandidateTask;
import dev.frontier.transforms.beam.candidate.LatencyMeasurer;
import dev.frontier.transforms.beam.candidate.RacingCandidate;
import dev.frontier.transforms.beam.candidate.RacingSlices;
import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.pareto.Stop;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Candidate tasks → result rows by racing evaluation ({@code evaluation.strategy: racing}): forward passes are
 * spent only where they can change the answer.
 *
 * <p>Stages: {@code Compress} builds each candidate once; {@code Round1..2} each evaluate the candidates still
 * running on the next seeded slice of the evaluation rows ({@link RacingSlices}) and then decide, per model, who
 * stops ({@link DecideStops}: certainly dominated on size and accuracy and certainly not chosen, or measured by a
 * twin with the same graphs); {@link DecideLeaders} splits the rest into leaders and followers; {@code Finish}
 * evaluates the leaders' remaining rows; {@code Settle} evaluates each follower on the rows it most likely gets
 * wrong until a leader's exact result certainly dominates it or it has seen every row ({@link SettleRaceFn});
 * {@code Time} times every candidate (a stopped one at batch 1 only) once all are evaluated, so that timings,
 * which hold the benchmark slot alone, do not wait for long evaluations to drain: it reads the count of their ids
 * ({@code AllEvaluated}) as a side input, a barrier that moves no graph through a shuffle (embedded Flink refuses
 * to sort records over its sort buffer); {@code CheckStops} confirms each stop with the measured latencies, and
 * {@code Complete} evaluates the rest of any stop it cannot confirm. The result is the rows of
 * {@link MeasureCandidates} for every candidate evaluated on all rows, the same front, knee and choice, and for
 * each stopped one an honest row (rows seen, accuracy interval, reason). Failures go to
 * {@link MeasureCandidates#FAILURES} as there.
 */
final class RaceCandidates extends PTransform<PCollection<CandidateTask>, PCollectionTuple> {
  private static final TupleTag<RacingCandidate> RACING = new TupleTag<>() {};
  private static final TupleTag<RacingCandidate> STOPPED = new TupleTag<>() {};
  private static final TupleTag<RacingCandidate> FOLLOWERS = new TupleTag<>() {};
  private static final TupleTag<FinishRaceFn.Evaluated> EVALUATED = new TupleTag<>() {};
  private static final TupleTag<KV<String, CandidateResult>> TO_COMPLETE = new TupleTag<>() {};
  /** Evaluation rows run by the race's steps (the sweep prints the sum). */
  static final Counter ROWS_EVALUATED = Metrics.counter(RaceCandidates.class, "racing_rows_evaluated");
  /** Candidates stopped before their last evaluation row. */
  static final Counter STOPPED_EARLY = Metrics.counter(RaceCandidates.class, "racing_candidates_stopped");
  /** Stops the latency check could not confirm, completed after all. */
  static final Counter STOPS_UNDONE = Metrics.counter(RaceCandidates.class, "racing_stops_undone");

  private final Catalogue catalogue;
  private final SweepSpec sweep;
  private final String outputDir;
  private final PCollectionView<Map<String, CalibrationOutcome>> calibrations;
  private final List<CandidateResult> earlierRows;

  /**
   * Races the candidates of {@code catalogue}'s models, checkpointing each finished row under {@code outputDir};
   * {@code earlierRows} (of an earlier run) are not measured again, counted by the stop checks and joined to the
   * results. Built by {@link MeasureCandidates} when the sweep races.
   */
  RaceCandidates(Catalogue catalogue, SweepSpec sweep, String outputDir,
      PCollectionView<Map<String, CalibrationOutcome>> calibrations, List<CandidateResult> earlierRows) {
    this.catalogue = catalogue;
    this.sweep = sweep;
    this.outputDir = outputDir;
    this.calibrations = calibrations;
    this.earlierRows = List.copyOf(earlierRows);
  }

  @Override
  public PCollectionTuple expand(PCollection<CandidateTask> tasks) {
    RaceSteps steps = new RaceSteps(catalogue, sweep);
    LatencyMeasurer latency = new LatencyMeasurer(sweep);
    List<PCollection<FailureRecord>> failures = new ArrayList<>();
    PCollectionTuple built = tasks.apply("Compress", ParDo.of(new StartRaceFn(
            CandidateBuilder.forSweep(catalogue, sweep), calibrations, RACING,
            MeasureCandidates.FAILURES))
        .withSideInputs(calibrations).withOutputTags(RACING, TupleTagList.of(MeasureCandidates.FAILURES)));
    failures.add(failuresOf(built));
    PCollection<RacingCandidate> racing = built.get(RACING).setCoder(ElementCoder.of(RacingCandidate.class));
    PCollectionView<Map<String, Stop>> stops = null;
    for (int round = 1; round <= RacingSlices.ROUNDS; round++) {
      String name = "Round" + round;
      EvaluateSliceFn fn = new EvaluateSliceFn(steps, round, stops, RACING, MeasureCandidates.FAILURES);
      PCollectionTuple evaluated = racing.apply(name, (stops == null ? ParDo.of(fn) : ParDo.of(fn).withSideInputs(stops))
          .withOutputTags(RACING, TupleTagList.of(MeasureCandidates.FAILURES)));
      failures.add(failuresOf(evaluated));
      racing = evaluated.get(RACING).setCoder(ElementCoder.of(RacingCandidate.class));
      stops = racing.apply("DecideStops" + round,
          DecideStops.of(sweep.accuracyBudgetPp(), sweep.evaluationConfidence()));
    }
    PCollectionView<Map<String, String>> followers = racing.apply("DecideLeaders", DecideLeaders.after(stops));
    PCollectionTuple finishedLeaders = racing.apply("Finish", ParDo.of(new FinishRaceFn(steps, stops, followers,
            EVALUATED, FOLLOWERS, MeasureCandidates.FAILURES))
        .withSideInputs(stops, followers)
        .withOutputTags(EVALUATED, TupleTagList.of(FOLLOWERS).and(MeasureCandidates.FAILURES)));
    failures.add(failuresOf(finishedLeaders));
    PCollection<FinishRaceFn.Evaluated> leaders = finishedLeaders.get(EVALUATED)
        .setCoder(ElementCoder.of(FinishRaceFn.Evaluated.class));
    PCollectionView<Map<String, Iterable<ExactRowsFn.Exact>>> exact = leaders
        .apply("ExactRows", ParDo.of(new ExactRowsFn(steps)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ElementCoder.of(ExactRowsFn.Exact.class)))
        .apply("ExactByModel", View.asMultimap());
    PCollectionTuple settled = finishedLeaders.get(FOLLOWERS).setCoder(ElementCoder.of(RacingCandidate.class))
        .apply("Settle", ParDo.of(new SettleRaceFn(steps, exact, EVALUATED, MeasureCandidates.FAILURES))
            .withSideInputs(exact)
            .withOutputTags(EVALUATED, TupleTagList.of(MeasureCandidates.FAILURES)));
    failures.add(failuresOf(settled));
    PCollection<FinishRaceFn.Evaluated> evaluatedCandidates = PCollectionList.of(leaders)
        .and(settled.get(EVALUATED).setCoder(ElementCoder.of(FinishRaceFn.Evaluated.class)))
        .apply("JoinEvaluated", Flatten.pCollections());
    PCollectionView<Long> allEvaluated = evaluatedCandidates
        .apply("EvaluatedIds", MapElements.into(TypeDescriptors.strings()).via(e -> e.candidate().candidateId()))
        .apply("CountEvaluated", Count.globally())
        .apply("AllEvaluated", View.asSingleton());
    PCollectionTuple finished = evaluatedCandidates
        .apply("Time", ParDo.of(new TimeRaceFn(steps, latency, allEvaluated, MeasureCandidates.RESULTS, STOPPED,
                MeasureCandidates.FAILURES))
            .withSideInputs(allEvaluated)
            .withOutputTags(MeasureCandidates.RESULTS, TupleTagList.of(STOPPED).and(MeasureCandidates.FAILURES)));
    failures.add(failuresOf(finished));
    PCollectionTuple checked = finished.get(MeasureCandidates.RESULTS)
        .setCoder(ElementCoder.of(CandidateResult.class))
        .apply("KeyByModel", WithKeys.of(CandidateResult::modelId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ElementCoder.of(CandidateResult.class)))
        .apply("GroupByModel", GroupByKey.create())
        .apply("CheckStops", ParDo.of(new CheckStopsFn(sweep.accuracyBudgetPp(), sweep.latencyEquivalence(),
                outputDir, earlierRows, TO_COMPLETE))
            .withOutputTags(MeasureCandidates.RESULTS, TupleTagList.of(TO_COMPLETE)));
    PCollectionView<Map<String, CandidateResult>> toComplete = checked.get(TO_COMPLETE)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ElementCoder.of(CandidateResult.class)))
        .apply("StopsToUndo", View.asMap());
    PCollectionTuple completed = finished.get(STOPPED).setCoder(ElementCoder.of(RacingCandidate.class))
        .apply("Complete", ParDo.of(new CompleteRaceFn(steps, latency, outputDir, toComplete,
                MeasureCandidates.RESULTS, MeasureCandidates.FAILURES))
            .withSideInputs(toComplete)
            .withOutputTags(MeasureCandidates.RESULTS, TupleTagList.of(MeasureCandidates.FAILURES)));
    failures.add(failuresOf(completed));
    PCollection<CandidateResult> earlier = tasks.getPipeline().apply("ReadCheckpoints",
        Create.of(earlierRows).withCoder(ElementCoder.of(CandidateResult.class)));
    PCollection<CandidateResult> results = PCollectionList.of(earlier)
        .and(checked.get(MeasureCandidates.RESULTS).setCoder(ElementCoder.of(CandidateResult.class)))
        .and(completed.get(MeasureCandidates.RESULTS).setCoder(ElementCoder.of(CandidateResult.class)))
        .apply("JoinResults", Flatten.pCollections());
    PCollection<FailureRecord> failed = PCollectionList.of(failures).apply("JoinFailures", Flatten.pCollections())
        .setCoder(ElementCoder.of(FailureRecord.class));
    return PCollectionTuple.of(MeasureCandidates.RESULTS, results).and(MeasureCandidates.FAILURES, failed);
  }

  private static PCollection<FailureRecord> failuresOf(PCollectionTuple step) {
    return step.get(MeasureCandidates.FAILURES).setCoder(ElementCoder.of(FailureRecord.class));
  }
}
