package dev.frontier.transforms.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The front against an independent brute-force O(n²) definition, plus hand-made cases. */
class ParetoFrontTest {
  private static final long SEED = 20240611L;
  private static final int RANDOM_SETS = 2000;
  private static final int MAX_POINTS = 60;

  /** Brute force, written from the definition, not from {@link Dominance}. */
  private static Set<String> bruteForceFront(List<Point> points) {
    Set<String> front = new HashSet<>();
    for (Point b : points) {
      if (Double.isNaN(b.latencyMsB1()) || Double.isNaN(b.accuracy())) {
        continue;
      }
      boolean dominated = false;
      for (Point a : points) {
        if (Double.isNaN(a.latencyMsB1()) || Double.isNaN(a.accuracy())) {
          continue;
        }
        int better = 0;
        int worse = 0;
        better += a.gzipBytes() < b.gzipBytes() ? 1 : 0;
        worse += a.gzipBytes() > b.gzipBytes() ? 1 : 0;
        better += a.latencyMsB1() < b.latencyMsB1() ? 1 : 0;
        worse += a.latencyMsB1() > b.latencyMsB1() ? 1 : 0;
        better += a.accuracy() > b.accuracy() ? 1 : 0;
        worse += a.accuracy() < b.accuracy() ? 1 : 0;
        if (worse == 0 && better > 0) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        front.add(b.id());
      }
    }
    return front;
  }

  /** Values from small integer ranges, so ties and exact duplicates are common; some NaN. */
  static List<Point> randomPoints(Random rnd, int n) {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long size = 1 + rnd.nextInt(5);
      double latency = rnd.nextInt(20) == 0 ? Double.NaN : 1 + rnd.nextInt(4);
      double accuracy = rnd.nextInt(20) == 0 ? Double.NaN : (90 + rnd.nextInt(5)) / 100.0;
      points.add(new Point("c" + i, size, latency, accuracy));
      if (i > 0 && rnd.nextInt(8) == 0) {
        Point twin = points.get(rnd.nextInt(points.size()));
        points.add(new Point("c" + i + "-twin", twin.gzipBytes(), twin.latencyMsB1(), twin.accuracy()));
      }
    }
    return points;
  }

  private static Set<String> ids(List<Point> points) {
    return points.stream().map(Point::id).collect(Collectors.toSet());
  }

  @Test
  void equalsBruteForceOnRandomSetsWithTiesDuplicatesAndNaN() {
    Random rnd = new Random(SEED);
    int duplicatesSeenOnFront = 0;
    for (int set = 0; set < RANDOM_SETS; set++) {
      List<Point> points = randomPoints(rnd, rnd.nextInt(MAX_POINTS + 1));
      List<Point> front = ParetoFront.of(points);
      assertEquals(bruteForceFront(points), ids(front), "set " + set + ": " + points);
      assertEquals(ids(front).size(), front.size(), "set " + set + ": a point listed twice");
      for (int i = 0; i < front.size(); i++) {
        for (int j = i + 1; j < front.size(); j++) {
          if (front.get(i).sameObjectives(front.get(j))) {
            duplicatesSeenOnFront++;
          }
        }
      }
    }
    assertTrue(duplicatesSeenOnFront > 100, "the generator should produce duplicates on fronts, saw "
        + duplicatesSeenOnFront);
  }

  @Test
  void independentOfInputOrderAndIdempotent() {
    Random rnd = new Random(SEED + 1);
    for (int set = 0; set < 200; set++) {
      List<Point> points = randomPoints(rnd, 40);
      List<Point> front = ParetoFront.of(points);
      List<Point> shuffled = new ArrayList<>(points);
      Collections.shuffle(shuffled, rnd);
      assertEquals(front, ParetoFront.of(shuffled), "set " + set);
      assertEquals(front, ParetoFront.of(front), "set " + set);
    }
  }

  @Test
  void frontIsSortedBySizeThenLatencyThenAccuracyThenId() {
    List<Point> points = List.of(
        new Point("b", 20, 1.0, 0.99),
        new Point("a", 10, 2.0, 0.95),
        new Point("a2", 10, 2.0, 0.95),
        new Point("c", 10, 3.0, 0.97),
        new Point("dominated", 30, 3.0, 0.90));
    assertEquals(List.of("a", "a2", "c", "b"),
        ParetoFront.of(points).stream().map(Point::id).collect(Collectors.toList()));
  }

  @Test
  void exactDuplicatesAreAllOnTheFrontAndTogetherDominated() {
    Point x = new Point("x", 10, 1.0, 0.9);
    Point y = new Point("y", 10, 1.0, 0.9);
    assertFalse(Dominance.dominates(x, y));
    assertFalse(Dominance.dominates(y, x));
    assertEquals(List.of(x, y), ParetoFront.of(List.of(y, x)));
    Point better = new Point("better", 10, 1.0, 0.91);
    assertEquals(List.of(better), ParetoFront.of(List.of(x, better, y)));
  }

  @Test
  void dominanceNeedsNoWorseEverywhereAndStrictlyBetterSomewhere() {
    Point base = new Point("base", 10, 2.0, 0.9);
    assertTrue(Dominance.dominates(new Point("s", 9, 2.0, 0.9), base));
    assertTrue(Dominance.dominates(new Point("l", 10, 1.5, 0.9), base));
    assertTrue(Dominance.dominates(new Point("a", 10, 2.0, 0.91), base));
    assertFalse(Dominance.dominates(new Point("trade", 9, 2.5, 0.95), base));
    assertFalse(Dominance.dominates(base, base));
    assertFalse(Dominance.dominates(base, new Point("s", 9, 2.0, 0.9)));
  }

  @Test
  void unmeasuredPointsNeverDominateNorReachTheFront() {
    Point nanAccuracy = new Point("nan-acc", 1, 0.1, Double.NaN);
    Point nanLatency = new Point("nan-lat", 1, Double.NaN, 1.0);
    Point ok = new Point("ok", 100, 5.0, 0.5);
    assertFalse(Dominance.dominates(nanAccuracy, ok));
    assertFalse(Dominance.dominates(ok, nanAccuracy));
    assertFalse(Dominance.dominates(nanLatency, ok));
    assertEquals(List.of(ok), ParetoFront.of(List.of(nanAccuracy, ok, nanLatency)));
    assertEquals(List.of(), ParetoFront.of(List.of(nanAccuracy, nanLatency)));
    assertEquals(List.of(), ParetoFront.of(List.of()));
  }

  @Test
  void negativeZeroEqualsZero() {
    Point zero = new Point("zero", 1, 0.0, 0.9);
    Point negativeZeroWorse = new Point("neg", 1, -0.0, 0.8);
    assertTrue(Dominance.dominates(zero, negativeZeroWorse));
    assertEquals(List.of(zero), ParetoFront.of(List.of(negativeZeroWorse, zero)));
  }

  @Test
  void rejectsSharedIdsAndImpossibleValues() {
    Point a = new Point("a", 1, 1.0, 0.5);
    assertThrows(IllegalArgumentException.class, () -> ParetoFront.of(List.of(a, new Point("a", 2, 1.0, 0.5))));
    assertThrows(IllegalArgumentException.class, () -> new Point("p", -1, 1.0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new Point("p", 1, -1.0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new Point("p", 1, 1.0, 1.5));
  }
}
