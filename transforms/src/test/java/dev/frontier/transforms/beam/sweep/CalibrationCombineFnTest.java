package dev.frontier.transforms.beam.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.calibrate.ActivationTaps;
import dev.frontier.transforms.calibrate.CalibrationStatistics;
import dev.frontier.transforms.calibrate.Calibrator;
import dev.frontier.transforms.calibrate.SameStatistics;
import dev.frontier.transforms.calibrate.TensorStatistics;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.ModelIr;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CalibrationCombineFnTest {
  private static final int ROWS = 150;
  private static final int[] SHARD_ENDS = {40, 95, ROWS};

  @BeforeAll
  static void sharedData() {
    assumeTrue(SharedFixtures.available(), "shared models and MNIST not found");
  }

  /** Three shards of unequal size covering the first ROWS MNIST rows. */
  private static List<CalibrationShard> shards(ModelIr ir, Dataset rows) {
    float[][] all = rows.features();
    return List.of(shard(ir, rows, Arrays.copyOfRange(all, 0, SHARD_ENDS[0])),
        shard(ir, rows, Arrays.copyOfRange(all, SHARD_ENDS[0], SHARD_ENDS[1])),
        shard(ir, rows, Arrays.copyOfRange(all, SHARD_ENDS[1], SHARD_ENDS[2])));
  }

  private static CalibrationShard shard(ModelIr ir, Dataset rows, float[][] part) {
    return CalibrationShard.of(ir, rows.featureNames(), part);
  }

  @Test
  void combiningShardsGivesTheSinglePassStatistics() {
    ModelIr ir = SharedFixtures.conv();
    ActivationTaps taps = ActivationTaps.of(ir);
    Dataset rows = SharedFixtures.mnistHead(ROWS);
    CalibrationStatistics single = Calibrator.statistics(ir, taps, rows, ROWS, TensorStatistics.DEFAULT_BINS);
    CalibrationCombineFn fn = CalibrationCombineFn.create();

    SameStatistics.assertSame(single, fn.apply(shards(ir, rows)).statistics());

    List<CalibrationShard> s = shards(ir, rows);
    CalibrationCombineFn.Accumulator a = fn.addInput(fn.createAccumulator(), s.get(0));
    CalibrationCombineFn.Accumulator b = fn.addInput(fn.createAccumulator(), s.get(1));
    CalibrationCombineFn.Accumulator c =
        fn.addInput(fn.addInput(fn.createAccumulator(), shard(ir, rows, new float[0][])), s.get(2));
    SameStatistics.assertSame(single,
        fn.mergeAccumulators(List.of(c, fn.mergeAccumulators(List.of(b, a)))).statistics());
    assertEquals(SHARD_ENDS[0], a.statistics().rowsSeen(), "merging left the inputs alone");
  }

  @Test
  void aDirectRunnerPipelineMergesShardsToTheSinglePassStatistics() {
    ModelIr ir = SharedFixtures.mlp();
    ActivationTaps taps = ActivationTaps.of(ir);
    Dataset rows = SharedFixtures.mnistHead(ROWS);
    CalibrationStatistics single = Calibrator.statistics(ir, taps, rows, ROWS, TensorStatistics.DEFAULT_BINS);

    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--targetParallelism=2").create());
    PCollection<CalibrationCombineFn.Accumulator> stats = p
        .apply("Shards", Create.of(shards(ir, rows)).withCoder(ElementCoder.of(CalibrationShard.class)))
        .apply("Calibrate", Combine.globally(CalibrationCombineFn.create()));
    PAssert.thatSingleton(stats).satisfies(got -> {
      SameStatistics.assertSame(single, got.statistics());
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void badRowsBecomeAnErrorNotAFailedJobAndBadBinCountsAreRejected() {
    ModelIr mlp = SharedFixtures.mlp();
    CalibrationCombineFn fn = CalibrationCombineFn.create();
    CalibrationCombineFn.Accumulator wrongWidth =
        fn.addInput(fn.createAccumulator(), CalibrationShard.of(mlp, List.of(), new float[][] {{1f, 2f, 3f}}));
    assertTrue(wrongWidth.error().contains(mlp.modelId()), wrongWidth.error());
    CalibrationCombineFn.Accumulator fine = fn.addInput(fn.createAccumulator(),
        CalibrationShard.of(mlp, List.of(), SharedFixtures.mnistHead(5).features()));
    CalibrationCombineFn.Accumulator merged = fn.mergeAccumulators(List.of(fine, wrongWidth));
    assertEquals(wrongWidth.error(), merged.error());
    assertThrows(IllegalArgumentException.class, () -> fn.withBins(100));
  }
}
