package dev.frontier.transforms.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Tensor;
import org.tensorflow.proto.DataType;

/** How rows become input tensors for a signature (shared by both predictors). */
class PredictorIoTest {

  private static TensorSpec floatInput(long... shape) {
    return new TensorSpec("in", "in:0", DataType.DT_FLOAT, shape);
  }

  @Test
  void knownShapeTakesTheBatchFromTheRows() {
    assertArrayEquals(new long[] {7, 28, 28}, PredictorIo.feedShape("m", floatInput(-1, 28, 28), 7, 784));
    assertArrayEquals(new long[] {3, 28, 28, 1}, PredictorIo.feedShape("m", floatInput(-1, 28, 28, 1), 3, 784));
  }

  @Test
  void oneUnknownDimensionIsInferredFromTheRowWidth() {
    assertArrayEquals(new long[] {2, 4}, PredictorIo.feedShape("m", floatInput(-1, -1), 2, 4));
    assertArrayEquals(new long[] {2, 5, 3}, PredictorIo.feedShape("m", floatInput(-1, -1, 3), 2, 15));
    assertArrayEquals(new long[] {2, 9}, PredictorIo.feedShape("m", new TensorSpec("in", "in", DataType.DT_FLOAT, null), 2, 9));
  }

  @Test
  void wrongWidthNamesModelInputAndBothShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PredictorIo.feedShape("x", floatInput(-1, 28, 28), 5, 4));
    assertEquals("model 'x' input 'in' wants 28x28 = 784 values per row; rows have 4", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PredictorIo.feedShape("x", floatInput(-1, 4), 5, 3));
    assertEquals("model 'x' input 'in' wants 4 values per row; rows have 3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PredictorIo.feedShape("x", floatInput(-1, -1, 3), 5, 10));
    assertEquals("model 'x' input 'in' wants ?x3 (a multiple of 3) values per row; rows have 10", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PredictorIo.feedShape("x", floatInput(1, 4), 5, 4));
    assertTrue(e.getMessage().contains("fixed batch of 1"), e.getMessage());
  }

  @Test
  void stringInputsNeedOneFeatureNamePerColumn() {
    TensorSpec examples = new TensorSpec("examples", "examples:0", DataType.DT_STRING, new long[] {-1});
    float[][] rows = {{1f, 2f, 3f, 4f}};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PredictorIo.inputTensor("iris", examples, rows, List.of()));
    assertTrue(e.getMessage().startsWith("model 'iris' input 'examples' takes serialized tf.Examples"), e.getMessage());
    try (Tensor t = PredictorIo.inputTensor("iris", examples, rows, SharedData.IRIS_FEATURES)) {
      assertEquals(DataType.DT_STRING, t.dataType());
      assertArrayEquals(new long[] {1}, t.shape().asArray());
    }
  }
}
