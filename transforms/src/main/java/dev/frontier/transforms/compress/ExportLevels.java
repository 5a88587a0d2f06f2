package dev.frontier.transforms.compress;

/**
 * The numbers the compression methods store, for writers of other artifact formats (the .tflite writer):
 * int8 weight levels and scales exactly as {@code int8-weight} and {@code int8} store them, the int32 bias of
 * the TFLite int8 spec, and float16 values as {@code fp16} stores them. Having one source keeps a .tflite
 * file's weights bit-identical to the TensorFlow artifact's.
 */
public final class ExportLevels {
  private ExportLevels() {}

  /**
   * Symmetric int8 levels in [-127, 127] (zero-point 0) and their scales.
   *
   * @param levels one level per weight value, in the weight's own (TensorFlow) row-major order
   * @param scales one scale (per tensor) or one per output channel, in {@link #channels} order
   * @param channels output channels: the last axis of a MatMul [in, out] or Conv2D [h, w, in, out] weight;
   *     in·mult of a depthwise [h, w, in, mult] one (its flattened last two axes)
   */
  public record WeightLevels(byte[] levels, float[] scales, int channels) {}

  /**
   * The int8 levels of the weight {@code values} (shape {@code shape}) of {@code layer}, a node of op
   * {@code op} (MatMul, Conv2D or DepthwiseConv2dNative), at {@code granularity}: what
   * {@link Int8Weights} stores for it.
   */
  public static WeightLevels int8Weight(String layer, String op, long[] shape, float[] values,
      Granularity granularity) {
    WeightLayout layout = WeightLayout.of(Int8Weights.NAME, layer, op, shape);
    SymmetricQuantizer.Blocks blocks = granularity == Granularity.PER_TENSOR
        ? SymmetricQuantizer.Blocks.perTensor(values.length)
        : layout.perChannel();
    SymmetricQuantizer.Quantized q = SymmetricQuantizer.quantize(values, blocks, SymmetricQuantizer.INT8_MAX_LEVEL);
    return new WeightLevels(q.levels(), q.scales(), layout.channels());
  }

  /** The int32 bias {@code round(b / scale)} per value; {@code scales} has one value or one per bias value. */
  public static int[] int32Bias(float[] bias, float[] scales) {
    return Int32Bias.levels(bias, scales);
  }

  /** {@code value} as IEEE float16 bits, rounded as {@link Fp16Weights} stores weights. */
  public static short float16(float value) {
    return HalfFloats.fromFloat(value);
  }
}
