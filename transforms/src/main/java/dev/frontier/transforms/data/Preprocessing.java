package dev.frontier.transforms.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What to do to a dataset's rows before a model sees them, as an immutable, serializable spec: models differ
 * in the input range they were trained on (raw 0–255 pixels, 0–1, −1–1) and in image layout.
 *
 * <p>Each value becomes {@code (float) (value * scale + offset)}, computed in double so that a scale of
 * {@code 1.0 / 255} gives exactly {@code value / 255f} for raw pixels; with scale 1 and offset 0 values stay
 * raw. {@code rowShape} declares the shape of one row as stored (e.g. [28, 28, 1]); it is checked against
 * the row width. A layout conversion (HWC ↔ CHW) reorders each row's values and needs a 3-d row shape in the
 * source layout; {@link #outputRowShape()} gives the shape after conversion.
 */
public final class Preprocessing implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final double DEFAULT_SCALE = 1.0;
  public static final double DEFAULT_OFFSET = 0.0;
  /** No change: raw values, any row width. */
  public static final Preprocessing NONE = builder().build();

  /** Memory layout of one image row: height, width, channels (TF's default) or channels first. */
  public enum Layout {
    HWC, CHW;

    /** Case-insensitive: "hwc" or "chw". */
    public static Layout parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown layout '" + text + "' (expected hwc or chw)");
      }
    }
  }

  private final double scale;
  private final double offset;
  private final int[] rowShape;
  private final Layout fromLayout;
  private final Layout toLayout;

  private Preprocessing(Builder b) {
    this.scale = b.scale;
    this.offset = b.offset;
    this.rowShape = b.rowShape.clone();
    this.fromLayout = b.fromLayout;
    this.toLayout = b.toLayout;
  }

  public static Builder builder() { return new Builder(); }

  /** A builder starting from this spec's values. */
  public Builder toBuilder() {
    Builder b = builder().scale(scale).offset(offset).rowShape(rowShape);
    return fromLayout == null ? b : b.layout(fromLayout, toLayout);
  }

  public double scale() { return scale; }

  public double offset() { return offset; }

  /** The declared shape of one row as stored; empty when not declared. */
  public int[] rowShape() { return rowShape.clone(); }

  /** Source layout of a conversion, or null when there is none. */
  public Layout fromLayout() { return fromLayout; }

  /** Target layout of a conversion, or null when there is none. */
  public Layout toLayout() { return toLayout; }

  /** Shape of one row after the layout conversion (the declared shape if none; empty if none declared). */
  public int[] outputRowShape() {
    return transposes() ? RowTransposition.outputShape(rowShape, fromLayout) : rowShape.clone();
  }

  /** True when {@link #apply} returns the values unchanged. */
  public boolean isIdentity() {
    return scale == DEFAULT_SCALE && offset == DEFAULT_OFFSET && !transposes();
  }

  /**
   * A new dataset (same name, labels shared) with the rows transformed.
   *
   * @throws IllegalArgumentException if the declared row shape does not match the rows' width
   */
  public Dataset apply(Dataset dataset) {
    checkShape(dataset);
    if (isIdentity()) {
      return new Dataset(dataset.name(), dataset.featureNames(), dataset.features(), dataset.labels());
    }
    int[] source = transposes() ? RowTransposition.sourceIndices(rowShape, fromLayout) : null;
    float[][] in = dataset.features();
    float[][] out = new float[in.length][];
    for (int r = 0; r < in.length; r++) {
      float[] row = new float[in[r].length];
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) (in[r][source == null ? j : source[j]] * scale + offset);
      }
      out[r] = row;
    }
    List<String> names = dataset.featureNames();
    if (source != null && !names.isEmpty()) {
      List<String> moved = new ArrayList<>();
      for (int s : source) {
        moved.add(names.get(s));
      }
      names = moved;
    }
    return new Dataset(dataset.name(), names, out, dataset.labels());
  }

  private void checkShape(Dataset dataset) {
    if (rowShape.length == 0 || dataset.size() == 0) {
      return;
    }
    long values = Arrays.stream(rowShape).asLongStream().reduce(1, (a, b) -> a * b);
    if (values != dataset.rowWidth()) {
      throw new IllegalArgumentException("dataset '" + dataset.name() + "': preprocessing row shape "
          + Arrays.toString(rowShape) + " (" + values + " values) does not match its row shape ["
          + dataset.rowWidth() + "]");
    }
  }

  private boolean transposes() {
    return fromLayout != null && fromLayout != toLayout;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Preprocessing)) {
      return false;
    }
    Preprocessing p = (Preprocessing) o;
    return Double.compare(scale, p.scale) == 0 && Double.compare(offset, p.offset) == 0
        && Arrays.equals(rowShape, p.rowShape) && fromLayout == p.fromLayout && toLayout == p.toLayout;
  }

  @Override
  public int hashCode() {
    return Objects.hash(scale, offset, Arrays.hashCode(rowShape), fromLayout, toLayout);
  }

  @Override
  public String toString() {
    return "Preprocessing{scale=" + scale + ", offset=" + offset + ", rowShape=" + Arrays.toString(rowShape)
        + (fromLayout == null ? "" : ", layout=" + fromLayout + "->" + toLayout) + "}";
  }

  /** Collects the fields; {@link #build()} validates them together, so they can be set in any order. */
  public static final class Builder {
    private double scale = DEFAULT_SCALE;
    private double offset = DEFAULT_OFFSET;
    private int[] rowShape = new int[0];
    private Layout fromLayout;
    private Layout toLayout;

    private Builder() {}

    /** Multiplier for every value, e.g. {@code 1.0 / 255}; finite and not zero. */
    public Builder scale(double scale) {
      this.scale = scale;
      return this;
    }

    /** Added after scaling, e.g. −1 with scale 1/127.5 for inputs in [−1, 1]. */
    public Builder offset(double offset) {
      this.offset = offset;
      return this;
    }

    /** Shape of one row as stored, e.g. {28, 28, 1}; empty for "not declared". */
    public Builder rowShape(int... rowShape) {
      this.rowShape = rowShape.clone();
      return this;
    }

    /** Reorder each row from one layout to the other; needs a 3-d {@link #rowShape} in layout {@code from}. */
    public Builder layout(Layout from, Layout to) {
      this.fromLayout = Objects.requireNonNull(from, "from");
      this.toLayout = Objects.requireNonNull(to, "to");
      return this;
    }

    /** @throws IllegalArgumentException naming the field that is wrong */
    public Preprocessing build() {
      if (!Double.isFinite(scale) || scale == 0) {
        throw new IllegalArgumentException("preprocessing.scale must be finite and not 0, got " + scale);
      }
      if (!Double.isFinite(offset)) {
        throw new IllegalArgumentException("preprocessing.offset must be finite, got " + offset);
      }
      long values = 1;
      for (int d : rowShape) {
        values *= d;
        if (d <= 0 || values > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("preprocessing.rowShape " + Arrays.toString(rowShape)
              + " must have positive dimensions and fewer than 2^31 values");
        }
      }
      if (fromLayout != null && rowShape.length != 3) {
        throw new IllegalArgumentException("preprocessing.layout " + fromLayout + "->" + toLayout
            + " needs a 3-d rowShape in " + fromLayout + " order, got " + Arrays.toString(rowShape));
      }
      return new Preprocessing(this);
    }
  }
}
