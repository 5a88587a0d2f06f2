package dev.frontier.transforms.data;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws the calibration rows and the evaluation rows of a model, deterministically from a seed, so every
 * worker and every re-run measures on the same rows.
 *
 * <p>When both come from one dataset (same name) the rows are kept apart: calibration takes the first rows
 * of a seeded permutation and evaluation the following ones. If the counts asked for cannot be disjoint
 * (typically evaluation = all rows), evaluation takes every remaining row and then re-uses calibration rows;
 * the overlap is counted and logged as a WARNING, since accuracy measured on calibration data is optimistic.
 * From two different datasets, each subset is drawn from its own dataset (evaluation with a derived seed).
 * Selected rows keep their dataset order. Asking for more rows than exist is an error.
 */
public final class Splits {
  /** Row count meaning "every row". */
  public static final int ALL_ROWS = -1;
  private static final Logger LOG = LoggerFactory.getLogger(Splits.class);
  /** Mixed into the seed for the evaluation draw from a second dataset, so it is not the calibration draw. */
  private static final long EVALUATION_SEED_SALT = 0x9E3779B97F4A7C15L;

  private Splits() {}

  /** Calibration and evaluation subsets and how much they overlap. */
  public static final class Split {
    private final Dataset calibration;
    private final Dataset evaluation;
    private final int overlapRows;

    private Split(Dataset calibration, Dataset evaluation, int overlapRows) {
      this.calibration = calibration;
      this.evaluation = evaluation;
      this.overlapRows = overlapRows;
    }

    public Dataset calibration() { return calibration; }

    public Dataset evaluation() { return evaluation; }

    /** True when some rows are in both subsets. */
    public boolean overlap() { return overlapRows > 0; }

    /** Number of rows in both subsets. */
    public int overlapRows() { return overlapRows; }
  }

  /**
   * @param calibrationRows rows to draw for calibration, or {@link #ALL_ROWS}
   * @param evaluationRows rows to draw for evaluation, or {@link #ALL_ROWS}
   * @throws IllegalArgumentException if a count is below {@link #ALL_ROWS} or above the dataset's size, or if
   *     two different datasets share a name
   */
  public static Split of(Dataset calibrationDataset, int calibrationRows, Dataset evaluationDataset,
      int evaluationRows, long seed) {
    int c = count(calibrationDataset, calibrationRows, "calibration");
    int e = count(evaluationDataset, evaluationRows, "evaluation");
    String name = calibrationDataset.name();
    if (!name.equals(evaluationDataset.name())) {
      int[] cal = take(permutation(calibrationDataset.size(), seed), 0, c);
      int[] eval = e == evaluationDataset.size() ? identity(e)
          : take(permutation(evaluationDataset.size(), seed ^ EVALUATION_SEED_SALT), 0, e);
      return split(calibrationDataset, cal, evaluationDataset, eval, 0);
    }
    int n = calibrationDataset.size();
    if (evaluationDataset.size() != n || !Arrays.equals(calibrationDataset.labels(), evaluationDataset.labels())) {
      throw new IllegalArgumentException("two different datasets are named '" + name + "' (" + n + " and "
          + evaluationDataset.size() + " rows, or different labels)");
    }
    int[] order = permutation(n, seed);
    int overlap = Math.max(0, c + e - n);
    int[] eval = new int[e];
    System.arraycopy(order, c, eval, 0, e - overlap);
    System.arraycopy(order, 0, eval, e - overlap, overlap);
    if (overlap > 0) {
      LOG.warn("dataset '{}': calibration ({} rows) and evaluation ({} rows) cannot be disjoint in {} rows; "
          + "{} rows are in both, so accuracy is measured partly on calibration data", name, c, e, n, overlap);
    }
    return split(calibrationDataset, take(order, 0, c), evaluationDataset, eval, overlap);
  }

  private static Split split(Dataset calibration, int[] calibrationIndices, Dataset evaluation,
      int[] evaluationIndices, int overlap) {
    Arrays.sort(calibrationIndices);
    Arrays.sort(evaluationIndices);
    return new Split(calibration.select(calibration.name() + ":calibration", calibrationIndices),
        evaluation.select(evaluation.name() + ":evaluation", evaluationIndices), overlap);
  }

  private static int count(Dataset dataset, int rows, String purpose) {
    if (rows == ALL_ROWS) {
      return dataset.size();
    }
    if (rows < 0 || rows > dataset.size()) {
      throw new IllegalArgumentException("dataset '" + dataset.name() + "': " + rows + " " + purpose
          + " rows asked for, it has " + dataset.size());
    }
    return rows;
  }

  /** A Fisher–Yates shuffle of 0..n-1 driven by {@link Random}, whose sequence Java specifies for a seed. */
  static int[] permutation(int n, long seed) {
    int[] p = identity(n);
    Random random = new Random(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /**
   * Shuffles {@code order} in place, Fisher–Yates driven by {@code random}: the row order of training epochs and
   * of a seeded training subset, the same for the same generator state.
   */
  public static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    Arrays.setAll(p, i -> i);
    return p;
  }

  private static int[] take(int[] order, int from, int count) {
    return Arrays.copyOfRange(order, from, from + count);
  }
}
