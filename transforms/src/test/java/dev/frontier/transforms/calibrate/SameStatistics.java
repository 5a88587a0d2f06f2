package dev.frontier.transforms.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.frontier.transforms.calibrate.TensorStatistics.Tail;
import java.util.Map;

/** Asserts two statistics are the same: everything exact, bin by bin, except the double sums (round-off). */
public final class SameStatistics {
  private static final double SUM_RELATIVE_TOLERANCE = 1e-9;

  private SameStatistics() {}

  public static void assertSame(CalibrationStatistics expected, CalibrationStatistics actual) {
    assertEquals(expected.modelId(), actual.modelId());
    assertEquals(expected.rowsSeen(), actual.rowsSeen(), "rows");
    assertEquals(expected.tensors().keySet(), actual.tensors().keySet());
    for (Map.Entry<String, TensorStatistics> e : expected.tensors().entrySet()) {
      assertSame(e.getValue(), actual.tensors().get(e.getKey()), e.getKey());
    }
  }

  public static void assertSame(TensorStatistics expected, TensorStatistics actual, String what) {
    assertEquals(expected.count(), actual.count(), what + " count");
    assertEquals(expected.zeroCount(), actual.zeroCount(), what + " zeros");
    assertEquals(expected.min(), actual.min(), what + " min");
    assertEquals(expected.max(), actual.max(), what + " max");
    assertEquals(expected.rangeLimit(), actual.rangeLimit(), what + " range");
    for (Tail tail : Tail.values()) {
      assertArrayEquals(expected.binCounts(tail), actual.binCounts(tail), what + " " + tail + " bins");
    }
    assertEquals(expected.sum(), actual.sum(), SUM_RELATIVE_TOLERANCE * (1 + Math.abs(expected.sum())), what + " sum");
    assertEquals(expected.sumOfSquares(), actual.sumOfSquares(),
        SUM_RELATIVE_TOLERANCE * (1 + expected.sumOfSquares()), what + " sum of squares");
  }
}
