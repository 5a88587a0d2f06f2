package dev.frontier.transforms.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.beam.candidate.RacingSlices;
import dev.frontier.transforms.data.Splits;
import dev.frontier.transforms.measure.AccuracyInterval;
import dev.frontier.transforms.measure.PairedOrder;
import dev.frontier.transforms.measure.PairedTallies;
import dev.frontier.transforms.measure.PairedTally;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The stop rule never drops what exhaustive evaluation keeps: on generated populations whose every row outcome is
 * known (so the exhaustive front, knee and choice are the truth), racing as the sweep runs it (seeded slices,
 * {@link StopRule} after each, {@link StopCheck} with latencies, stops it cannot confirm evaluated to the end, the
 * front computed with stopped candidates at their lower bound) gives exactly the exhaustive flags. The
 * populations include near-ties: candidates one row apart, exact copies, equal sizes, and latency tiers that are
 * faster beyond doubt.
 */
class RacingStopsTest {
  private static final double BUDGET_PP = 1.0;
  private static final double EQUIVALENCE = 0.25;
  private static final double ALPHA = 1e-4 / 2 / (AccuracyInterval.BOUNDS * RacingSlices.ROUNDS);
  /** Error level of a paired bound for a population of {@code m} candidates, split as the sweep splits it. */
  private static double pairAlpha(int m) {
    return 1e-4 / 2 / (PairedOrder.BOUNDS * RacingSlices.ROUNDS * (m - 1));
  }

  @Test
  void racingGivesTheExhaustiveFrontKneeAndChoiceOnGeneratedPopulations() {
    SplittableRandom random = new SplittableRandom(2026);
    int stoppedInAll = 0;
    int candidatesInAll = 0;
    for (int population = 0; population < 150; population++) {
      Population p = Population.generate(random, 2000 + random.nextInt(8000));
      Outcome racing = race(p);
      List<Point> truth = p.truePoints();
      Set<String> front = ids(ParetoFront.of(truth, EQUIVALENCE));
      assertEquals(front, ids(ParetoFront.of(racing.points, EQUIVALENCE)), "front of population " + population);
      assertEquals(Knee.of(truth, EQUIVALENCE).map(Point::id), Knee.of(racing.points, EQUIVALENCE).map(Point::id),
          "knee of population " + population);
      assertEquals(BudgetChoice.best(truth, p.floatAccuracy(), BUDGET_PP).map(Point::id),
          BudgetChoice.best(racing.points, p.floatAccuracy(), BUDGET_PP).map(Point::id),
          "choice of population " + population);
      for (String id : racing.stopped) {
        assertFalse(front.contains(id), "population " + population + ": stopped " + id + " is on the front");
      }
      stoppedInAll += racing.stopped.size();
      candidatesInAll += truth.size();
    }
    assertTrue(stoppedInAll > candidatesInAll / 4, "racing stops a fair share: " + stoppedInAll + " of "
        + candidatesInAll);
  }

  @Test
  void aCandidateOneRowBehindItsDominatorIsSettledOnTheRowsItMostLikelyGetsWrong() {
    SplittableRandom random = new SplittableRandom(5);
    boolean[] floatRight = new boolean[4000];
    float[] margins = new float[floatRight.length];
    for (int i = 0; i < floatRight.length; i++) {
      floatRight[i] = random.nextDouble() < 0.9;
      margins[i] = 1 + random.nextFloat();
    }
    floatRight[0] = true;
    floatRight[1] = true;
    boolean[] oneRowWorse = floatRight.clone();
    oneRowWorse[0] = false;  // the compression flips two rows float is barely right on and gains one back
    oneRowWorse[1] = false;
    oneRowWorse[Arrays.asList(toObjects(floatRight)).indexOf(false)] = true;
    margins[0] = 0.01f;
    margins[1] = 0.02f;
    Population p = new Population(floatRight, new boolean[][] {floatRight, oneRowWorse},
        new long[] {1000, 1001}, new double[][] {{1, 1, 1}, {1, 0.97, 1.03}});
    assertEquals(p.accuracy(0) - 1.0 / 4000, p.accuracy(1), 1e-12);
    Outcome racing = race(p, margins);
    assertEquals(Set.of("c01"), racing.stopped(), "one row behind a smaller candidate, certainly");
    int floatWrong = p.rows() - p.floatRight();
    assertTrue(racing.rowsSeen()[1] <= floatWrong + 256 + RacingSlices.of(4000, 42).seenAfter(RacingSlices.ROUNDS),
        "settled on float's wrong rows and the smallest margins, not on all 4000: " + racing.rowsSeen()[1]);
    assertEquals(ids(ParetoFront.of(p.truePoints(), EQUIVALENCE)), ids(ParetoFront.of(racing.points(), EQUIVALENCE)));
    Outcome withoutMargins = race(p);
    assertEquals(Set.of("c01"), withoutMargins.stopped());
    assertTrue(withoutMargins.rowsSeen()[1] > racing.rowsSeen()[1],
        "without margins the two flipped rows come in slice order");
  }

  private static Boolean[] toObjects(boolean[] values) {
    Boolean[] out = new Boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  @Test
  void aFarWorseLargerCandidateStopsOnTheFirstSlice() {
    SplittableRandom random = new SplittableRandom(6);
    boolean[] floatRight = new boolean[10_000];
    boolean[] broken = new boolean[10_000];
    for (int i = 0; i < floatRight.length; i++) {
      floatRight[i] = random.nextDouble() < 0.95;
      broken[i] = floatRight[i] && random.nextDouble() < 0.5;
    }
    Population p = new Population(floatRight, new boolean[][] {floatRight, broken},
        new long[] {1000, 2000}, new double[][] {{1, 1, 1}, {1, 0.97, 1.03}});
    Outcome racing = race(p);
    assertEquals(Set.of("c01"), racing.stopped());
    assertTrue(racing.points().get(1).accuracy() < 0.6, "enters the front at its lower bound");
  }

  @Test
  void pairingTwoCandidatesStopsOneTheirIntervalsCannotSeparate() {
    // Both far from float (about 40 % of float's right rows lost), b right on 3 % fewer rows than a and larger.
    SplittableRandom random = new SplittableRandom(8);
    int n = 10_000;
    boolean[] floatRight = new boolean[n];
    boolean[] a = new boolean[n];
    boolean[] b = new boolean[n];
    for (int i = 0; i < n; i++) {
      floatRight[i] = random.nextDouble() < 0.8;
      a[i] = floatRight[i] ? random.nextDouble() < 0.6 : random.nextDouble() < 0.2;
      b[i] = a[i] && random.nextDouble() >= 0.03;
    }
    Population p = new Population(floatRight, new boolean[][] {floatRight, a, b},
        new long[] {100_000, 1000, 2000}, new double[][] {{1, 1, 1}, {1, 0.97, 1.03}, {1, 0.97, 1.03}});
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    Splits.shuffle(order, new SplittableRandom(42));
    int seen = n / 4;
    List<Standing> paired = new ArrayList<>();
    List<Standing> intervalsOnly = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      AccuracyInterval interval = AccuracyInterval.of(p.tally(c, order, seen), n, p.floatRight(), ALPHA);
      paired.add(new Standing(p.id(c), p.gzip[c], interval.lo(), interval.hi(), false,
          p.rightInOrder(c, order, seen), seen, null));
      intervalsOnly.add(new Standing(p.id(c), p.gzip[c], interval.lo(), interval.hi(), false));
    }
    assertEquals(Map.of(), StopRule.toStop(intervalsOnly, p.floatAccuracy(), BUDGET_PP, n, pairAlpha(3)));
    Map<String, Stop> stops = StopRule.toStop(paired, p.floatAccuracy(), BUDGET_PP, n, pairAlpha(3));
    assertEquals(Set.of("c02"), stops.keySet());
    assertEquals("c01", stops.get("c02").dominatedBy());
    assertEquals(Set.of("c02"), race(p).stopped(), "and the stop holds once latencies are compared");
  }

  @Test
  void aCandidateWithAnotherOnesGraphsStopsAsItsTwin() {
    BitSet right = new BitSet();
    right.set(0, 90);
    Standing first = new Standing("a1", 500, 0.80, 0.95, false, right, 100, "sha-x/sha-y");
    Standing twin = new Standing("b2", 500, 0.80, 0.95, false, right, 100, "sha-x/sha-y");
    Standing other = new Standing("c3", 500, 0.80, 0.95, false, right, 100, "sha-x/sha-z");
    Map<String, Stop> stops = StopRule.toStop(List.of(twin, other, first), 0.9, BUDGET_PP, 1000, 1e-6);
    assertEquals(Set.of("b2"), stops.keySet(), "the smallest id of equal graphs is measured, the others copy it");
    assertEquals("a1", stops.get("b2").sameGraphAs());
    assertEquals(null, stops.get("b2").dominatedBy());
  }

  /**
   * What racing ends with: the points the front sees, which candidates stopped, which stops were undone, and the
   * rows each candidate was evaluated on.
   */
  record Outcome(List<Point> points, Set<String> stopped, Set<String> completed, int[] rowsSeen) {}

  static Outcome race(Population p) {
    return race(p, new float[0]);
  }

  /** Racing as the sweep runs it, float's margins {@code margins} (empty: unknown). */
  static Outcome race(Population p, float[] margins) {
    int n = p.rows();
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    Splits.shuffle(order, new SplittableRandom(42));
    int m = p.gzip.length;
    Stop[] reason = new Stop[m];
    AccuracyInterval[] interval = new AccuracyInterval[m];
    int[] seen = new int[m];
    RacingSlices slices = RacingSlices.of(n, 42);
    for (int round = 1; round <= RacingSlices.ROUNDS; round++) {
      int cut = slices.seenAfter(round);
      List<Standing> standings = new ArrayList<>();
      for (int c = 0; c < m; c++) {
        if (reason[c] == null) {
          seen[c] = cut;
          interval[c] = AccuracyInterval.of(p.tally(c, order, cut), n, p.floatRight(), ALPHA);
        }
        standings.add(new Standing(p.id(c), p.gzip[c], interval[c].lo(), interval[c].hi(), reason[c] != null,
            p.rightInOrder(c, order, seen[c]), seen[c], null));
      }
      Map<String, Stop> stops = StopRule.toStop(standings, p.floatAccuracy(), BUDGET_PP, n, pairAlpha(m));
      for (int c = 0; c < m; c++) {
        if (stops.containsKey(p.id(c))) {
          reason[c] = stops.get(p.id(c));
        }
      }
    }
    settle(p, margins, order, slices, reason, interval, seen);
    List<StopCheck.Raced> raced = new ArrayList<>();
    for (int c = 0; c < m; c++) {
      boolean stopped = reason[c] != null;
      double acc = stopped ? interval[c].lo() : p.accuracy(c);
      raced.add(new StopCheck.Raced(p.point(c, acc), stopped ? interval[c].hi() : acc, stopped,
          stopped ? reason[c].dominatedBy() : null));
    }
    Set<String> undo = StopCheck.whyUnconfirmed(raced, p.floatAccuracy(), BUDGET_PP, EQUIVALENCE).keySet();
    List<Point> points = new ArrayList<>();
    Set<String> stopped = new java.util.TreeSet<>();
    for (int c = 0; c < m; c++) {
      boolean keepStopped = reason[c] != null && !undo.contains(p.id(c));
      if (reason[c] != null) {
        stopped.add(p.id(c));
      }
      points.add(keepStopped ? raced.get(c).point() : p.point(c, p.accuracy(c)));
      if (!keepStopped) {
        seen[c] = n;
      }
    }
    stopped.removeAll(undo);
    return new Outcome(points, stopped, undo, seen);
  }

  /**
   * After the rounds, as the sweep does: leaders ({@link Leaders}) evaluated on every row, each follower settled
   * ({@link Settlement}) against them; updates the stops, intervals and rows seen.
   */
  private static void settle(Population p, float[] margins, int[] order, RacingSlices slices, Stop[] reason,
      AccuracyInterval[] interval, int[] seen) {
    int n = p.rows();
    List<Standing> running = new ArrayList<>();
    for (int c = 0; c < p.gzip.length; c++) {
      if (reason[c] == null) {
        running.add(new Standing(p.id(c), p.gzip[c], interval[c].lo(), interval[c].hi(), false,
            p.rightInOrder(c, order, seen[c]), seen[c], null));
      }
    }
    Map<String, String> followers = Leaders.followers(running);
    List<Standing> exact = new ArrayList<>();
    List<BitSet> voters = new ArrayList<>(List.of(p.wrong(0)));
    for (int c = 0; c < p.gzip.length; c++) {
      if (reason[c] == null && !followers.containsKey(p.id(c))) {
        seen[c] = n;
        interval[c] = AccuracyInterval.exactly(p.accuracy(c));
        exact.add(new Standing(p.id(c), p.gzip[c], p.accuracy(c), p.accuracy(c), false));
        voters.add(p.wrong(c));
      }
    }
    Settlement settlement = new Settlement(exact, voters, margins, slices.positions(), 256, p.floatAccuracy(),
        BUDGET_PP);
    for (int c = 0; c < p.gzip.length; c++) {
      if (!followers.containsKey(p.id(c))) {
        continue;
      }
      BitSet seenRows = new BitSet(n);
      Arrays.stream(order, 0, seen[c]).forEach(seenRows::set);
      BitSet wrong = (BitSet) seenRows.clone();
      wrong.and(p.wrong(c));
      boolean[] right = p.right[c];
      Settlement.Result result = settlement.settle(p.id(c), p.gzip[c], interval[c], seenRows, wrong, rows -> {
        boolean[] out = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
          out[i] = right[rows[i]];
        }
        return out;
      });
      seen[c] += result.chosen().length;
      interval[c] = result.interval();
      reason[c] = result.stop();
    }
  }

  static Set<String> ids(List<Point> points) {
    return points.stream().map(Point::id).collect(Collectors.toSet());
  }

  /** Candidates with known per-row outcomes, sizes and latency intervals; candidate 0 is float itself. */
  static final class Population {
    final boolean[] floatRight;
    final boolean[][] right;
    final long[] gzip;
    final double[][] latency;

    Population(boolean[] floatRight, boolean[][] right, long[] gzip, double[][] latency) {
      this.floatRight = floatRight;
      this.right = right;
      this.gzip = gzip;
      this.latency = latency;
    }

    static Population generate(SplittableRandom random, int rows) {
      double floatAcc = 0.6 + 0.38 * random.nextDouble();
      boolean[] floatRight = new boolean[rows];
      for (int i = 0; i < rows; i++) {
        floatRight[i] = random.nextDouble() < floatAcc;
      }
      int m = 10 + random.nextInt(40);
      boolean[][] right = new boolean[m][];
      long[] gzip = new long[m];
      double[][] latency = new double[m][];
      right[0] = floatRight.clone();
      gzip[0] = 1_000_000;
      latency[0] = new double[] {1, 1, 1};
      for (int c = 1; c < m; c++) {
        double kind = random.nextDouble();
        if (kind < 0.15) {
          int of = random.nextInt(c);
          right[c] = right[of].clone();          // an exact copy in accuracy, sometimes one row off
          if (random.nextBoolean()) {
            int row = random.nextInt(rows);
            right[c][row] = !right[c][row];
          }
          gzip[c] = random.nextBoolean() ? gzip[of] : gzip[of] + random.nextInt(3) - 1;
        } else {
          double loss = kind < 0.5 ? 0.02 * random.nextDouble() : kind < 0.8 ? 0.15 * random.nextDouble()
              : 0.6 * random.nextDouble();
          double gain = 0.3 * loss * random.nextDouble();
          right[c] = new boolean[rows];
          for (int i = 0; i < rows; i++) {
            right[c][i] = floatRight[i] ? random.nextDouble() >= loss : random.nextDouble() < gain;
          }
          gzip[c] = 50_000 + random.nextInt(900_000);
        }
        double tier = new double[] {0.5, 1.0, 1.0, 1.0, 1.6}[random.nextInt(5)] * (0.92 + 0.16 * random.nextDouble());
        double half = 0.01 + 0.05 * random.nextDouble();
        latency[c] = new double[] {tier, tier * (1 - half), tier * (1 + half)};
      }
      return new Population(floatRight, right, gzip, latency);
    }

    int rows() {
      return floatRight.length;
    }

    String id(int c) {
      return String.format("c%02d", c);
    }

    int floatRight() {
      int r = 0;
      for (boolean b : floatRight) {
        r += b ? 1 : 0;
      }
      return r;
    }

    double floatAccuracy() {
      return (double) floatRight() / rows();
    }

    double accuracy(int c) {
      int r = 0;
      for (boolean b : right[c]) {
        r += b ? 1 : 0;
      }
      return (double) r / rows();
    }

    /** The rows (indices) candidate {@code c} gets wrong. */
    BitSet wrong(int c) {
      BitSet out = new BitSet(rows());
      for (int i = 0; i < rows(); i++) {
        out.set(i, !right[c][i]);
      }
      return out;
    }

    BitSet rightInOrder(int c, int[] order, int seen) {
      return PairedTallies.rightInOrder(right[c], order, seen);
    }

    PairedTally tally(int c, int[] order, int seen) {
      return PairedTallies.of(floatRight, right[c], order, seen);
    }

    Point point(int c, double accuracy) {
      return new Point(id(c), gzip[c], latency[c][0], latency[c][1], latency[c][2], accuracy);
    }

    List<Point> truePoints() {
      List<Point> out = new ArrayList<>();
      for (int c = 0; c < gzip.length; c++) {
        out.add(point(c, accuracy(c)));
      }
      return out;
    }
  }
}
