package dev.frontier.transforms.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelTrainerTest {
  static final ArchitectureSpec TINY_MLP = ArchitectureSpec.of("tiny-mlp", ArchitectureKind.MLP, 32, 1, 32, 2e-3f, 7);
  static final ArchitectureSpec TINY_CNN = ArchitectureSpec.of("tiny-cnn", ArchitectureKind.CNN_BN, 4, 1, 32, 3e-3f, 7);
  static final ArchitectureSpec TINY_DWSEP =
      ArchitectureSpec.of("tiny-dwsep", ArchitectureKind.DWSEP_CNN_BN, 4, 1, 32, 3e-3f, 7);

  @Test
  void tinyMlpLearnsFromTwoThousandRowsInOneEpoch() {
    TrainingResult result = ModelTrainer.train(TINY_MLP, FashionMnistSample.train(), FashionMnistSample.test());
    assertTrue(result.evaluationAccuracy() > 0.6, "accuracy " + result.evaluationAccuracy());
    assertEquals(Set.of("dense1_kernel", "dense1_bias", "dense2_kernel", "dense2_bias", "logits_kernel", "logits_bias"),
        result.weights().names());
  }

  @Test
  void sameSeedGivesBitwiseSameWeightsAndOtherSeedDoesNot() {
    TrainedWeights first = ModelTrainer.train(TINY_MLP, FashionMnistSample.train());
    TrainedWeights again = ModelTrainer.train(TINY_MLP, FashionMnistSample.train());
    TrainedWeights otherSeed = ModelTrainer.train(TINY_MLP.withSeed(8), FashionMnistSample.train());
    assertTrue(first.bitwiseEquals(again));
    assertFalse(first.bitwiseEquals(otherSeed));
  }

  @Test
  void batchNormCnnLearnsAndKeepsMovingStatistics() {
    TrainingResult result = ModelTrainer.train(TINY_CNN, FashionMnistSample.train(), FashionMnistSample.test());
    assertTrue(result.evaluationAccuracy() > 0.6, "accuracy " + result.evaluationAccuracy());
    TrainedWeights w = result.weights();
    assertTrue(w.names().containsAll(Set.of("bn1_moving_mean", "bn1_moving_variance", "bn2_moving_mean",
        "bn2_moving_variance")), w.names().toString());
    assertTrue(anyDiffers(w.values("bn1_moving_mean"), 0f), "moving mean never updated");
    assertTrue(anyDiffers(w.values("bn2_moving_variance"), 1f), "moving variance never updated");
    assertFalse(w.names().stream().anyMatch(n -> n.contains("adam")), "optimizer slots leaked into weights");
  }

  @Test
  void depthwiseSeparableCnnIsDeterministicToo() {
    TrainedWeights first = ModelTrainer.train(TINY_DWSEP, FashionMnistSample.train());
    TrainedWeights again = ModelTrainer.train(TINY_DWSEP, FashionMnistSample.train());
    assertTrue(first.names().contains("dwconv2_kernel"));
    assertTrue(first.bitwiseEquals(again));
  }

  @Test
  void cosineDecayStartsAtTheBaseRateAndEndsNearZero() {
    assertEquals(1e-3f, ModelTrainer.cosineDecay(1e-3f, 0, 100));
    assertEquals(0.5e-3f, ModelTrainer.cosineDecay(1e-3f, 50, 100), 1e-9f);
    assertTrue(ModelTrainer.cosineDecay(1e-3f, 99, 100) < 1e-6f);
  }

  private static boolean anyDiffers(float[] values, float from) {
    for (float v : values) {
      if (v != from) {
        return true;
      }
    }
    return false;
  }
}
