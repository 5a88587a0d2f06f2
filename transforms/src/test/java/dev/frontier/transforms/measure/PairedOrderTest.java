package dev.frontier.transforms.measure;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.data.Splits;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The paired comparison racing stops candidates with: on all rows it is the exact comparison, in a seeded
 * simulation of random slices it claims a wrong order at most at its stated rate, and it certifies gaps between
 * two similar candidates that their accuracy intervals (each as wide as the candidate's disagreement with float)
 * cannot.
 */
class PairedOrderTest {

  @Test
  void onEveryRowItIsTheExactComparison() {
    BitSet a = new BitSet();
    BitSet b = new BitSet();
    a.set(0, 10);      // a right on rows 0..9, b on rows 5..13: a 5 wins, b 4
    b.set(5, 14);
    assertTrue(PairedOrder.certainlyAtLeast(a, b, 20, 20, true, 1e-6));
    assertFalse(PairedOrder.certainlyAtLeast(b, a, 20, 20, false, 1e-6));
    b.set(14);         // now 5 wins each: equal, so at least as accurate but not strictly
    assertTrue(PairedOrder.certainlyAtLeast(a, b, 20, 20, false, 1e-6));
    assertFalse(PairedOrder.certainlyAtLeast(a, b, 20, 20, true, 1e-6));
  }

  @Test
  void aWrongOrderIsClaimedAtMostAtTheStatedRate() {
    int rows = 1000;
    double alpha = 0.025;
    // a right alone on 40 rows, b right alone on 41: b is truly ahead by one row
    boolean[] aRight = new boolean[rows];
    boolean[] bRight = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      aRight[i] = i < 700 || i >= 900 && i < 940;
      bRight[i] = i < 700 || i >= 940 && i < 981;
    }
    SplittableRandom random = new SplittableRandom(11);
    int draws = 4000;
    int wrong = 0;
    int aheadInSample = 0;
    int[] order = new int[rows];
    for (int d = 0; d < draws; d++) {
      Arrays.setAll(order, i -> i);
      Splits.shuffle(order, random);
      int seen = 100 + random.nextInt(850);
      BitSet a = PairedTallies.rightInOrder(aRight, order, seen);
      BitSet b = PairedTallies.rightInOrder(bRight, order, seen);
      wrong += PairedOrder.certainlyAtLeast(a, b, seen, rows, false, alpha) ? 1 : 0;
      BitSet aOnly = (BitSet) a.clone();
      aOnly.andNot(b);
      BitSet bOnly = (BitSet) b.clone();
      bOnly.andNot(a);
      aheadInSample += aOnly.cardinality() > bOnly.cardinality() ? 1 : 0;
    }
    // A wrong claim needs one of the two one-sided bounds to fail.
    assertTrue(wrong <= PairedOrder.BOUNDS * alpha * draws, "claimed a >= b in " + wrong + " of " + draws);
    assertTrue(aheadInSample > draws / 4, "the sample often shows a ahead (" + aheadInSample + "), so the bound"
        + " is what keeps the claims rare");
  }

  @Test
  void itCertifiesGapsThatTwoAccuracyIntervalsCannot() {
    int rows = 10_000;
    SplittableRandom random = new SplittableRandom(3);
    boolean[] floatRight = new boolean[rows];
    boolean[] aRight = new boolean[rows];
    boolean[] bRight = new boolean[rows];
    for (int i = 0; i < rows; i++) {
      floatRight[i] = random.nextDouble() < 0.78;
      aRight[i] = floatRight[i] ? random.nextDouble() < 0.6 : random.nextDouble() < 0.2;  // a far from float
      double flip = random.nextDouble();
      bRight[i] = flip < 0.03 ? false : aRight[i];    // b: a, wrong on 3 % more rows (about 2 pp behind)
    }
    int[] order = new int[rows];
    Arrays.setAll(order, i -> i);
    Splits.shuffle(order, new SplittableRandom(42));
    int seen = rows / 4;
    int floatRightCount = 0;
    for (boolean f : floatRight) {
      floatRightCount += f ? 1 : 0;
    }
    double alpha = 1e-5;
    AccuracyInterval a = AccuracyInterval.of(PairedTallies.of(floatRight, aRight, order, seen), rows,
        floatRightCount, alpha);
    AccuracyInterval b = AccuracyInterval.of(PairedTallies.of(floatRight, bRight, order, seen), rows,
        floatRightCount, alpha);
    assertTrue(a.lo() < b.hi(), "the intervals overlap: a " + a + ", b " + b);
    BitSet aSeen = PairedTallies.rightInOrder(aRight, order, seen);
    BitSet bSeen = PairedTallies.rightInOrder(bRight, order, seen);
    assertTrue(PairedOrder.certainlyAtLeast(aSeen, bSeen, seen, rows, true, alpha),
        "paired on the same rows, a is certainly ahead");
  }
}
