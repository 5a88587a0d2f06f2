package dev.frontier.transforms.measure;

import java.io.Serializable;

/**
 * A candidate's top-1 outcomes on the evaluation rows it has seen so far, paired row by row with the float
 * model's: how many rows it saw, on how many of them float was right, how many of those it got wrong
 * ({@code losses}) and how many of float's wrong rows it got right ({@code gains}), and how many it predicted as
 * float did. Counts only, so tallies of disjoint slices add up exactly.
 *
 * @param rows evaluation rows seen
 * @param floatRight of those, rows the float model classifies correctly
 * @param losses rows float gets right and the candidate wrong
 * @param gains rows float gets wrong and the candidate right
 * @param agreements rows where the candidate predicts float's class
 */
public record PairedTally(int rows, int floatRight, int losses, int gains, int agreements) implements Serializable {
  public static final PairedTally EMPTY = new PairedTally(0, 0, 0, 0, 0);

  public PairedTally {
    if (rows < 0 || floatRight < 0 || floatRight > rows || losses < 0 || losses > floatRight || gains < 0
        || gains > rows - floatRight || agreements < 0 || agreements > rows) {
      throw new IllegalArgumentException("inconsistent tally: rows " + rows + ", float right " + floatRight
          + ", losses " + losses + ", gains " + gains + ", agreements " + agreements);
    }
  }

  /** The tally of rows {@code rowIndices}, where the candidate predicted {@code candidateTop1[i]} for row {@code rowIndices[i]}. */
  public static PairedTally of(int[] rowIndices, int[] candidateTop1, int[] floatTop1, int[] labels) {
    int floatRight = 0;
    int losses = 0;
    int gains = 0;
    int agreements = 0;
    for (int i = 0; i < rowIndices.length; i++) {
      int row = rowIndices[i];
      boolean floatOk = floatTop1[row] == labels[row];
      boolean candidateOk = candidateTop1[i] == labels[row];
      floatRight += floatOk ? 1 : 0;
      losses += floatOk && !candidateOk ? 1 : 0;
      gains += !floatOk && candidateOk ? 1 : 0;
      agreements += candidateTop1[i] == floatTop1[row] ? 1 : 0;
    }
    return new PairedTally(rowIndices.length, floatRight, losses, gains, agreements);
  }

  /** Both tallies together (of disjoint rows). */
  public PairedTally plus(PairedTally other) {
    return new PairedTally(rows + other.rows, floatRight + other.floatRight, losses + other.losses,
        gains + other.gains, agreements + other.agreements);
  }

  /** Rows the candidate classifies correctly. */
  public int correct() {
    return floatRight - losses + gains;
  }

  /** Top-1 accuracy on the rows seen, computed as {@link TopOne#accuracy} computes it. */
  public double accuracy() {
    return (double) correct() / rows;
  }

  /** Share of the rows seen where the candidate predicts float's class. */
  public double agreement() {
    return (double) agreements / rows;
  }
}
