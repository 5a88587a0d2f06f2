package dev.frontier.transforms.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.data.Splits;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The racing intervals cover what they claim: exact hypergeometric bounds by their definition, and in a seeded
 * simulation of random slices each one-sided bound fails at most at its stated rate, the whole interval at most at
 * four times it.
 */
class AccuracyIntervalTest {

  @Test
  void boundsAreTheExtremeCountsTheSampleStillAllows() {
    double[] logFactorial = new double[61];
    for (int i = 2; i <= 60; i++) {
      logFactorial[i] = logFactorial[i - 1] + Math.log(i);
    }
    for (int sample = 0; sample <= 60; sample += 7) {
      for (int observed = 0; observed <= sample; observed += 3) {
        int upper = FinitePopulationBounds.upper(60, sample, observed, 0.01);
        assertTrue(FinitePopulationBounds.atMost(60, upper, sample, observed, logFactorial) > 0.01);
        if (upper < 60 - (sample - observed)) {
          assertTrue(FinitePopulationBounds.atMost(60, upper + 1, sample, observed, logFactorial) <= 0.01);
        }
        int lower = FinitePopulationBounds.lower(60, sample, observed, 0.01);
        assertTrue(lower >= observed && lower <= upper, lower + " <= " + upper);
      }
    }
  }

  @Test
  void theWholePopulationGivesTheExactCount() {
    assertEquals(17, FinitePopulationBounds.upper(500, 500, 17, 1e-6));
    assertEquals(17, FinitePopulationBounds.lower(500, 500, 17, 1e-6));
    PairedTally all = new PairedTally(1000, 900, 30, 5, 960);
    AccuracyInterval exact = AccuracyInterval.of(all, 1000, 900, 1e-6);
    assertEquals(all.accuracy(), exact.lo());
    assertEquals(all.accuracy(), exact.hi());
    assertEquals(875 / 1000.0, exact.lo(), "the same double as TopOne.accuracy gives");
  }

  @Test
  void intervalsCoverTheTrueAccuracyAtTheStatedLevel() {
    int rows = 1000;
    double alpha = 0.025;
    // float right on the first 900 rows; the candidate loses 30 of them and gains 5 of the other 100
    boolean[] floatRight = new boolean[rows];
    boolean[] candidateRight = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      floatRight[i] = i < 900;
      candidateRight[i] = i < 900 ? i >= 30 : i < 905;
    }
    double truth = 875 / 1000.0;
    SplittableRandom random = new SplittableRandom(7);
    int draws = 4000;
    int missLow = 0;
    int missHigh = 0;
    int[] order = new int[rows];
    for (int d = 0; d < draws; d++) {
      Arrays.setAll(order, i -> i);
      Splits.shuffle(order, random);
      int seen = 50 + random.nextInt(400);
      AccuracyInterval interval = AccuracyInterval.of(PairedTallies.of(floatRight, candidateRight, order, seen), rows,
          900, alpha);
      missLow += interval.lo() > truth ? 1 : 0;
      missHigh += interval.hi() < truth ? 1 : 0;
    }
    // Each end fails when either of its two one-sided bounds does: at most 2·alpha each, 4·alpha in all.
    assertTrue(missLow <= 2 * alpha * draws, "lower end above the truth in " + missLow + " of " + draws);
    assertTrue(missHigh <= 2 * alpha * draws, "upper end below the truth in " + missHigh + " of " + draws);
    assertTrue(missLow + missHigh <= AccuracyInterval.BOUNDS * alpha * draws);
  }

  @Test
  void pairingWithFloatIsNarrowerThanAccuracyAloneAndFarNarrowerAwayFromOne() {
    // 2,500 of 10,000 rows; a float model right on 9,771 (the MNIST MLPs) and on 7,813 (the MNIST CNN)
    assertTrue(narrowing(new PairedTally(2500, 2443, 12, 2, 2486), 9771) > 1.3);
    assertTrue(narrowing(new PairedTally(2500, 1953, 10, 8, 2482), 7813) > 2.5);
  }

  /** How many times narrower the paired interval is than one on the accuracy alone, at the same level. */
  private static double narrowing(PairedTally seen, int floatRight) {
    AccuracyInterval paired = AccuracyInterval.of(seen, 10_000, floatRight, 1e-5);
    int lo = FinitePopulationBounds.lower(10_000, seen.rows(), seen.correct(), 2e-5);
    int hi = FinitePopulationBounds.upper(10_000, seen.rows(), seen.correct(), 2e-5);
    return (hi - lo) / 10_000.0 / (paired.hi() - paired.lo());
  }
}
