package dev.frontier.transforms.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitsTest {
  /** Row i holds the single value i, so a selected row tells its index. */
  private static Dataset rows(String name, int n) {
    float[][] f = new float[n][];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      f[i] = new float[] {i};
      labels[i] = i % 10;
    }
    return new Dataset(name, List.of(), f, labels);
  }

  private static int[] indices(Dataset d) {
    return Arrays.stream(d.features()).mapToInt(r -> (int) r[0]).toArray();
  }

  private static Set<Integer> set(int[] values) {
    Set<Integer> s = new HashSet<>();
    Arrays.stream(values).forEach(s::add);
    return s;
  }

  @Test
  void sameSeedSameRowsDifferentSeedDifferentRows() {
    Dataset d = rows("d", 1000);
    Splits.Split a = Splits.of(d, 50, d, 100, 7);
    Splits.Split b = Splits.of(rows("d", 1000), 50, rows("d", 1000), 100, 7);
    Splits.Split c = Splits.of(d, 50, d, 100, 8);
    assertArrayEquals(indices(a.calibration()), indices(b.calibration()));
    assertArrayEquals(indices(a.evaluation()), indices(b.evaluation()));
    assertFalse(Arrays.equals(indices(a.calibration()), indices(c.calibration())));
  }

  @Test
  void seedFixesTheExactDraw() {
    // Recorded from java.util.Random(42), whose sequence Java specifies: a change of algorithm would silently
    // move every measured accuracy, so it must show up here.
    assertArrayEquals(new int[] {4, 6, 2, 1, 7, 9, 8, 5, 3, 0}, Splits.permutation(10, 42));
  }

  @Test
  void oneDatasetGivesDisjointSortedSubsets() {
    Dataset d = rows("d", 100);
    Splits.Split s = Splits.of(d, 30, d, 50, 1);
    int[] cal = indices(s.calibration());
    int[] eval = indices(s.evaluation());
    assertEquals(30, cal.length);
    assertEquals(50, eval.length);
    assertEquals(30, set(cal).size());
    assertTrue(set(cal).stream().noneMatch(set(eval)::contains), "disjoint");
    assertFalse(s.overlap());
    assertEquals(0, s.overlapRows());
    int[] sorted = eval.clone();
    Arrays.sort(sorted);
    assertArrayEquals(sorted, eval, "rows keep dataset order");
    assertEquals(d.labels()[eval[3]], s.evaluation().labels()[3], "labels travel with their rows");
    assertEquals("d:calibration", s.calibration().name());
  }

  @Test
  void evaluationOfAllRowsOverlapsAndWarns() {
    Dataset d = rows("mnist-test", 100);
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Splits.Split s;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      s = Splits.of(d, 30, d, Splits.ALL_ROWS, 42);
    } finally {
      System.setErr(err);
    }
    assertTrue(s.overlap());
    assertEquals(30, s.overlapRows());
    assertArrayEquals(indices(d), indices(s.evaluation()), "evaluation is every row, in order");
    assertEquals(30, set(indices(s.calibration())).size());
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("WARN") && log.contains("'mnist-test'") && log.contains("30 rows are in both"), log);
  }

  @Test
  void partialOverlapIsCounted() {
    Dataset d = rows("d", 100);
    Splits.Split s = Splits.of(d, 80, d, 50, 3);
    Set<Integer> both = set(indices(s.calibration()));
    both.retainAll(set(indices(s.evaluation())));
    assertEquals(30, s.overlapRows());
    assertEquals(30, both.size(), "overlapRows is the real number of shared rows");
    assertEquals(50, set(indices(s.evaluation())).size(), "no row twice within evaluation");
  }

  @Test
  void twoDatasetsAreDrawnSeparately() {
    Dataset train = rows("train", 200);
    Dataset test = rows("test", 40);
    Splits.Split s = Splits.of(train, 20, test, Splits.ALL_ROWS, 5);
    assertArrayEquals(indices(test), indices(s.evaluation()));
    assertEquals(20, s.calibration().size());
    assertFalse(s.overlap());
    Splits.Split some = Splits.of(train, 20, test, 10, 5);
    assertEquals(10, set(indices(some.evaluation())).size());
    assertTrue(set(indices(some.evaluation())).stream().allMatch(i -> i < 40));
  }

  @Test
  void tooManyRowsIsAnErrorNamingTheDataset() {
    Dataset d = rows("iris", 150);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.of(d, 151, d, 10, 1));
    assertTrue(e.getMessage().contains("'iris'") && e.getMessage().contains("151") && e.getMessage().contains("150"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Splits.of(d, 10, d, 200, 1));
    assertThrows(IllegalArgumentException.class, () -> Splits.of(d, -2, d, 10, 1));
  }

  @Test
  void differentDataUnderOneNameIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Splits.of(rows("d", 100), 10, rows("d", 90), 10, 1));
    assertTrue(e.getMessage().contains("'d'"), e.getMessage());
  }

  @Test
  void zeroCalibrationRowsAndAllEvaluationDoNotOverlap() {
    Dataset d = rows("d", 10);
    Splits.Split s = Splits.of(d, 0, d, Splits.ALL_ROWS, 1);
    assertEquals(0, s.calibration().size());
    assertEquals(10, s.evaluation().size());
    assertFalse(s.overlap());
  }
}
