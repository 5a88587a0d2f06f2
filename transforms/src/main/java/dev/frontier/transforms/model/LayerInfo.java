package dev.frontier.transforms.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A compressible layer of the IR: a MatMul, Conv2D or DepthwiseConv2dNative node whose weight input is
 * a Const node. Compression methods rewrite that Const.
 *
 * @see LayerFinder
 */
public final class LayerInfo implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String op;
  private final String weightNodeName;
  private final long[] weightShape;
  private final long params;

  public LayerInfo(String name, String op, String weightNodeName, long[] weightShape, long params) {
    this.name = Objects.requireNonNull(name, "name");
    this.op = Objects.requireNonNull(op, "op");
    this.weightNodeName = Objects.requireNonNull(weightNodeName, "weightNodeName");
    this.weightShape = weightShape.clone();
    this.params = params;
  }

  /** The MatMul / conv node's name. */
  public String name() { return name; }

  /** {@code MatMul}, {@code Conv2D} or {@code DepthwiseConv2dNative}. */
  public String op() { return op; }

  /** The Const node holding the weight (input 1 of the layer node). */
  public String weightNodeName() { return weightNodeName; }

  /**
   * Weight dimensions as stored in the Const: [in, out] for MatMul ([out, in] when the MatMul has
   * transpose_b), [h, w, in, out] for Conv2D, [h, w, in, multiplier] for DepthwiseConv2dNative.
   */
  public long[] weightShape() { return weightShape.clone(); }

  /** Number of weight elements (bias not included). */
  public long params() { return params; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof LayerInfo)) {
      return false;
    }
    LayerInfo l = (LayerInfo) o;
    return name.equals(l.name) && op.equals(l.op) && weightNodeName.equals(l.weightNodeName)
        && Arrays.equals(weightShape, l.weightShape) && params == l.params;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, op, weightNodeName, Arrays.hashCode(weightShape), params);
  }

  @Override
  public String toString() {
    return op + " " + name + " weight " + weightNodeName + Arrays.toString(weightShape);
  }
}
