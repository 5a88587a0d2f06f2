package dev.frontier.transforms.calibrate;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Mergeable statistics of the values one tensor took over a calibration set, in memory that does not
 * depend on how many values were seen: exact count, min, max, sum, sum of squares, a count of exact zeros,
 * and two fixed-bin histograms of magnitudes, one per {@link Tail}.
 *
 * <p><b>Histogram.</b> Positive values go to the positive tail, negative values (by magnitude) to the
 * negative tail, exact zeros to neither ({@link #zeroCount()}): a zero is exact in every int8 range that
 * contains 0, so calibration methods need not trade it off. Both tails share {@code bins} bins over
 * [0, R), bin width {@code R / bins}, where R is the smallest power of two strictly greater than the
 * largest magnitude seen so far. When a larger magnitude arrives, R doubles as often as needed and each
 * run of 2<sup>k</sup> old bins is added into one new bin.
 *
 * <p><b>Why this range policy:</b> with {@code bins} a power of two the bin width is a power of two too,
 * so a value's bin {@code floor(|x| · bins / R)} is computed exactly in double, and re-bucketing by
 * doubling loses nothing: {@code floor(floor(x/w) / 2) = floor(x / 2w)}. The final histogram therefore
 * depends only on the multiset of values, not on their order or on how they were split into shards:
 * {@link #merge} of shard statistics equals single-pass statistics exactly, bin by bin. Only {@link #sum}
 * and {@link #sumOfSquares} (doubles) may differ by round-off of the addition order.
 *
 * <p>Mutable (an accumulator): {@link #add} and {@link #merge} change this object; {@link #copy} to keep
 * a snapshot. {@link Serializable} for Beam accumulators; not thread-safe.
 */
public final class TensorStatistics implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Bins per tail: 2048 as TensorRT's entropy calibration uses; 2 × 16 KiB of counts per tensor. */
  public static final int DEFAULT_BINS = 2048;

  /** The two one-sided histograms. */
  public enum Tail {
    /** Values &gt; 0. */
    POSITIVE,
    /** Values &lt; 0, binned by magnitude. */
    NEGATIVE
  }

  private final int bins;
  private final long[] positive;
  private final long[] negative;
  private long count;
  private long zeroCount;
  private float min = Float.POSITIVE_INFINITY;
  private float max = Float.NEGATIVE_INFINITY;
  private double sum;
  private double sumOfSquares;
  /** R = 2^rangeExponent once {@link #hasRange}; before the first non-zero value there is no range. */
  private int rangeExponent;
  private boolean hasRange;

  private TensorStatistics(int bins) {
    this.bins = checkBins(bins);
    this.positive = new long[bins];
    this.negative = new long[bins];
  }

  /**
   * {@code bins} if it is a valid bin count: a power of two ≥ 2, so that re-bucketing is exact.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static int checkBins(int bins) {
    if (bins < 2 || Integer.bitCount(bins) != 1) {
      throw new IllegalArgumentException("histogram bins must be a power of two ≥ 2 (exact re-bucketing), got " + bins);
    }
    return bins;
  }

  /** Statistics of no values, with {@value #DEFAULT_BINS} bins per tail. */
  public static TensorStatistics empty() {
    return new TensorStatistics(DEFAULT_BINS);
  }

  /** Statistics of no values with {@code bins} bins per tail (a power of two ≥ 2). */
  public static TensorStatistics empty(int bins) {
    return new TensorStatistics(bins);
  }

  /**
   * Adds every value.
   *
   * @throws IllegalArgumentException on NaN or infinity (nothing is added then)
   */
  public TensorStatistics add(float... values) {
    return add(values, 0, values.length);
  }

  /**
   * Adds {@code values[from, to)}.
   *
   * @throws IllegalArgumentException on NaN or infinity (nothing is added then)
   */
  public TensorStatistics add(float[] values, int from, int to) {
    float maxAbs = 0;
    for (int i = from; i < to; i++) {
      float v = values[i];
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("non-finite value " + v + " at index " + i
            + "; int8 calibration needs finite activations");
      }
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    coverMagnitude(maxAbs);
    double toBin = hasRange ? Math.scalb((double) bins, -rangeExponent) : 0;
    for (int i = from; i < to; i++) {
      float v = values[i];
      if (v > 0) {
        positive[(int) (v * toBin)]++;
      } else if (v < 0) {
        negative[(int) (-(double) v * toBin)]++;
      } else {
        zeroCount++;
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      sumOfSquares += (double) v * v;
    }
    count += to - from;
    return this;
  }

  /**
   * Adds {@code other}'s values to this (other is unchanged) and returns this.
   *
   * @throws IllegalArgumentException when the bin counts differ
   */
  public TensorStatistics merge(TensorStatistics other) {
    if (other.bins != bins) {
      throw new IllegalArgumentException("cannot merge histograms of " + bins + " and " + other.bins + " bins");
    }
    if (other.hasRange) {
      coverExponent(other.rangeExponent);
      int shift = rangeExponent - other.rangeExponent;
      addShifted(other.positive, positive, shift);
      addShifted(other.negative, negative, shift);
    }
    count += other.count;
    zeroCount += other.zeroCount;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
    sum += other.sum;
    sumOfSquares += other.sumOfSquares;
    return this;
  }

  /** An independent copy. */
  public TensorStatistics copy() {
    return new TensorStatistics(bins).merge(this);
  }

  /** Bins per tail. */
  public int bins() { return bins; }

  /** Values seen (zeros included). */
  public long count() { return count; }

  /** Values exactly 0 (either sign): in no histogram bin. */
  public long zeroCount() { return zeroCount; }

  /** Values in the tail's histogram. */
  public long tailCount(Tail tail) {
    long n = 0;
    for (long c : counts(tail)) {
      n += c;
    }
    return n;
  }

  /** Smallest value seen; +∞ when none. */
  public float min() { return min; }

  /** Largest value seen; −∞ when none. */
  public float max() { return max; }

  public double sum() { return sum; }

  public double sumOfSquares() { return sumOfSquares; }

  /** The histogram's upper end R (a power of two, every magnitude is below it); 0 when no non-zero value was seen. */
  public double rangeLimit() {
    return hasRange ? Math.scalb(1.0, rangeExponent) : 0;
  }

  /** Width of every bin, {@code rangeLimit() / bins()}; bin b holds magnitudes in [b·w, (b+1)·w). */
  public double binWidth() {
    return rangeLimit() / bins;
  }

  /** The tail's bin counts (a copy). */
  public long[] binCounts(Tail tail) {
    return counts(tail).clone();
  }

  private long[] counts(Tail tail) {
    return tail == Tail.POSITIVE ? positive : negative;
  }

  /** Grows R so that {@code magnitude < R}. */
  private void coverMagnitude(float magnitude) {
    if (magnitude > 0) {
      coverExponent(Math.getExponent((double) magnitude) + 1);
    }
  }

  private void coverExponent(int exponent) {
    if (!hasRange) {
      hasRange = true;
      rangeExponent = exponent;
    } else if (exponent > rangeExponent) {
      int shift = exponent - rangeExponent;
      long[] p = positive.clone();
      long[] n = negative.clone();
      Arrays.fill(positive, 0);
      Arrays.fill(negative, 0);
      addShifted(p, positive, shift);
      addShifted(n, negative, shift);
      rangeExponent = exponent;
    }
  }

  /** Adds source bin j into target bin j / 2^shift (the exact re-bucketing of a range 2^shift times wider). */
  private static void addShifted(long[] source, long[] target, int shift) {
    int s = Math.min(shift, Integer.SIZE - 1);
    for (int j = 0; j < source.length; j++) {
      target[j >>> s] += source[j];
    }
  }

  @Override
  public String toString() {
    return "TensorStatistics[count " + count + ", zeros " + zeroCount + ", min " + min + ", max " + max
        + ", R " + rangeLimit() + ", " + bins + " bins]";
  }
}
