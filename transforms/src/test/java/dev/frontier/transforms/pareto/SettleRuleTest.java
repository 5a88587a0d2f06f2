package dev.frontier.transforms.pareto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.measure.AccuracyInterval;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Settling a follower against candidates evaluated on every row: the stop needs the follower's certain upper
 * bound at a no-larger exact candidate's accuracy, and on populations whose every row is known a settled stop is
 * never wrong, whatever rows the follower saw.
 */
class SettleRuleTest {
  private static final double FLOAT = 0.95;
  private static final double BUDGET_PP = 1.0;

  private static Standing exact(String id, long gzip, double accuracy) {
    return new Standing(id, gzip, accuracy, accuracy, false);
  }

  @Test
  void aFollowerStopsOnceItsUpperBoundReachesASmallerExactCandidate() {
    List<Standing> exact = List.of(exact("a", 100, 0.900));
    Standing atA = new Standing("b", 200, 0.850, 0.900, false);
    Optional<Stop> stop = SettleRule.stop(atA, exact, FLOAT, BUDGET_PP, 1000);
    assertEquals("a", stop.orElseThrow().dominatedBy(), "at most as accurate as a, larger, below the budget");
    assertTrue(SettleRule.stop(new Standing("b", 200, 0.85, 0.901, false), exact, FLOAT, BUDGET_PP, 1000)
        .isEmpty(), "one row above a's accuracy it could still beat a");
    assertTrue(SettleRule.stop(new Standing("b", 100, 0.85, 0.900, false), exact, FLOAT, BUDGET_PP, 1000)
        .isEmpty(), "as large as a, it must be strictly below a");
    assertTrue(SettleRule.stop(new Standing("b", 50, 0.75, 0.80, false), exact, FLOAT, BUDGET_PP, 1000)
        .isEmpty(), "smaller than every exact candidate: nothing dominates it");
  }

  @Test
  void theWrongRowsNeededAreTheGapToTheNearestStop() {
    List<Standing> exact = List.of(exact("a", 100, 0.900), exact("c", 150, 0.880));
    Standing b = new Standing("b", 150, 0.0, 0.950, false);
    assertEquals(50, SettleRule.wrongNeeded(b, exact, FLOAT, BUDGET_PP, 1000),
        "to reach a (smaller): 950 - 900 = 50 rows (c, as large, asks 950 - 880 + 1 = 71); to fall below the budget"
            + " (94 %, no smaller candidate within it): 950 - 939 = 11; both must hold");
    Standing tiny = new Standing("t", 10, 0.0, 0.95, false);
    assertEquals(Integer.MAX_VALUE, SettleRule.wrongNeeded(tiny, exact, FLOAT, BUDGET_PP, 1000));
  }

  @Test
  void rowsTheCandidatesErringLikeTheFollowerGetWrongComeFirst() {
    BitSet seen = new BitSet();
    seen.set(0, 10);
    BitSet followerWrong = new BitSet();
    followerWrong.set(0, 3);
    BitSet alike = new BitSet();   // wrong where the follower was wrong: rows 0-2, and 12
    alike.set(0, 3);
    alike.set(12);
    BitSet unlike = new BitSet();  // wrong on rows the follower got right: 5-9, and 11, 13
    unlike.set(5, 10);
    unlike.set(11);
    unlike.set(13);
    int[] unseen = {10, 11, 12, 13, 14, 15};
    int[] ranks = SettleRule.tieRanks(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 2, 1},
        new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
    assertArrayEquals(new int[] {12, 11, 13, 15, 14, 10},
        SettleRule.likeliestWrongFirst(unseen, List.of(unlike, alike), followerWrong, seen, ranks),
        "12 (backed 4/5), then 11 and 13 (1/7), then the rest by float's margin, smallest first");
  }

  @Test
  void aSettledStopIsNeverWrongOnKnownPopulations() {
    SplittableRandom random = new SplittableRandom(11);
    int stops = 0;
    for (int trial = 0; trial < 300; trial++) {
      int n = 500 + random.nextInt(1500);
      boolean[] floatRight = new boolean[n];
      for (int i = 0; i < n; i++) {
        floatRight[i] = random.nextDouble() < 0.7 + 0.25 * random.nextDouble();
      }
      List<boolean[]> right = new ArrayList<>();
      List<Standing> exact = new ArrayList<>();
      List<BitSet> voters = new ArrayList<>();
      int m = 2 + random.nextInt(6);
      for (int c = 0; c <= m; c++) {
        boolean[] r = floatRight.clone();
        int flips = random.nextInt(1 + n / (1 + random.nextInt(50)));
        for (int f = 0; f < flips; f++) {
          int row = random.nextInt(n);
          r[row] = random.nextDouble() < 0.3;
        }
        right.add(r);
        if (c < m) {
          exact.add(exact("e" + c, 100 + random.nextInt(3), accuracy(r)));
          voters.add(wrong(r));
        }
      }
      boolean[] follower = right.get(m);
      long gzip = 100 + random.nextInt(3);
      double floatAccuracy = accuracy(floatRight);
      int[] positions = new int[n];
      for (int i = 0; i < n; i++) {
        positions[i] = i;
      }
      Settlement settlement = new Settlement(exact, voters, new float[0], positions, 1 + random.nextInt(64),
          floatAccuracy, BUDGET_PP);
      BitSet seen = new BitSet();
      seen.set(0, n / 16);
      BitSet seenWrong = wrong(follower);
      seenWrong.and(seen);
      Settlement.Result result = settlement.settle("f", gzip, new AccuracyInterval(0, 1), seen, seenWrong, rows -> {
        boolean[] out = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
          out[i] = follower[rows[i]];
        }
        return out;
      });
      double truth = accuracy(follower);
      assertTrue(result.interval().lo() <= truth && truth <= result.interval().hi(), "trial " + trial);
      if (result.stop() == null) {
        assertEquals(n - n / 16, result.chosen().length, "not stopped: every row seen");
        assertEquals(truth, result.interval().lo(), 1e-12);
        continue;
      }
      stops++;
      Standing by = exact.stream().filter(e -> e.id().equals(result.stop().dominatedBy())).findFirst().orElseThrow();
      assertTrue(by.gzipBytes() <= gzip && by.accuracyLo() >= truth
          && (by.gzipBytes() < gzip || by.accuracyLo() > truth), "trial " + trial + ": " + result.stop());
      assertTrue(truth < StopRule.threshold(floatAccuracy, BUDGET_PP)
          || exact.stream().anyMatch(e -> e.gzipBytes() < gzip && e.accuracyLo() >= StopRule.threshold(
              floatAccuracy, BUDGET_PP)), "trial " + trial + ": could not have been chosen");
    }
    assertTrue(stops > 50, "settling stops followers: " + stops + " of 300");
  }

  private static BitSet wrong(boolean[] right) {
    BitSet out = new BitSet();
    for (int i = 0; i < right.length; i++) {
      out.set(i, !right[i]);
    }
    return out;
  }

  private static double accuracy(boolean[] right) {
    int r = 0;
    for (boolean b : right) {
      r += b ? 1 : 0;
    }
    return (double) r / right.length;
  }
}
