package dev.frontier.transforms.compress;

import java.util.Arrays;

/**
 * A layer weight seen as a row-major [rows, channels] matrix whose columns are the output channels and whose
 * rows run along the input axis, which is what the TFLite per-channel axis means for each layer kind:
 * Dense kernel [in, out] → [in, out]; Conv2D filter [h, w, in, out] → [h·w·in, out]; depthwise filter
 * [h, w, in, mult] → [h·w, in·mult]. The reshapes are free: they are just views of the row-major data.
 *
 * @param rows values per channel (the input axis, flattened)
 * @param channels output channels (in·mult for depthwise)
 * @param channelShape the shape of one value per channel that broadcasts against the weight: [out], or
 *     [in, mult] for depthwise
 */
record WeightLayout(int rows, int channels, long[] channelShape) {

  /**
   * The layout of {@code w} for {@code method}'s per-channel or group-wise scales.
   *
   * @throws IllegalArgumentException for a MatMul reading its weight transposed or a weight of the wrong
   *     rank for its op
   */
  static WeightLayout of(String method, LayerWeights.Weight w) {
    if (w.transposed()) {
      throw new IllegalArgumentException(method + ": layer '" + w.layerNames().get(0)
          + "' reads its weight transposed (transpose_b), which per-channel and group-wise scales do not support");
    }
    return of(method, w.layerNames().get(0), w.op(), w.shape());
  }

  /** The layout of a weight of shape {@code s} read by {@code layer}, a node of op {@code op}. */
  static WeightLayout of(String method, String layer, String op, long[] s) {
    int rank = "MatMul".equals(op) ? 2 : 4;
    if (s.length != rank) {
      throw new IllegalArgumentException(method + ": layer '" + layer + "' (" + op
          + ") has weight shape " + Arrays.toString(s) + ", expected rank " + rank);
    }
    switch (op) {
      case "MatMul":
        return new WeightLayout(Math.toIntExact(s[0]), Math.toIntExact(s[1]), new long[] {s[1]});
      case "Conv2D":
        return new WeightLayout(Math.toIntExact(s[0] * s[1] * s[2]), Math.toIntExact(s[3]), new long[] {s[3]});
      case "DepthwiseConv2dNative":
        return new WeightLayout(Math.toIntExact(s[0] * s[1]), Math.toIntExact(s[2] * s[3]), new long[] {s[2], s[3]});
      default:
        throw new IllegalArgumentException(method + ": unsupported layer op " + op);
    }
  }

  /** One scale per output channel. */
  SymmetricQuantizer.Blocks perChannel() {
    return SymmetricQuantizer.Blocks.perChannel(rows, channels);
  }

  /** One scale per {@code groupSize} consecutive rows of each channel. */
  SymmetricQuantizer.Blocks groups(int groupSize) {
    return new SymmetricQuantizer.Blocks(rows, channels, groupSize);
  }
}
