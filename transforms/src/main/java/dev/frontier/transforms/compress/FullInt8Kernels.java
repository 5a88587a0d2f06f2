package dev.frontier.transforms.compress;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.model.ModelIr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

/**
 * The full-integer int8 scheme as a real artifact: the quantized layers run on TF's integer kernels
 * (oneDNN; the JVM needs {@code TF_ENABLE_ONEDNN_OPTS=1}), weights stored as qint8, for measuring size and
 * latency. Its outputs equal {@link FullInt8Simulated}'s up to float round-off: same plan, same input
 * levels (produced by the very FakeQuant node the simulation uses), exact integer accumulation.
 *
 * <p>Per quantized layer {@code L} (nodes {@code L/int8/...}):
 * <pre>
 *   input → FakeQuantWithMinMaxVars (as simulated) [→ Sub nudged_min when the zero-point z ≠ 0]
 *         → QuantizeV2(quint8, SCALED, max = 255·s_in): the level q_in ∈ [0, 2^bits - 1] exactly
 *   MatMul: QuantizedMatMulWithBiasAndDequantize(q_in, W:qint8, B':qint32) → float Σ q_in·q_w + B'
 *   Conv2D: QuantizedConv2DWithBias(q_in, W:qint8, B':float) → qint32 → Bitcast int32 → Cast float
 *   → Mul by s_in·s_w (scalar, or one per output channel) = the layer's biased output
 * </pre>
 * The ops are given unit scales (input range [0, 255], filter range ±127), so they compute the integer
 * accumulator itself, exactly (checked against Java integer arithmetic in the tests; exact while
 * |accumulator| &lt; 2^24), and per-channel weight scales are applied in the final Mul: this sidesteps the
 * kernels' scalar-only MatMul weight range and the qint32 "largest channel's scale" trap.
 * {@code B' = B - z·Σq_w} is the int32 bias with the zero-point correction folded in (stored as qint32 for
 * MatMul; QuantizedConv2DWithBias takes a float bias, so there it is stored as integer-valued floats, exact
 * below 2^24). When the layer's
 * BiasAdd/Add is folded, the layer node {@code L} holds the accumulator, the bias Const keeps its name
 * (now the int32 bias) and the add node becomes the Mul; otherwise {@code L} is the Mul.
 *
 * <p>Layers the plan keeps float (depthwise, transposed MatMul, shared weights, skipLayers, ...) are left
 * untouched and listed in {@link Int8Artifact#floatLayerReasons()}.
 */
public final class FullInt8Kernels {
  /**
   * Activation bits of the artifact. 8-bit levels make oneDNN's u8×s8 kernels wrong on CPUs without VNNI
   * (the pairwise 16-bit multiply-add saturates: measured with {@code ONEDNN_MAX_CPU_ISA=AVX2}, nearly
   * every accumulator off); 7-bit levels ("reduce_range") are exact on every ISA at the same speed.
   */
  public static final int ACTIVATION_BITS = 7;
  /** quint8 levels per unit of QuantizeV2's SCALED range: level = x · 255 / max_range. */
  static final float QUINT8_MAX_LEVEL = 255f;
  /** Input range giving the kernels an input scale of exactly 1 (max / 255). */
  static final float UNIT_INPUT_MAX = 255f;
  /** Filter range giving the kernels a weight scale of exactly 1 (max / 127). */
  static final float UNIT_FILTER_MAX = SymmetricQuantizer.INT8_MAX_LEVEL;

  private FullInt8Kernels() {}

  /** The integer artifact of {@code ir}: every layer that has an integer kernel quantized. */
  public static Int8Artifact build(ModelIr ir, ActivationRanges ranges, Granularity granularity) {
    return build(ir, ranges, granularity, List.of());
  }

  /**
   * The integer artifact, keeping the layers named in {@code keepFloat} in float.
   *
   * @throws IllegalArgumentException when a quantized layer's input has no calibrated range or a name in
   *     {@code keepFloat} is not a layer
   */
  public static Int8Artifact build(ModelIr ir, ActivationRanges ranges, Granularity granularity,
      Collection<String> keepFloat) {
    return build(ir, Int8Plan.of(ir, ranges, granularity, ACTIVATION_BITS, keepFloat));
  }

  static Int8Artifact build(ModelIr ir, Int8Plan plan) {
    Map<String, List<NodeDef>> replacements = new LinkedHashMap<>();
    for (Int8Layer l : plan.integerLayers()) {
      String w = l.weight().nodeName();
      replacements.put(w, List.of(GraphNodes.constant(w, DataType.DT_QINT8, l.weight().shape(), l.weights().levels())));
      String bias = l.bias() == null ? l.name() + "/int8/bias" : l.bias().constNode();
      String accumulator = l.bias() == null ? l.name() + "/int8/accumulator" : l.name();
      List<NodeDef> layerNodes = new ArrayList<>(inputLevels(l));
      layerNodes.addAll(accumulator(l, accumulator, bias));
      NodeDef biasNode = "MatMul".equals(l.node().getOp())
          ? GraphNodes.constant(bias, DataType.DT_QINT32, new long[] {l.channels()}, littleEndian(l.kernelBias()))
          : GraphNodes.floatConstant(bias, new long[] {l.channels()}, asFloats(l.kernelBias()));
      String scale = l.name() + "/int8/scale";
      layerNodes.add(GraphNodes.floatConstant(scale, l.scaleShape(), l.accumulatorScales()));
      NodeDef output = GraphNodes.binary("Mul", l.outputName(), accumulator, scale, DataType.DT_FLOAT);
      if (l.bias() == null) {
        layerNodes.add(biasNode);
        layerNodes.add(output);
      } else {
        replacements.put(bias, List.of(biasNode));
        replacements.put(l.bias().addNode(), List.of(output));
      }
      replacements.put(l.name(), layerNodes);
    }
    return new Int8Artifact(LayerWeights.replace(ir, replacements), plan.floatLayers());
  }

  /** FakeQuant as simulated, then its levels as quint8 (shifted by -nudged_min when z ≠ 0). */
  private static List<NodeDef> inputLevels(Int8Layer l) {
    String p = l.name() + "/int8/";
    ActivationGrid g = l.input();
    List<NodeDef> nodes = new ArrayList<>(FullInt8Simulated.inputFakeQuant(l));
    String nonNegative = FullInt8Simulated.quantizedInput(l);
    if (g.zeroPoint() != 0) {
      nodes.add(GraphNodes.floatConstant(p + "input_nudged_min", new long[0], g.nudgedMin()));
      nodes.add(GraphNodes.binary("Sub", p + "input_shifted", nonNegative, p + "input_nudged_min", DataType.DT_FLOAT));
      nonNegative = p + "input_shifted";
    }
    nodes.add(GraphNodes.floatConstant(p + "zero", new long[0], 0f));
    nodes.add(GraphNodes.floatConstant(p + "levels_max", new long[0], QUINT8_MAX_LEVEL * g.scale()));
    nodes.add(QuantizedNodes.quantizeToQuint8(p + "levels", nonNegative, p + "zero", p + "levels_max"));
    return nodes;
  }

  /** The integer op with unit scales, ending in a float node called {@code accumulator}. */
  private static List<NodeDef> accumulator(Int8Layer l, String accumulator, String bias) {
    String p = l.name() + "/int8/";
    String w = l.weight().nodeName();
    List<NodeDef> nodes = new ArrayList<>(List.of(
        GraphNodes.floatConstant(p + "unit_input_max", new long[0], UNIT_INPUT_MAX),
        GraphNodes.floatConstant(p + "unit_filter_min", new long[0], -UNIT_FILTER_MAX),
        GraphNodes.floatConstant(p + "unit_filter_max", new long[0], UNIT_FILTER_MAX)));
    if ("MatMul".equals(l.node().getOp())) {
      nodes.add(QuantizedNodes.matMulWithBiasAndDequantize(accumulator, p + "levels", w, bias, DataType.DT_QINT32,
          p + "zero", p + "unit_input_max", p + "unit_filter_min", p + "unit_filter_max"));
    } else {
      nodes.add(QuantizedNodes.conv2DWithBias(p + "conv", l.node(), p + "levels", w, bias,
          p + "zero", p + "unit_input_max", p + "unit_filter_min", p + "unit_filter_max"));
      nodes.add(QuantizedNodes.bitcast(p + "int32", p + "conv", DataType.DT_QINT32, DataType.DT_INT32));
      nodes.add(GraphNodes.cast(accumulator, p + "int32", DataType.DT_INT32, DataType.DT_FLOAT));
    }
    return nodes;
  }

  private static byte[] littleEndian(int[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putInt(v);
    }
    return b.array();
  }

  private static float[] asFloats(int[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
