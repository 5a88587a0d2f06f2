package dev.frontier.transforms.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TopOneTest {
  @Test
  void argmaxPicksLargestAndFirstOnTies() {
    float[][] scores = {{0.1f, 0.7f, 0.2f}, {0.5f, 0.5f, 0.0f}, {Float.NaN, 0.2f, 0.1f}, {-3f, -1f, -2f}};
    assertArrayEquals(new int[] {1, 0, 1, 1}, TopOne.argmax(scores));
  }

  @Test
  void accuracyCountsMatches() {
    assertEquals(0.75, TopOne.accuracy(new int[] {1, 2, 3, 4}, new int[] {1, 2, 3, 0}), 0.0);
    assertEquals(1.0 / 3, TopOne.agreement(new int[] {0, 1, 2}, new int[] {0, 2, 1}), 1e-12);
  }

  @Test
  void rejectsMismatchedAndEmpty() {
    assertThrows(IllegalArgumentException.class, () -> TopOne.agreement(new int[2], new int[3]));
    assertThrows(IllegalArgumentException.class, () -> TopOne.accuracy(new int[0], new int[0]));
  }
}
