package dev.frontier.transforms.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.tensorflow.proto.DataType;

/**
 * One signature input or output: its signature key, the graph tensor it names, dtype and shape.
 *
 * <p>Shape uses -1 for an unknown dimension (the batch dimension, usually); {@code null} shape means
 * unknown rank. Immutable: the shape array is copied in and out.
 */
public final class TensorSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String tensorName;
  private final DataType dataType;
  private final long[] shape;

  public TensorSpec(String key, String tensorName, DataType dataType, long[] shape) {
    this.key = Objects.requireNonNull(key, "key");
    this.tensorName = TensorNames.withIndex(Objects.requireNonNull(tensorName, "tensorName"));
    this.dataType = Objects.requireNonNull(dataType, "dataType");
    this.shape = shape == null ? null : shape.clone();
  }

  /** The signature key, e.g. {@code flatten_input}. */
  public String key() { return key; }

  /** The graph tensor, always {@code node:index}, e.g. {@code serving_default_flatten_input:0}. */
  public String tensorName() { return tensorName; }

  /** The graph node producing the tensor. */
  public String nodeName() { return TensorNames.nodeName(tensorName); }

  public DataType dataType() { return dataType; }

  /** Dimensions, -1 where unknown; null when the rank is unknown. */
  public long[] shape() { return shape == null ? null : shape.clone(); }

  public boolean hasKnownRank() { return shape != null; }

  /**
   * Number of values one example (row) holds: the product of the non-batch dimensions, or -1 when the
   * rank or any non-batch dimension is unknown.
   */
  public long valuesPerRow() {
    if (shape == null || shape.length == 0) {
      return shape == null ? -1 : 1;
    }
    long n = 1;
    for (int i = 1; i < shape.length; i++) {
      if (shape[i] < 0) {
        return -1;
      }
      n *= shape[i];
    }
    return n;
  }

  /** Shape as people write it, e.g. {@code [-1, 28, 28]}. */
  public String shapeString() {
    return shape == null ? "<unknown rank>" : Arrays.toString(shape);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TensorSpec)) {
      return false;
    }
    TensorSpec t = (TensorSpec) o;
    return key.equals(t.key) && tensorName.equals(t.tensorName) && dataType == t.dataType
        && Arrays.equals(shape, t.shape);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, tensorName, dataType, Arrays.hashCode(shape));
  }

  @Override
  public String toString() {
    return key + "=" + tensorName + " " + dataType + " " + shapeString();
  }
}
