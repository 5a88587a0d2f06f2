package dev.frontier.transforms.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.data.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class SavedModelWriterTest {
  /** Largest Const the forward graph needs (shapes, pooling windows); a weight would be far bigger. */
  private static final long MAX_CONST_VALUES = 16;

  @TempDir
  Path tmp;

  @Test
  void exportedMlpReproducesTheInMemoryForwardPassAndTheTrainingGraph() throws Exception {
    checkRoundTrip(ModelTrainerTest.TINY_MLP);
  }

  @Test
  void exportedBatchNormCnnReproducesTheInMemoryForwardPassAndTheTrainingGraph() throws Exception {
    checkRoundTrip(ModelTrainerTest.TINY_CNN);
  }

  @Test
  void writingAgainReplacesTheFolder() throws Exception {
    TrainedWeights w = ModelTrainer.train(ModelTrainerTest.TINY_MLP, FashionMnistSample.train());
    Path dir = tmp.resolve("m");
    SavedModelWriter.write(ModelTrainerTest.TINY_MLP, w, dir);
    Files.writeString(dir.resolve("stale.txt"), "left over");
    SavedModelWriter.write(ModelTrainerTest.TINY_MLP, w, dir);
    assertFalse(Files.exists(dir.resolve("stale.txt")));
    assertTrue(Files.exists(dir.resolve("saved_model.pb")));
    try (var files = Files.list(tmp)) {
      assertEquals(1, files.count(), "scratch folders left behind");
    }
  }

  private void checkRoundTrip(ArchitectureSpec spec) throws Exception {
    Dataset test = FashionMnistSample.test();
    TrainingResult trained = ModelTrainer.train(spec, FashionMnistSample.train(), test);
    Path dir = tmp.resolve(spec.id());
    SavedModelWriter.write(spec, trained.weights(), dir);

    float[][] expected;
    try (ForwardPass memory = ForwardPass.of(spec, trained.weights())) {
      expected = memory.scores(test);
    }
    try (ExportedModel exported = ExportedModel.load(dir)) {
      float[][] actual = exported.scores(test);
      for (int i = 0; i < expected.length; i++) {
        assertArrayEquals(expected[i], actual[i], 1e-6f, "row " + i);
      }
      double accuracy = Batches.top1Accuracy(actual, test.labels());
      assertEquals(trained.evaluationAccuracy(), accuracy, 1e-4);
      assertTrue(accuracy > 0.6, "accuracy " + accuracy);
      assertInferenceOnly(exported, trained.weights());
      assertVariablesHoldTheTrainedValues(exported, trained.weights());
    }
  }

  private static void assertInferenceOnly(ExportedModel exported, TrainedWeights weights) {
    Set<String> variables = new HashSet<>();
    exported.bundle().graph().operations().forEachRemaining((GraphOperation op) -> {
      assertFalse(op.type().contains("Adam") || op.name().toLowerCase().contains("adam"), op.name() + " " + op.type());
      assertFalse(op.type().startsWith("Apply") || op.type().endsWith("Grad") || op.type().contains("Backprop"),
          "training op " + op.name() + " " + op.type());
      if (op.type().equals("VariableV2") || op.type().equals("VarHandleOp")) {
        variables.add(op.name());
      }
      if (op.type().equals("Const")) {
        long values = op.output(0).shape().size();
        assertTrue(values >= 0 && values <= MAX_CONST_VALUES, "weight-sized constant " + op.name());
      }
    });
    assertEquals(weights.names(), variables);
  }

  private static void assertVariablesHoldTheTrainedValues(ExportedModel exported, TrainedWeights weights) {
    for (String name : weights.names()) {
      try (Result r = exported.bundle().session().runner().fetch(name).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] values = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(values, false, false));
        assertArrayEquals(weights.shape(name), t.shape().asArray(), name);
        assertArrayEquals(weights.values(name), values, 0f, name);
      }
    }
  }
}
