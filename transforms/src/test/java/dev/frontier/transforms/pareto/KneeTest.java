package dev.frontier.transforms.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The knee on hand-made fronts whose answer can be worked out on paper. */
class KneeTest {

  @Test
  void picksTheBalancedPointOfATwoObjectiveTradeOff() {
    // Latency constant (contributes 0). Normalised (size, accuracy loss):
    // tiny (0, 1) -> 1; mid (0.1, 0.2) -> 0.05; big (1, 0) -> 1.
    List<Point> front = List.of(
        new Point("tiny", 10, 1.0, 0.80),
        new Point("mid", 20, 1.0, 0.96),
        new Point("big", 110, 1.0, 1.00));
    assertEquals("mid", Knee.of(front).orElseThrow().id());
  }

  @Test
  void usesAllThreeObjectives() {
    // Sizes 0..100 -> {0, 0.5, 1}; latency 1..3 -> {1, 0, 0.5}; accuracy .9...1 -> {1, 0.5, 0}.
    // d²: a = 0+1+1 = 2; b = 0.25+0+0.25 = 0.5; c = 1+0.25+0 = 1.25.
    List<Point> front = List.of(
        new Point("a", 0, 3.0, 0.90),
        new Point("b", 50, 1.0, 0.95),
        new Point("c", 100, 2.0, 1.00));
    assertEquals("b", Knee.of(front).orElseThrow().id());
  }

  @Test
  void isScaleFree() {
    List<Point> front = List.of(
        new Point("a", 0, 3.0, 0.90),
        new Point("b", 50_000_000, 1.0, 0.95),
        new Point("c", 100_000_000, 2.0, 1.00));
    assertEquals("b", Knee.of(front).orElseThrow().id());
  }

  @Test
  void equalDistancesGoToTheSmallerIdWhateverTheOrder() {
    // Symmetric: "x" and "y" are both at distance 1 from the ideal; duplicates "d2"/"d1" too.
    List<Point> symmetric = new ArrayList<>(List.of(
        new Point("y", 0, 1.0, 0.90),
        new Point("x", 10, 1.0, 1.00)));
    List<Point> duplicates = new ArrayList<>(List.of(
        new Point("d2", 5, 1.0, 0.95),
        new Point("d1", 5, 1.0, 0.95),
        new Point("e", 0, 1.0, 0.90),
        new Point("f", 10, 1.0, 1.00)));
    Random rnd = new Random(7);
    for (int i = 0; i < 20; i++) {
      Collections.shuffle(symmetric, rnd);
      Collections.shuffle(duplicates, rnd);
      assertEquals("x", Knee.of(symmetric).orElseThrow().id());
      assertEquals("d1", Knee.of(duplicates).orElseThrow().id());
    }
  }

  @Test
  void singlePointAndAllConstantFronts() {
    Point only = new Point("only", 10, 1.0, 0.9);
    assertEquals(Optional.of(only), Knee.of(List.of(only)));
    assertEquals("a", Knee.of(List.of(new Point("b", 10, 1.0, 0.9), new Point("a", 10, 1.0, 0.9)))
        .orElseThrow().id());
  }

  @Test
  void ignoresDominatedAndUnmeasuredPoints() {
    // Without the front step, "dominated" would stretch the size range and move the knee.
    List<Point> points = List.of(
        new Point("tiny", 10, 1.0, 0.80),
        new Point("mid", 20, 1.0, 0.96),
        new Point("big", 110, 1.0, 1.00),
        new Point("dominated", 10_000, 5.0, 0.5),
        new Point("failed", 1, Double.NaN, 1.0));
    assertEquals("mid", Knee.of(points).orElseThrow().id());
    assertEquals(Optional.empty(), Knee.of(List.of(new Point("failed", 1, 1.0, Double.NaN))));
    assertEquals(Optional.empty(), Knee.of(List.of()));
  }

  @Test
  void theKneeIsAlwaysOnTheFront() {
    Random rnd = new Random(11);
    for (int set = 0; set < 500; set++) {
      List<Point> points = ParetoFrontTest.randomPoints(rnd, 1 + rnd.nextInt(40));
      List<Point> front = ParetoFront.of(points);
      Optional<Point> knee = Knee.of(points);
      assertEquals(front.isEmpty(), knee.isEmpty());
      knee.ifPresent(k -> assertTrue(front.contains(k)));
    }
  }

  @Test
  void tiedLatenciesShareATierSoNoiseInsideAnIntervalCannotMoveTheKnee() {
    Point a = new Point("a", 100, 1.00, 0.95, 1.05, 0.90);
    Point b = new Point("b", 200, 1.02, 0.97, 1.07, 0.95);
    Point fast = new Point("fast", 400, 0.50, 0.48, 0.52, 0.97);
    assertEquals(Map.of("fast", 0, "a", 1, "b", 1), Knee.latencyTiers(List.of(a, b, fast), 0));
    // Moving a's and b's estimates around inside their overlap changes no tier, hence not the knee.
    Point a2 = new Point("a", 100, 1.04, 0.95, 1.05, 0.90);
    Point b2 = new Point("b", 200, 0.98, 0.97, 1.07, 0.95);
    assertEquals(Knee.of(List.of(a, b, fast)), Knee.of(List.of(a2, b2, fast)).map(p -> p.id().equals("a") ? a
        : p.id().equals("b") ? b : fast));
  }
}
