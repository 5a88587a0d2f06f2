package dev.frontier.transforms.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Budget choice on hand-made sets with known answers. */
class BudgetChoiceTest {
  private static final double FLOAT_ACCURACY = 0.9771;

  private static final List<Point> CANDIDATES = List.of(
      new Point("float", 380_000, 1.00, 0.9771),
      new Point("int8", 90_000, 0.60, 0.9768),
      new Point("prune50-int8", 60_000, 0.62, 0.9751),
      new Point("prune75-int8", 35_000, 0.65, 0.9642),
      new Point("prune90-int8", 18_000, 0.70, 0.8766));

  private static String best(double budgetPp) {
    return BudgetChoice.best(CANDIDATES, FLOAT_ACCURACY, budgetPp).map(Point::id).orElse("none");
  }

  @Test
  void smallestArtifactWithinTheBudget() {
    assertEquals("float", best(0.0));
    assertEquals("int8", best(0.05));
    assertEquals("prune50-int8", best(0.5));
    assertEquals("prune75-int8", best(1.3));
    assertEquals("prune90-int8", best(10.1));
  }

  @Test
  void aCandidateExactlyOnTheBudgetIsIn() {
    // 150 rows: float 106/150, candidate 97/150 = exactly 6 pp less; but in doubles
    // 106/150.0 - 6/100.0 > 97/150.0, so without the tolerance the candidate would be dropped.
    double floatAccuracy = 106 / 150.0;
    double edgeAccuracy = 97 / 150.0;
    assertTrue(floatAccuracy - 6 / 100.0 > edgeAccuracy, "the case this test is about");
    List<Point> points = List.of(new Point("edge", 1, 1.0, edgeAccuracy), new Point("float", 2, 1.0, floatAccuracy));
    assertEquals("edge", BudgetChoice.best(points, floatAccuracy, 6).orElseThrow().id());
    assertEquals("float", BudgetChoice.best(points, floatAccuracy, 5.9).orElseThrow().id());
  }

  @Test
  void tiesGoToLowerLatencyThenHigherAccuracyThenId() {
    List<Point> sameSize = List.of(
        new Point("slow", 100, 2.0, 0.99),
        new Point("fast-less-accurate", 100, 1.0, 0.95),
        new Point("fast-b", 100, 1.0, 0.97),
        new Point("fast-a", 100, 1.0, 0.97));
    assertEquals("fast-a", BudgetChoice.best(sameSize, 0.99, 5).orElseThrow().id());
    assertEquals("slow", BudgetChoice.best(sameSize, 0.99, 0).orElseThrow().id());
  }

  @Test
  void emptyWhenNothingQualifies() {
    assertEquals(Optional.empty(), BudgetChoice.best(CANDIDATES, 0.999, 0.5));
    assertEquals(Optional.empty(), BudgetChoice.best(List.of(), FLOAT_ACCURACY, 1));
  }

  @Test
  void unmeasuredCandidatesAreNeverChosen() {
    List<Point> points = List.of(
        new Point("nan-accuracy", 1, 1.0, Double.NaN),
        new Point("nan-latency", 2, Double.NaN, 0.99),
        new Point("ok", 3, 1.0, 0.97));
    assertEquals("ok", BudgetChoice.best(points, 0.98, 2).orElseThrow().id());
  }

  @Test
  void rejectsNonsenseArguments() {
    assertThrows(IllegalArgumentException.class, () -> BudgetChoice.best(CANDIDATES, FLOAT_ACCURACY, -1));
    assertThrows(IllegalArgumentException.class, () -> BudgetChoice.best(CANDIDATES, FLOAT_ACCURACY, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> BudgetChoice.best(CANDIDATES, Double.NaN, 1));
  }

  @Test
  void theChoiceIsAlwaysOnTheFront() {
    Random rnd = new Random(3);
    int chosen = 0;
    for (int set = 0; set < 500; set++) {
      List<Point> points = ParetoFrontTest.randomPoints(rnd, 1 + rnd.nextInt(40));
      double budgetPp = rnd.nextInt(6);
      Optional<Point> choice = BudgetChoice.best(points, 0.94, budgetPp);
      if (choice.isPresent()) {
        chosen++;
        assertTrue(ParetoFront.of(points).contains(choice.get()), "set " + set + ": " + choice.get());
      }
    }
    assertTrue(chosen > 300, "most random sets should have a choice, got " + chosen);
  }
}
