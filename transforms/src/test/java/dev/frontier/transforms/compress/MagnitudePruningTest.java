package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.model.ModelIr;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** magnitude pruning: exact zero counts per layer and globally, smallest first, skip list, deterministic ties. */
class MagnitudePruningTest {
  private static final String[] KERNELS = {"layer0/kernel", "layer1/kernel", "layer2/kernel"};
  private final Random random = new Random(20240615L);
  private final ModelIr mlp = TestGraphs.randomMlp("mlp", random, 64, 32, 15, 10);

  private static MethodParameters params(double sparsity, PruningScope scope, List<String> skip) {
    return MethodParameters.builder().sparsity(sparsity).scope(scope).skipLayers(skip).build();
  }

  private static int zeros(float[] v) {
    int n = 0;
    for (float x : v) {
      n += x == 0f ? 1 : 0;
    }
    return n;
  }

  /** Every zeroed weight is no larger in magnitude than every kept one, and kept weights are unchanged. */
  private static void assertSmallestZeroed(float[][] before, float[][] after) {
    float maxZeroed = 0;
    float minKept = Float.POSITIVE_INFINITY;
    for (int l = 0; l < before.length; l++) {
      for (int i = 0; i < before[l].length; i++) {
        if (after[l][i] == 0f) {
          maxZeroed = Math.max(maxZeroed, Math.abs(before[l][i]));
        } else {
          assertEquals(before[l][i], after[l][i], "kept weights are unchanged");
          minKept = Math.min(minKept, Math.abs(before[l][i]));
        }
      }
    }
    assertTrue(maxZeroed <= minKept, "zeroed up to " + maxZeroed + " but kept " + minKept);
  }

  private static float[][] kernels(ModelIr ir) {
    float[][] out = new float[KERNELS.length][];
    for (int l = 0; l < KERNELS.length; l++) {
      out[l] = TfOracles.evaluate(ir, KERNELS[l] + ":0");
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.75, 0.9})
  void layerScopeZeroesExactlyRoundSparsityTimesNInEveryLayer(double sparsity) {
    float[][] before = kernels(mlp);
    float[][] after = kernels(new MagnitudePruning().apply(mlp, params(sparsity, PruningScope.LAYER, List.of())));
    for (int l = 0; l < before.length; l++) {
      assertEquals(Math.round(sparsity * before[l].length), zeros(after[l]), KERNELS[l]);
      assertSmallestZeroed(new float[][] {before[l]}, new float[][] {after[l]});
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.5, 0.75, 0.9})
  void globalScopeZeroesExactlyRoundSparsityTimesNOverallUnderOneThreshold(double sparsity) {
    float[][] before = kernels(mlp);
    ModelIr pruned = new MagnitudePruning().apply(mlp, params(sparsity, PruningScope.GLOBAL, List.of()));
    float[][] after = kernels(pruned);
    long total = 0;
    long zeros = 0;
    for (int l = 0; l < before.length; l++) {
      total += before[l].length;
      zeros += zeros(after[l]);
    }
    assertEquals(Math.round(sparsity * total), zeros);
    assertSmallestZeroed(before, after);
    SizeAccounting.WeightCounts counts = SizeAccounting.weightCounts(pruned);
    assertEquals(total, counts.params());
    assertEquals(total - zeros, counts.nonzeroParams());
  }

  @Test
  void globalScopePrunesLayersUnevenly() {
    float[] small = new float[20 * 10];
    float[] large = new float[10 * 5];
    for (int i = 0; i < small.length; i++) {
      small[i] = (random.nextBoolean() ? 1 : -1) * (0.001f + 0.009f * random.nextFloat());
    }
    for (int i = 0; i < large.length; i++) {
      large[i] = (random.nextBoolean() ? 1 : -1) * (1f + random.nextFloat());
    }
    ModelIr ir = TestGraphs.mlp("uneven", new int[] {20, 10, 5}, small, large);
    ModelIr pruned = new MagnitudePruning().apply(ir, params(0.9, PruningScope.GLOBAL, List.of()));
    assertEquals(200, zeros(TfOracles.evaluate(pruned, "layer0/kernel:0")), "all small weights go first");
    assertEquals(25, zeros(TfOracles.evaluate(pruned, "layer1/kernel:0")));
  }

  @Test
  void skippedLayersAndBiasesAreUntouched() {
    List<String> skip = List.of("layer1/MatMul");
    ModelIr pruned = new MagnitudePruning().apply(mlp, params(0.75, PruningScope.GLOBAL, skip));
    float[][] before = kernels(mlp);
    float[][] after = kernels(pruned);
    assertArrayEquals(before[1], after[1], "skipped layer");
    assertEquals(Math.round(0.75 * (before[0].length + before[2].length)), zeros(after[0]) + zeros(after[2]));
    for (int l = 0; l < 3; l++) {
      assertArrayEquals(TfOracles.evaluate(mlp, "layer" + l + "/bias:0"), TfOracles.evaluate(pruned, "layer" + l + "/bias:0"));
    }
  }

  @Test
  void unknownSkipLayerNamesTheModelAndItsLayers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
        new MagnitudePruning().apply(mlp, params(0.5, PruningScope.LAYER, List.of("dense_7"))));
    assertTrue(e.getMessage().contains("magnitude: model 'mlp' has no layer 'dense_7'"), e.getMessage());
    assertTrue(e.getMessage().contains("[layer0/MatMul, layer1/MatMul, layer2/MatMul]"), e.getMessage());
  }

  @Test
  void tiesAreBrokenByPositionDeterministically() {
    // 4x2 kernel: magnitudes 1,1,1,1,2,2,2,2 (signs mixed); 3 zeros at 0.375 must be the first three 1s.
    float[] kernel = {1, -1, 2, -2, -1, 1, 2, 2};
    ModelIr ir = TestGraphs.mlp("ties", new int[] {4, 2}, kernel);
    MethodParameters p = params(0.375, PruningScope.LAYER, List.of());
    ModelIr a = new MagnitudePruning().apply(ir, p);
    ModelIr b = new MagnitudePruning().apply(ir, p);
    assertArrayEquals(new float[] {0, 0, 2, -2, 0, 1, 2, 2}, TfOracles.evaluate(a, "layer0/kernel:0"));
    assertArrayEquals(a.graphDefBytes(), b.graphDefBytes(), "same input, same bytes");
  }

  @Test
  void zeroSparsityChangesNothingAndDefaultsAreLayerHalf() {
    ModelIr same = new MagnitudePruning().apply(mlp, MethodParameters.builder().sparsity(0).build());
    assertArrayEquals(kernels(mlp)[0], kernels(same)[0]);
    float[][] half = kernels(new MagnitudePruning().apply(mlp, MethodParameters.NONE));
    assertEquals(Math.round(MethodParameters.DEFAULT_SPARSITY * half[2].length), zeros(half[2]));
  }

  @Test
  void selectionZeroesExactlyWhatAFullSortWould() {
    // Few distinct magnitudes, so ties are everywhere; the reference sorts (|w|, array, index) keys.
    Random r = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      float[][] arrays = new float[1 + r.nextInt(3)][];
      int total = 0;
      for (int a = 0; a < arrays.length; a++) {
        arrays[a] = new float[1 + r.nextInt(300)];
        for (int i = 0; i < arrays[a].length; i++) {
          arrays[a][i] = (r.nextInt(9) - 4) * 0.25f;
        }
        total += arrays[a].length;
      }
      long count = trial % 10 == 0 ? total : r.nextInt(total + 1);
      int[][] order = new int[total][];
      int k = 0;
      for (int a = 0; a < arrays.length; a++) {
        for (int i = 0; i < arrays[a].length; i++) {
          order[k++] = new int[] {a, i};
        }
      }
      float[][] expected = new float[arrays.length][];
      for (int a = 0; a < arrays.length; a++) {
        expected[a] = arrays[a].clone();
      }
      java.util.Arrays.sort(order, java.util.Comparator
          .<int[]>comparingDouble(o -> Math.abs(arrays[o[0]][o[1]]))
          .thenComparingInt(o -> o[0]).thenComparingInt(o -> o[1]));
      for (int z = 0; z < count; z++) {
        expected[order[z][0]][order[z][1]] = 0f;
      }
      MagnitudePruning.zeroSmallest(List.of(arrays), count);
      for (int a = 0; a < arrays.length; a++) {
        assertArrayEquals(expected[a], arrays[a], "trial " + trial + ", array " + a + ", count " + count);
      }
    }
  }
}
