package dev.frontier.transforms.compress;

import org.tensorflow.proto.NodeDef;

/**
 * One layer the full-integer scheme quantizes, with every number both of its graphs use, computed once
 * (so the simulated graph and the integer artifact cannot drift apart):
 *
 * <ul>
 *   <li>the input activation's grid (levels, scale {@code s_in}, zero-point {@code z});
 *   <li>the weight's int8 levels and scales {@code s_w} (one, or one per output channel);
 *   <li>the accumulator scale {@code s_in · s_w} per channel, as a float32 product;
 *   <li>the int32 bias {@code B = round(b / (s_in · s_w))} (zeros when the layer has no foldable bias).
 * </ul>
 *
 * The layer's output is {@code (Σ (q_in - z) · q_w + B) · s_in · s_w}: exactly the TFLite int8 arithmetic
 * up to float round-off in the final rescale.
 *
 * @param node the layer node as it is in the float graph
 * @param input the grid of the layer's input 0
 * @param weight the float weight as read from the graph
 * @param weights its int8 levels and scales (see {@link Int8Weights#quantize})
 * @param bias the folded bias add, or null
 * @param biasLevels the int32 bias per output channel
 * @param accumulatorScales {@code s_in · s_w}: one value (per-tensor) or one per output channel
 * @param columnSums Σ of the weight levels per output channel (for the zero-point correction)
 */
record Int8Layer(NodeDef node, ActivationGrid input, LayerWeights.Weight weight,
    SymmetricQuantizer.Quantized weights, BiasAdd bias, int[] biasLevels, float[] accumulatorScales,
    long[] columnSums) {

  /** The layer node's name. */
  String name() {
    return node.getName();
  }

  /** The node whose output is the layer's (biased) result: the bias add when folded, else the layer. */
  String outputName() {
    return bias == null ? name() : bias.addNode();
  }

  int channels() {
    return biasLevels.length;
  }

  /** Shape of the scale Const that broadcasts over the output: scalar, or [channels]. */
  long[] scaleShape() {
    return accumulatorScales.length == 1 ? new long[0] : new long[] {channels()};
  }

  /** {@code s_in · s_w} of output channel {@code channel}. */
  float accumulatorScale(int channel) {
    return accumulatorScales[accumulatorScales.length == 1 ? 0 : channel];
  }

  /** The bias as the simulated graph adds it: {@code B · (s_in · s_w)} in float32, on the int32 grid. */
  float[] simulatedBias() {
    float[] out = new float[channels()];
    for (int j = 0; j < out.length; j++) {
      out[j] = biasLevels[j] * accumulatorScale(j);
    }
    return out;
  }

  /**
   * The int32 bias the integer kernel adds to {@code Σ q_in · q_w}: {@code B - z · Σ q_w}, which removes the
   * input zero-point from the accumulator exactly ({@code Σ (q_in - z) q_w = Σ q_in q_w - z Σ q_w}).
   *
   * @throws IllegalArgumentException when it leaves the int32 range
   */
  int[] kernelBias() {
    int[] out = new int[channels()];
    for (int j = 0; j < out.length; j++) {
      long v = biasLevels[j] - (long) input.zeroPoint() * columnSums[j];
      if (v != (int) v) {
        throw new IllegalArgumentException("layer '" + name() + "': int32 bias of channel " + j + " overflows (" + v + ")");
      }
      out[j] = (int) v;
    }
    return out;
  }
}
