package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.calibrate.ActivationRanges.Range;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Zero-point and scale nudging against TF's own {@code FakeQuantWithMinMaxVars}: for many ranges (positive,
 * negative, straddling 0, tiny, wide) and 7 and 8 bits, the op's output for every probe value (random,
 * every level, every tie between levels, a float step either side of each, out of range) is bit-exactly
 * {@code (level - zeroPoint) · scale} of the Java grid (TF 2.x arithmetic), and 0 is always a level.
 */
class ActivationGridTest {
  private static final Range[] RANGES = {
      new Range(0f, 1f), new Range(0f, 6.3f), new Range(-1.7f, 3.1f), new Range(-5f, -1f), new Range(0.2f, 0.9f),
      new Range(-0.003f, 250f), new Range(0f, 1e-4f), new Range(-1e-3f, 1e-3f), new Range(-3.3f, 0.01f),
      new Range(-0.37f, 0.61f), new Range(-1000f, 7f)};
  private static final int RANDOM_PROBES = 2000;

  @Test
  void fakeQuantOpOutputsExactlyTheJavaGrid() {
    Random random = new Random(11);
    for (int bits : new int[] {7, 8}) {
      for (Range range : RANGES) {
        ActivationGrid grid = ActivationGrid.of(range, bits);
        float[] probes = probes(grid, random);
        float[] tf = Int8TestSupport.tfFakeQuant(probes, grid.min(), grid.max(), bits);
        int mismatches = 0;
        String first = null;
        for (int i = 0; i < probes.length; i++) {
          float expected = grid.fakeQuant(probes[i]);
          if (Float.floatToIntBits(expected) != Float.floatToIntBits(tf[i])) {
            mismatches++;
            first = first != null ? first : "x=" + probes[i] + ": TF " + tf[i] + ", Java " + expected;
          }
        }
        assertEquals(0, mismatches, grid + ", " + probes.length + " probes, first mismatch " + first);
      }
    }
  }

  @Test
  void zeroIsAlwaysALevelAndTheNudgedEndsFollowTheZeroPoint() {
    for (int bits : new int[] {7, 8}) {
      for (Range range : RANGES) {
        ActivationGrid g = ActivationGrid.of(range, bits);
        assertTrue(g.zeroPoint() >= 0 && g.zeroPoint() <= g.maxLevel(), g.toString());
        assertEquals(0f, g.fakeQuant(0f), 0f, g.toString());
        assertEquals(0f, Int8TestSupport.tfFakeQuant(new float[] {0f}, g.min(), g.max(), bits)[0], 0f, g.toString());
        assertEquals((0f - g.zeroPoint()) * g.scale(), g.nudgedMin(), 0f);
        assertEquals((g.maxLevel() - g.zeroPoint()) * g.scale(), g.nudgedMax(), 0f);
      }
    }
  }

  @Test
  void theRangeIsWidenedToIncludeZero() {
    ActivationGrid positive = ActivationGrid.of(new Range(0.2f, 0.9f), 7);
    assertEquals(0f, positive.min());
    assertEquals(0, positive.zeroPoint());
    assertEquals(0.9f / 127, positive.scale(), 0f);
    ActivationGrid negative = ActivationGrid.of(new Range(-5f, -1f), 8);
    assertEquals(0f, negative.max());
    assertEquals(255, negative.zeroPoint());
    ActivationGrid zeros = ActivationGrid.of(new Range(0f, 0f), 7);
    assertEquals(ActivationGrid.ALL_ZERO_RANGE_MAX, zeros.max());
    assertEquals(0f, zeros.fakeQuant(0f));
  }

  @Test
  void badBitsOrRangesAreClearErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActivationGrid.of(new Range(0f, 1f), 9));
    assertEquals("activation bits must be in [2, 8], got 9", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ActivationGrid.of(new Range(0f, Float.POSITIVE_INFINITY), 7));
    assertTrue(e.getMessage().contains("is not finite"), e.getMessage());
  }

  /** Random values over the range and beyond, plus every level, every tie, and a float step either side. */
  private static float[] probes(ActivationGrid g, Random random) {
    int levels = g.maxLevel() + 1;
    float[] out = new float[RANDOM_PROBES + 6 * levels];
    float lo = g.nudgedMin() - 0.1f * (g.nudgedMax() - g.nudgedMin());
    float hi = g.nudgedMax() + 0.1f * (g.nudgedMax() - g.nudgedMin());
    int n = 0;
    for (int i = 0; i < RANDOM_PROBES; i++) {
      out[n++] = lo + random.nextFloat() * (hi - lo);
    }
    for (int k = 0; k < levels; k++) {
      float level = k * g.scale() + g.nudgedMin();
      float tie = (k + 0.5f) * g.scale() + g.nudgedMin();
      out[n++] = level;
      out[n++] = Math.nextUp(level);
      out[n++] = Math.nextDown(level);
      out[n++] = tie;
      out[n++] = Math.nextUp(tie);
      out[n++] = Math.nextDown(tie);
    }
    return out;
  }
}
