package dev.frontier.transforms.beam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.transforms.calibrate.ActivationTaps;
import dev.frontier.transforms.calibrate.CalibrationStatistics;
import dev.frontier.transforms.calibrate.Calibrator;
import dev.frontier.transforms.calibrate.RealModels;
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
    assumeTrue(RealModels.available(), "shared models and MNIST not found");
  }

  /** Three shards of unequal size covering the first ROWS MNIST rows. */
  private static List<float[][]> shards(Dataset rows) {
    float[][] all = rows.features();
    return List.of(Arrays.copyOfRange(all, 0, SHARD_ENDS[0]), Arrays.copyOfRange(all, SHARD_ENDS[0], SHARD_ENDS[1]),
        Arrays.copyOfRange(all, SHARD_ENDS[1], SHARD_ENDS[2]));
  }

  @Test
  void combiningShardsGivesTheSinglePassStatistics() {
    ModelIr ir = RealModels.conv();
    ActivationTaps taps = ActivationTaps.inputsAndOutputs(ir);
    Dataset rows = RealModels.mnistHead(ROWS);
    CalibrationStatistics single = Calibrator.statistics(ir, taps, rows, ROWS, TensorStatistics.DEFAULT_BINS);
    CalibrationCombineFn fn = CalibrationCombineFn.of(ir, taps, rows.featureNames());

    SameStatistics.assertSame(single, fn.apply(shards(rows)));

    List<float[][]> s = shards(rows);
    CalibrationStatistics a = fn.addInput(fn.createAccumulator(), s.get(0));
    CalibrationStatistics b = fn.addInput(fn.createAccumulator(), s.get(1));
    CalibrationStatistics c = fn.addInput(fn.addInput(fn.createAccumulator(), new float[0][]), s.get(2));
    SameStatistics.assertSame(single, fn.mergeAccumulators(List.of(c, fn.mergeAccumulators(List.of(b, a)))));
    assertEquals(SHARD_ENDS[0], a.rowsSeen(), "merging left the inputs alone");
  }

  @Test
  void aDirectRunnerPipelineMergesShardsToTheSinglePassStatistics() {
    ModelIr ir = RealModels.mlp();
    ActivationTaps taps = ActivationTaps.of(ir);
    Dataset rows = RealModels.mnistHead(ROWS);
    CalibrationStatistics single = Calibrator.statistics(ir, taps, rows, ROWS, TensorStatistics.DEFAULT_BINS);

    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--targetParallelism=2").create());
    PCollection<CalibrationStatistics> stats = p
        .apply("Shards", Create.of(shards(rows)).withCoder(ElementCoder.of(float[][].class)))
        .apply("Calibrate", Combine.globally(CalibrationCombineFn.of(ir, taps, rows.featureNames())));
    PAssert.thatSingleton(stats).satisfies(got -> {
      SameStatistics.assertSame(single, got);
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void rejectsTapsOfAnotherModelAndBadBinCounts() {
    ActivationTaps conv = ActivationTaps.of(RealModels.conv());
    assertThrows(IllegalArgumentException.class, () -> CalibrationCombineFn.of(RealModels.mlp(), conv, List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> CalibrationCombineFn.of(RealModels.conv(), conv, List.of()).withBins(100));
  }
}
