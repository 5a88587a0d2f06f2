package dev.frontier.transforms.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * Which rows of a named dataset a model uses for one purpose (evaluation or calibration).
 *
 * @param dataset name of a dataset declared in the catalogue
 * @param rows number of rows to draw, or {@link #ALL_ROWS} for every row
 * @param seed seed of the deterministic row selection
 */
public record SubsetSpec(String dataset, int rows, long seed) implements Serializable {
  /** Marker for "every row of the dataset". */
  public static final int ALL_ROWS = -1;
  /** Seed used when the catalogue names none. */
  public static final long DEFAULT_SEED = 42L;

  public SubsetSpec {
    Objects.requireNonNull(dataset, "dataset");
    if (rows < ALL_ROWS) {
      throw new IllegalArgumentException("rows must be positive or 'all', got " + rows);
    }
  }

  public boolean allRows() {
    return rows == ALL_ROWS;
  }
}
