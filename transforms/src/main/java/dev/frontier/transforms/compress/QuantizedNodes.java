package dev.frontier.transforms.compress;

import com.google.protobuf.ByteString;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

/**
 * NodeDef builders for the quantization ops of the full-integer scheme, with exactly the inputs and
 * attributes their OpDefs ({@code TensorFlow.registeredOpList()}) require. TF Java has no tensor classes
 * for qint8 / quint8 / qint32, so these ops exist only as NodeDefs; the graphs convert at their borders.
 */
final class QuantizedNodes {
  private QuantizedNodes() {}

  /** {@code FakeQuantWithMinMaxVars(input, min, max)}: quantize-dequantize on the nudged [min, max] grid. */
  static NodeDef fakeQuant(String name, String input, String min, String max, int bits) {
    return NodeDef.newBuilder().setName(name).setOp("FakeQuantWithMinMaxVars")
        .addInput(input).addInput(min).addInput(max)
        .putAttr("num_bits", AttrValue.newBuilder().setI(bits).build())
        .putAttr("narrow_range", AttrValue.newBuilder().setB(false).build())
        .build();
  }

  /**
   * {@code QuantizeV2(T=quint8, mode=SCALED)} of a non-negative float input: level
   * {@code round(x · 255 / max)}, clamped to [0, 255]; {@code min} must be a Const 0.
   * {@code ensure_minimum_range} is 0 so that small ranges are not widened.
   */
  static NodeDef quantizeToQuint8(String name, String input, String zero, String max) {
    return NodeDef.newBuilder().setName(name).setOp("QuantizeV2")
        .addInput(input).addInput(zero).addInput(max)
        .putAttr("T", type(DataType.DT_QUINT8))
        .putAttr("mode", text("SCALED"))
        .putAttr("round_mode", text("HALF_AWAY_FROM_ZERO"))
        .putAttr("narrow_range", AttrValue.newBuilder().setB(false).build())
        .putAttr("ensure_minimum_range", AttrValue.newBuilder().setF(0f).build())
        .build();
  }

  /**
   * {@code QuantizedMatMulWithBiasAndDequantize}: quint8 [batch, in] × qint8 [in, out] + bias → float. The
   * ranges fix the op's scales: input scale {@code max(|minA|, |maxA|) / 255} (SCALED mode), weight scale
   * {@code max(|minB|, |maxB|) / 127}; the freezed output range is unused for float output.
   */
  static NodeDef matMulWithBiasAndDequantize(String name, String a, String b, String bias, DataType biasType,
      String minA, String maxA, String minB, String maxB) {
    return NodeDef.newBuilder().setName(name).setOp("QuantizedMatMulWithBiasAndDequantize")
        .addInput(a).addInput(b).addInput(bias)
        .addInput(minA).addInput(maxA).addInput(minB).addInput(maxB).addInput(minA).addInput(maxA)
        .putAttr("T1", type(DataType.DT_QUINT8))
        .putAttr("T2", type(DataType.DT_QINT8))
        .putAttr("Tbias", type(biasType))
        .putAttr("Toutput", type(DataType.DT_FLOAT))
        .putAttr("transpose_a", AttrValue.newBuilder().setB(false).build())
        .putAttr("transpose_b", AttrValue.newBuilder().setB(false).build())
        .putAttr("input_quant_mode", text("SCALED"))
        .build();
  }

  /**
   * {@code QuantizedMatMulWithBiasAndReluAndRequantize}: quint8 [batch, in] × qint8 [in, out] + qint32 bias, ReLU,
   * rounded to the quint8 grid of [minOutput, maxOutput] (scale maxOutput / 255). The weight range is one pair of
   * scalars: the kernel has no per-channel form.
   */
  static NodeDef matMulWithBiasAndReluAndRequantize(String name, String a, String b, String bias, String minA,
      String maxA, String minB, String maxB, String minOutput, String maxOutput) {
    return NodeDef.newBuilder().setName(name).setOp("QuantizedMatMulWithBiasAndReluAndRequantize")
        .addInput(a).addInput(b).addInput(bias)
        .addInput(minA).addInput(maxA).addInput(minB).addInput(maxB).addInput(minOutput).addInput(maxOutput)
        .putAttr("T1", type(DataType.DT_QUINT8))
        .putAttr("T2", type(DataType.DT_QINT8))
        .putAttr("Tbias", type(DataType.DT_QINT32))
        .putAttr("Toutput", type(DataType.DT_QUINT8))
        .putAttr("transpose_a", AttrValue.newBuilder().setB(false).build())
        .putAttr("transpose_b", AttrValue.newBuilder().setB(false).build())
        .putAttr("input_quant_mode", text("SCALED"))
        .build();
  }

  /**
   * {@code QuantizedConv2DWithBias} (or {@code QuantizedDepthwiseConv2DWithBias} for a depthwise {@code conv}):
   * quint8 NHWC input ⊛ qint8 [h, w, in, out] (depthwise [h, w, in, 1]) filter + float bias → qint32,
   * strides and padding copied from the float {@code conv}.
   */
  static NodeDef conv2DWithBias(String name, NodeDef conv, String input, String filter, String bias,
      String minInput, String maxInput, String minFilter, String maxFilter) {
    return quantizedConv(name, conv, "WithBias", input, filter, bias, minInput, maxInput, minFilter, maxFilter)
        .putAttr("out_type", type(DataType.DT_QINT32))
        .build();
  }

  /**
   * {@code QuantizedConv2DWithBiasAndReluAndRequantize} (its depthwise form for a depthwise {@code conv}):
   * quint8 NHWC input ⊛ qint8 [h, w, in, out] (depthwise [h, w, in, 1]) filter +
   * qint32 bias, ReLU, rounded to the quint8 grid of [minOutput, maxOutput] (scale maxOutput / 255). The filter
   * range may be one value per output channel; the qint32 bias is added at the scale {@code s_in · s_w} of its
   * channel. Strides and padding copied from the float {@code conv}.
   */
  static NodeDef conv2DWithBiasAndReluAndRequantize(String name, NodeDef conv, String input, String filter,
      String bias, String minInput, String maxInput, String minFilter, String maxFilter, String minOutput,
      String maxOutput) {
    return quantizedConv(name, conv, "WithBiasAndReluAndRequantize", input, filter, bias, minInput, maxInput,
            minFilter, maxFilter)
        .addInput(minOutput).addInput(maxOutput)
        .putAttr("Tbias", type(DataType.DT_QINT32))
        .putAttr("out_type", type(DataType.DT_QUINT8))
        .build();
  }

  /**
   * What the integer convolutions share: the op of the float Conv2D or DepthwiseConv2dNative {@code conv} with the
   * fusion {@code suffix}, its first seven inputs, quint8 × qint8 types, and {@code conv}'s strides and padding.
   */
  private static NodeDef.Builder quantizedConv(String name, NodeDef conv, String suffix, String input, String filter,
      String bias, String minInput, String maxInput, String minFilter, String maxFilter) {
    String op = ("DepthwiseConv2dNative".equals(conv.getOp()) ? "QuantizedDepthwiseConv2D" : "QuantizedConv2D") + suffix;
    return NodeDef.newBuilder().setName(name).setOp(op)
        .addInput(input).addInput(filter).addInput(bias)
        .addInput(minInput).addInput(maxInput).addInput(minFilter).addInput(maxFilter)
        .putAttr("Tinput", type(DataType.DT_QUINT8))
        .putAttr("Tfilter", type(DataType.DT_QINT8))
        .putAttr("strides", conv.getAttrOrThrow("strides"))
        .putAttr("padding", conv.getAttrOrThrow("padding"));
  }

  /**
   * {@code QuantizedAvgPool} of quint8 levels with the window, strides and padding of the float {@code avgPool}:
   * the average of the levels, ties rounded to even; its range is its input's.
   */
  static NodeDef avgPool(String name, NodeDef avgPool, String input, String min, String max) {
    return NodeDef.newBuilder().setName(name).setOp("QuantizedAvgPool")
        .addInput(input).addInput(min).addInput(max)
        .putAttr("T", type(DataType.DT_QUINT8))
        .putAttr("ksize", avgPool.getAttrOrThrow("ksize"))
        .putAttr("strides", avgPool.getAttrOrThrow("strides"))
        .putAttr("padding", avgPool.getAttrOrThrow("padding"))
        .build();
  }

  /** {@code Bitcast} (same element width): the way to read a quantized tensor as a plain integer one. */
  static NodeDef bitcast(String name, String input, DataType from, DataType to) {
    return NodeDef.newBuilder().setName(name).setOp("Bitcast").addInput(input)
        .putAttr("T", type(from))
        .putAttr("type", type(to))
        .build();
  }

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }

  private static AttrValue text(String s) {
    return AttrValue.newBuilder().setS(ByteString.copyFromUtf8(s)).build();
  }
}
