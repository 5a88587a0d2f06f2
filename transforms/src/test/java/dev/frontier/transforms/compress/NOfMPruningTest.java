package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.IrPredictor;
import dev.frontier.transforms.model.ModelIr;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * N:M sparsity on the real shared models: the mask (exactly n non-zeros in every group of m along the input
 * axis), the compact storage (the same outputs as the dense masked graph, TF running both, in fewer bytes),
 * layers that cannot take the pattern left whole, and composition with quantization.
 */
class NOfMPruningTest {
  private static ConfiguredMethod nOfM(int n, int m) {
    return ConfiguredMethod.of(NOfMPruning.NAME, MethodParameters.builder().n(n).m(m).build());
  }

  private static void assertPattern(ModelIr ir, int n, int m, List<String> expectedLayers) {
    int checked = 0;
    for (LayerWeights.Weight w : LayerWeights.read("test", ir)) {
      if (NOfMPruning.whyNot(w, m) != null) {
        continue;
      }
      NOfMPruning.Groups groups = NOfMPruning.Groups.of(w, m);
      for (int g = 0; g < groups.count(); g++) {
        int nonzero = 0;
        for (int j = 0; j < m; j++) {
          nonzero += w.values()[groups.index(g, j)] != 0f ? 1 : 0;
        }
        assertEquals(n, nonzero, w.nodeName() + " group " + g);
      }
      assertTrue(expectedLayers.contains(w.layerNames().get(0)), w.layerNames().toString());
      checked++;
    }
    assertEquals(expectedLayers.size(), checked);
  }

  private static List<String> layerNames(ModelIr ir) {
    return ir.layers().stream().map(l -> l.name()).toList();
  }

  @Test
  void keepsExactlyNOfEveryGroupOfM() {
    ModelIr mlp = SharedFixtures.mlp();
    for (int[] nm : new int[][] {{2, 4}, {1, 4}, {4, 8}, {1, 2}}) {
      assertPattern(nOfM(nm[0], nm[1]).applyTo(mlp), nm[0], nm[1], layerNames(mlp));
    }
  }

  @Test
  void theCompactGraphComputesWhatTheDenseMaskedGraphComputes() {
    ModelIr mlp = SharedFixtures.mlp();
    ModelIr dense = nOfM(2, 4).applyTo(mlp);
    ModelIr compact = CandidateCompressor.compress(mlp, nOfM(2, 4), ConfiguredMethod.of(FloatBaseline.NAME));
    assertTrue(compact.layers().isEmpty(), "weights are rebuilt by the graph, no longer plain Consts");
    List<SizeAccounting.LayerWeight> rebuilt = SizeAccounting.layerWeights(compact);
    List<LayerWeights.Weight> masked = LayerWeights.read("test", dense);
    assertEquals(masked.size(), rebuilt.size());
    for (int i = 0; i < masked.size(); i++) {
      assertArrayEquals(masked.get(i).values(), rebuilt.get(i).values(), 0f, "TF rebuilds " + masked.get(i).nodeName());
    }
    Dataset rows = SharedFixtures.mnistHead(200);
    try (IrPredictor a = new IrPredictor(dense); IrPredictor b = new IrPredictor(compact)) {
      float[][] x = a.predict(rows.features(), rows.featureNames());
      float[][] y = b.predict(rows.features(), rows.featureNames());
      for (int i = 0; i < x.length; i++) {
        assertArrayEquals(x[i], y[i], 1e-6f, "row " + i);
      }
    }
    // 2:4 stores half the values at 32 bits and one 2-bit position per value: 17/32 of the dense weight bytes,
    // plus the rebuild's nodes (whose names repeat the weight's long name).
    long params = SizeAccounting.weightCounts(dense).params();
    long payload = compact.graphDef().getNodeList().stream()
        .filter(n -> n.getName().endsWith("/n_of_m/values") || n.getName().endsWith("/n_of_m/positions"))
        .mapToLong(n -> n.getSerializedSize()).sum();
    double ratio = (double) compact.graphDefSizeBytes() / dense.graphDefSizeBytes();
    System.out.printf("2:4 compact graph %d B, dense %d B (%.3f); values and positions %d B for %d weights%n",
        compact.graphDefSizeBytes(), dense.graphDefSizeBytes(), ratio, payload, params);
    assertEquals(17.0 / 32 * 4 * params, payload, 0.01 * 4 * params, "values and positions bytes");
    assertTrue(ratio < 0.6, "compact / dense bytes " + ratio);
    assertEquals(SizeAccounting.weightCounts(dense).nonzeroParams(), SizeAccounting.weightCounts(compact).nonzeroParams());
  }

  @Test
  void layersThatCannotTakeThePatternAreLeftWhole() {
    ModelIr conv = SharedFixtures.conv();
    ModelIr pruned = nOfM(2, 4).applyTo(conv);
    List<LayerWeights.Weight> before = LayerWeights.read("test", conv);
    List<LayerWeights.Weight> after = LayerWeights.read("test", pruned);
    int whole = 0;
    for (int i = 0; i < before.size(); i++) {
      if (NOfMPruning.whyNot(before.get(i), 4) != null) {
        assertArrayEquals(before.get(i).values(), after.get(i).values(), 0f, before.get(i).nodeName());
        whole++;
      }
    }
    assertTrue(whole >= 1, "the first convolution reads one input channel");
    assertPattern(pruned, 2, 4, layerNames(conv).stream()
        .filter(l -> before.stream().anyMatch(w -> w.layerNames().contains(l) && NOfMPruning.whyNot(w, 4) == null))
        .toList());
  }

  @Test
  void composesWithQuantizationAsDenseZeros() {
    ModelIr mlp = SharedFixtures.mlp();
    ModelIr q = CandidateCompressor.compress(mlp, nOfM(2, 4), ConfiguredMethod.of(Int8Weights.NAME));
    SizeAccounting.WeightCounts counts = SizeAccounting.weightCounts(q);
    assertTrue(counts.nonzeroParams() <= counts.params() / 2, counts.nonzeroParams() + " of " + counts.params());
  }

  @Test
  void nMustBeBelowM() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> nOfM(4, 4));
    assertEquals("n-of-m: parameters 'n' and 'm' must satisfy 1 <= n < m <= 16, got n=4, m=4", e.getMessage());
  }
}
