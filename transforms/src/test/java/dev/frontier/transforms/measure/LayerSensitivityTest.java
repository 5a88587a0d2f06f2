package dev.frontier.transforms.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.calibrate.CalibrationParams;
import dev.frontier.transforms.calibrate.Calibrator;
import dev.frontier.transforms.compress.FullInt8;
import dev.frontier.transforms.compress.Granularity;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.IrPredictor;
import dev.frontier.transforms.model.LayerInfo;
import dev.frontier.transforms.model.ModelIr;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Per-layer sensitivity on the real MNIST MLP (mnist-mlp-csdai0324, Dense 784-128-10): min/max ranges
 * calibrated on the first 300 MNIST test rows, measured on the next 1,000. Also a deliberately corrupted
 * copy of the model (one outlier weight on a pixel that is zero in every MNIST image, so float outputs do
 * not change but a per-tensor scale is ruined), a layer whose input was not calibrated, the SQNR formula
 * and the ranking on hand-made numbers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayerSensitivityTest {
  private static final int CALIBRATION_ROWS = 300;
  private static final int EVALUATION_ROWS = 1000;
  private static final int BATCH_ROWS = 256;

  private ModelIr mlp;
  private Dataset evaluation;
  private ActivationRanges ranges;
  private double floatAccuracy;

  @BeforeAll
  void load() {
    mlp = SharedFixtures.mlp();
    Dataset head = SharedFixtures.mnistHead(CALIBRATION_ROWS + EVALUATION_ROWS);
    Dataset calibration = head.select("calibration", range(0, CALIBRATION_ROWS));
    evaluation = head.select("evaluation", range(CALIBRATION_ROWS, CALIBRATION_ROWS + EVALUATION_ROWS));
    ranges = Calibrator.calibrate(mlp, calibration, CALIBRATION_ROWS, "minmax", CalibrationParams.DEFAULTS);
    try (IrPredictor p = new IrPredictor(mlp)) {
      floatAccuracy = TopOne.accuracy(BatchedPredictions.topOne(p, evaluation, BATCH_ROWS), evaluation.labels());
    }
  }

  @Test
  void everyLayerOfTheMlpIsMeasuredAloneThenAllTogether() {
    LayerSensitivity.Report channel = measure(mlp, ranges, Granularity.PER_CHANNEL);
    LayerSensitivity.Report tensor = measure(mlp, ranges, Granularity.PER_TENSOR);
    print(channel);
    print(tensor);

    List<String> layers = mlp.layers().stream().map(LayerInfo::name).toList();
    assertEquals(2, layers.size());
    assertEquals(EVALUATION_ROWS, channel.evaluationRows());
    assertEquals(3, channel.rows().size());
    assertEquals(layers, channel.layerRows().stream().map(LayerSensitivity.Row::layer).toList(), "graph order");
    LayerSensitivity.Row all = channel.rows().get(2);
    assertTrue(all.isAllLayers());
    assertEquals(mlp.layers().stream().mapToLong(LayerInfo::params).sum(), all.params());
    assertEquals(floatAccuracy, channel.floatAccuracy(), 0.0);
    assertTrue(floatAccuracy > 0.95, "float accuracy " + floatAccuracy);

    for (LayerSensitivity.Report r : List.of(channel, tensor)) {
      for (LayerSensitivity.Row row : r.rows()) {
        String what = r.granularity() + " " + row.layer();
        assertNull(row.error(), what);
        assertTrue(Math.abs(row.accuracyDeltaPp()) <= 1.0, what + " delta " + row.accuracyDeltaPp());
        assertEquals(100 * (row.accuracy() - r.floatAccuracy()), row.accuracyDeltaPp(), 1e-9, what);
        assertTrue(row.agreement() >= 0.98, what + " agreement " + row.agreement());
        assertTrue(Double.isFinite(row.sqnrDb()) && row.sqnrDb() > 20, what + " SQNR " + row.sqnrDb());
      }
      // Each single-layer candidate quantizes a different layer (were skipLayers ignored, all three rows
      // would be the same candidate), and more noise sources do not beat the best single one. (The
      // all-layers SQNR can exceed a single layer's: quantization errors of two layers partly cancel.)
      List<LayerSensitivity.Row> single = r.layerRows();
      assertTrue(Math.abs(single.get(0).sqnrDb() - single.get(1).sqnrDb()) > 1, r.granularity() + " single-layer SQNRs "
          + single.get(0).sqnrDb() + ", " + single.get(1).sqnrDb());
      double best = Math.max(single.get(0).sqnrDb(), single.get(1).sqnrDb());
      assertTrue(r.allLayers().sqnrDb() <= best + 0.1, r.granularity() + " all layers " + r.allLayers().sqnrDb()
          + " dB vs best single layer " + best + " dB");
    }
    for (int i = 0; i < 2; i++) {
      LayerSensitivity.Row c = channel.layerRows().get(i);
      LayerSensitivity.Row t = tensor.layerRows().get(i);
      assertTrue(c.sqnrDb() >= t.sqnrDb() - 1.0, c.layer() + ": per-channel SQNR " + c.sqnrDb()
          + " vs per-tensor " + t.sqnrDb());
    }
  }

  @Test
  void anOutlierWeightRuinsThatLayerPerTensorButNotPerChannel() {
    LayerInfo first = mlp.layers().get(0);
    ModelIr corrupted = withOutlier(mlp, first);
    LayerSensitivity.Report tensor = measure(corrupted, ranges, Granularity.PER_TENSOR);
    LayerSensitivity.Report channel = measure(corrupted, ranges, Granularity.PER_CHANNEL);
    print(tensor);
    print(channel);

    // Pixel 0 is zero in every MNIST image: the float model is unchanged.
    assertEquals(floatAccuracy, tensor.floatAccuracy(), 0.0);

    LayerSensitivity.Row ruined = tensor.layerRows().get(0);
    LayerSensitivity.Row healthy = tensor.layerRows().get(1);
    assertEquals(first.name(), ruined.layer());
    assertTrue(ruined.accuracyDeltaPp() < -20, "per-tensor outlier layer delta " + ruined.accuracyDeltaPp());
    assertTrue(ruined.sqnrDb() < 10, "per-tensor outlier layer SQNR " + ruined.sqnrDb());
    assertTrue(healthy.sqnrDb() > 20, "other layer SQNR " + healthy.sqnrDb());
    assertEquals(List.of(first.name()), LayerSensitivity.mostSensitive(tensor.rows(), 1));

    LayerSensitivity.Row perChannel = channel.layerRows().get(0);
    assertTrue(perChannel.sqnrDb() > ruined.sqnrDb() + 10, "per-channel " + perChannel.sqnrDb()
        + " dB vs per-tensor " + ruined.sqnrDb() + " dB");
    assertTrue(perChannel.accuracyDeltaPp() > -2, "per-channel outlier layer delta " + perChannel.accuracyDeltaPp());
  }

  @Test
  void aLayerThatCannotBeConvertedIsARowWithTheError() {
    LayerInfo second = mlp.layers().get(1);
    String secondInput = FullInt8.activationTensors(mlp).get(1);
    Map<String, ActivationRanges.Range> partial = new LinkedHashMap<>(ranges.ranges());
    assertTrue(partial.remove(secondInput) != null, "no range for " + secondInput + " in " + partial.keySet());
    ActivationRanges missing = new ActivationRanges(ranges.method(), ranges.samples(), partial);

    LayerSensitivity.Report r = measure(mlp, missing, Granularity.PER_CHANNEL);
    print(r);
    LayerSensitivity.Row ok = r.layerRows().get(0);
    LayerSensitivity.Row failed = r.layerRows().get(1);
    assertNull(ok.error());
    assertTrue(Double.isFinite(ok.sqnrDb()));
    assertEquals(second.name(), failed.layer());
    assertEquals(second.op(), failed.op());
    assertTrue(failed.error() != null && failed.error().contains("no calibrated range")
        && failed.error().contains(secondInput), failed.error());
    assertTrue(Double.isNaN(failed.accuracy()) && Double.isNaN(failed.sqnrDb()));
    assertTrue(r.allLayers().error() != null, "all layers needs the missing range too");
    assertEquals(List.of(ok.layer()), LayerSensitivity.mostSensitive(r.rows(), 5), "failed rows are not ranked");
  }

  @Test
  void sqnrIsTenLog10OfSignalOverNoiseEnergy() {
    float[][] reference = {{1, 2}, {3, 4}};
    float[][] test = {{1, 2.5f}, {3, 3.5f}};
    // signal 1 + 4 + 9 + 16 = 30, noise 0.25 + 0.25 = 0.5: 10·log10(60) dB
    assertEquals(17.781512503836436, LayerSensitivity.sqnrDb(reference, test), 1e-12);
    float[][] halved = {{0.5f, 1}, {1.5f, 2}};
    // noise is a quarter of the signal: 10·log10(4)
    assertEquals(6.020599913279624, LayerSensitivity.sqnrDb(reference, halved), 1e-12);
    assertEquals(Double.POSITIVE_INFINITY, LayerSensitivity.sqnrDb(reference, reference));
    assertEquals(Double.NEGATIVE_INFINITY, LayerSensitivity.sqnrDb(new float[][] {{0, 0}}, new float[][] {{0, 1}}));
    assertTrue(Double.isNaN(LayerSensitivity.sqnrDb(reference, new float[][] {{1, Float.NaN}, {3, 4}})));
    assertThrows(IllegalArgumentException.class, () -> LayerSensitivity.sqnrDb(reference, new float[][] {{1, 2}}));
    assertThrows(IllegalArgumentException.class,
        () -> LayerSensitivity.sqnrDb(reference, new float[][] {{1, 2}, {3}}));
  }

  @Test
  void mostSensitiveRanksByAccuracyThenSqnrAndSkipsReferenceAndFailedRows() {
    List<LayerSensitivity.Row> rows = List.of(
        row("a", 0.97, 40),
        row("b", 0.95, 30),
        row("c", 0.97, 25),
        new LayerSensitivity.Row("d", "MatMul", 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "broken"),
        new LayerSensitivity.Row(LayerSensitivity.ALL_LAYERS, LayerSensitivity.REFERENCE_OP, 4, 0.90, -8, 0.9, 10, null));
    assertEquals(List.of("b", "c", "a"), LayerSensitivity.mostSensitive(rows, 10));
    assertEquals(List.of("b", "c"), LayerSensitivity.mostSensitive(rows, 2));
    assertEquals(List.of(), LayerSensitivity.mostSensitive(rows, 0));
    assertThrows(IllegalArgumentException.class, () -> LayerSensitivity.mostSensitive(rows, -1));
  }

  private static LayerSensitivity.Row row(String layer, double accuracy, double sqnrDb) {
    return new LayerSensitivity.Row(layer, "MatMul", 1, accuracy, 100 * (accuracy - 0.98), 0.99, sqnrDb, null);
  }

  private LayerSensitivity.Report measure(ModelIr ir, ActivationRanges r, Granularity granularity) {
    return LayerSensitivity.measure(ir, null, evaluation, r, granularity, BATCH_ROWS);
  }

  /**
   * {@code ir} with one weight of {@code layer} (input row 0 = pixel 0, output column 5) set to 1000× the
   * layer's largest |weight|: a per-tensor scale then rounds every other weight of the layer to zero.
   */
  private static ModelIr withOutlier(ModelIr ir, LayerInfo layer) {
    long[] shape = layer.weightShape();
    assertEquals(List.of(784L, 128L), List.of(shape[0], shape[1]), "Dense kernel [in, out]");
    GraphDef.Builder g = ir.graphDef().toBuilder();
    for (int i = 0; i < g.getNodeCount(); i++) {
      NodeDef n = g.getNode(i);
      if (n.getName().equals(layer.weightNodeName())) {
        float[] w = ConstTensors.floats(ConstTensors.value(n));
        float max = 0;
        for (float x : w) {
          max = Math.max(max, Math.abs(x));
        }
        w[5] = 1000 * max;
        TensorProto value = ConstTensors.floatTensor(shape, w);
        g.setNode(i, ConstTensors.constNode(n.getName(), value, n.getInputList()));
        return ir.withGraph(g.build());
      }
    }
    throw new AssertionError("no node " + layer.weightNodeName());
  }

  private static void print(LayerSensitivity.Report r) {
    System.out.printf("%s %s, %s on %d rows, %d evaluation rows, float %.4f%n", r.modelId(), r.granularity(),
        r.calibration(), r.calibrationSamples(), r.evaluationRows(), r.floatAccuracy());
    for (LayerSensitivity.Row row : r.rows()) {
      System.out.printf("  %-40s %-8s %8d %.4f %+7.2f pp %.4f %7.2f dB %s%n", row.layer(), row.op(), row.params(),
          row.accuracy(), row.accuracyDeltaPp(), row.agreement(), row.sqnrDb(), row.error() == null ? "" : row.error());
    }
  }

  private static int[] range(int from, int to) {
    int[] idx = new int[to - from];
    Arrays.setAll(idx, i -> from + i);
    return idx;
  }
}
