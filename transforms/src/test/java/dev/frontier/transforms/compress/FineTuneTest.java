package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.BatchedPredictions;
import dev.frontier.transforms.measure.TopOne;
import dev.frontier.transforms.model.IrPredictor;
import dev.frontier.transforms.model.ModelIr;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Masked fine-tuning on the real MNIST MLP (mnist-mlp-csdai0324): trained on the first 5,000 test rows, judged
 * on the other 5,000, which it never saw. It must win back accuracy one-shot pruning lost, keep every pruned
 * weight exactly zero, and give the same graph for the same seed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FineTuneTest {
  private static final FineTune.Settings SETTINGS = new FineTune.Settings(1, 1e-3, 64, 7);
  private ModelIr floatIr;
  private Dataset train;
  private Dataset heldOut;

  @BeforeAll
  void load() {
    floatIr = SharedFixtures.mlp();
    Dataset all = SharedFixtures.mnist();
    train = all.select("train", IntStream.range(0, 5000).toArray());
    heldOut = all.select("held-out", IntStream.range(5000, all.size()).toArray());
  }

  private ModelIr pruned(double sparsity) {
    return ConfiguredMethod.of(MagnitudePruning.NAME,
        MethodParameters.builder().sparsity(sparsity).scope(PruningScope.GLOBAL).build()).applyTo(floatIr);
  }

  private double accuracy(ModelIr ir) {
    try (IrPredictor p = new IrPredictor(ir)) {
      return TopOne.accuracy(BatchedPredictions.topOne(p, heldOut, 1000), heldOut.labels());
    }
  }

  @Test
  void winsBackWhatPruningLostAndKeepsPrunedWeightsZero() {
    ModelIr pruned = pruned(0.9);
    ModelIr tuned = FineTune.apply(pruned, train, SETTINGS);
    double before = accuracy(pruned);
    double after = accuracy(tuned);
    System.out.printf("fine-tune, magnitude 0.90 global: held-out top-1 %.4f -> %.4f (float %.4f)%n", before, after,
        accuracy(floatIr));
    assertTrue(after > before + 0.03, before + " -> " + after);
    List<LayerWeights.Weight> a = LayerWeights.read("test", pruned);
    List<LayerWeights.Weight> b = LayerWeights.read("test", tuned);
    long changed = 0;
    for (int w = 0; w < a.size(); w++) {
      for (int i = 0; i < a.get(w).values().length; i++) {
        float x = a.get(w).values()[i];
        float y = b.get(w).values()[i];
        if (x == 0f) {
          assertEquals(0f, y, a.get(w).nodeName() + "[" + i + "] was pruned");
        }
        changed += x != y ? 1 : 0;
      }
    }
    assertTrue(changed > 0, "surviving weights were trained");
  }

  @Test
  void isDeterministicForASeed() {
    ModelIr pruned = pruned(0.75);
    assertArrayEquals(FineTune.apply(pruned, train, SETTINGS).graphDefBytes(),
        FineTune.apply(pruned, train, SETTINGS).graphDefBytes());
  }

  @Test
  void fewerRowsThanABatchIsAnError() {
    Dataset few = train.select("few", IntStream.range(0, 10).toArray());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FineTune.apply(pruned(0.5), few, SETTINGS));
    assertEquals("fine-tune of model 'mnist-mlp-csdai0324': 10 training rows, fewer than one batch of 64",
        e.getMessage());
  }
}
