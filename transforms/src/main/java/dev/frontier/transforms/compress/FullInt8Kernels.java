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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

/**
 * The full-integer int8 scheme as a real artifact: the quantized layers run on TF's integer kernels
 * (oneDNN; the JVM needs {@code TF_ENABLE_ONEDNN_OPTS=1}), weights stored as qint8, activations handed
 * from layer to layer as integer levels wherever TF has the kernels, for measuring size and latency. Its
 * outputs equal {@link FullInt8Simulated}'s up to float round-off and exact rounding ties: same plan, same
 * input levels, exact integer accumulation.
 *
 * <p>Where a quantized layer's input comes from float (the model's input, or a float-only op), its levels
 * are made by the very FakeQuant node the simulation uses:
 * <pre>
 *   input → FakeQuantWithMinMaxVars [→ Sub nudged_min when the zero-point z ≠ 0]
 *         → QuantizeV2(quint8, SCALED, max = 255·s_in) = L/int8/levels, the level q_in ∈ [0, 2^bits - 1]
 * </pre>
 * Where it comes from another quantized layer ({@link Int8Handoffs}: conv or depthwise conv → bias → ReLU →
 * max pools and reshapes [→ a channel concat of such branches → max pools and reshapes] → next layer), the first layer's kernel (for depthwise layers its
 * {@code QuantizedDepthwiseConv2D…} form) requantizes straight to the next layer's grid and the
 * levels stay integer all the way:
 * <pre>
 *   L = QuantizedConv2DWithBiasAndReluAndRequantize(q_in, W:qint8, B':qint32, ranges, output max 255·s_next)
 *   Relu node → Bitcast(L, uint8); MaxPool / MaxPoolV2 / Reshape nodes → MaxPool / Reshape on uint8
 *   → Bitcast quint8 = next/int8/levels
 * </pre>
 * The kernel computes {@code round((Σ q_in·q_w + B')·s_in·s_w / s_next)} saturated to [0, 255], which is the
 * receiving layer's grid: a layer fed that way has {@value #HANDED_ON_ACTIVATION_BITS}-bit input levels and
 * weights within ±{@value #HANDED_ON_WEIGHT_MAX_LEVEL} ({@link Int8Plan}), so the saturation is its FakeQuant's
 * clamp and no op runs between the layers but pools and reshapes. Max pooling commutes with the rounding (both are
 * monotone), so the levels equal the simulated graph's FakeQuant of the pooled float values. (A plan whose
 * receiving grids have fewer bits gets a {@code Minimum} clamp to the grid's top level before the Bitcast.)
 *
 * <p>Where the output goes back to float (the logits, a float-only op, MatMul layers), the op is given unit
 * scales (input range [0, 255], filter range ±127) so that it computes the integer accumulator itself,
 * exactly (checked against Java integer arithmetic in the tests; exact while |accumulator| &lt; 2^24), and
 * per-channel weight scales are applied in a final Mul; this sidesteps the kernels' scalar-only MatMul
 * weight range and the qint32 "largest channel's scale" trap:
 * <pre>
 *   MatMul: QuantizedMatMulWithBiasAndDequantize(q_in, W:qint8, B':qint32) → float Σ q_in·q_w + B'
 *   Conv2D: QuantizedConv2DWithBias(q_in, W:qint8, B':float) → qint32 → Bitcast int32 → Cast float
 *           (depthwise: QuantizedDepthwiseConv2DWithBias, likewise)
 *   → Mul by s_in·s_w (scalar, or one per output channel) = the layer's biased output
 * </pre>
 * {@code B' = B - z·Σq_w} is the int32 bias with the zero-point correction folded in (QuantizedConv2DWithBias
 * takes a float bias, so there it is stored as integer-valued floats, exact below 2^24). When the layer's
 * BiasAdd/Add is folded, the layer node {@code L} holds the accumulator (or the requantized levels), the
 * bias Const keeps its name (now the int32 bias) and the add node becomes the Mul (or is removed).
 *
 * <p>Layers the plan keeps float (depthwise with a channel multiplier, transposed MatMul, shared weights, skipLayers, ...) are left
 * untouched and listed in {@link Int8Artifact#floatLayerReasons()}; the quantized layers whose output goes
 * back to float are listed with the reason in {@link Int8Artifact#dequantizedOutputs()}.
 */
public final class FullInt8Kernels {
  /**
   * Activation bits where a layer's input is quantized from float. 8-bit levels with 8-bit weights make oneDNN's
   * u8×s8 kernels wrong on CPUs without VNNI (the pairwise 16-bit multiply-add saturates: measured with
   * {@code ONEDNN_MAX_CPU_ISA=AVX2}, nearly every accumulator off); 7-bit levels ("reduce_range") are exact on
   * every ISA at the same speed.
   */
  public static final int ACTIVATION_BITS = 7;
  /**
   * Activation bits of a layer that reads its levels from another quantized layer ({@link Int8Handoffs}), which
   * then stores its weights within ±{@value #HANDED_ON_WEIGHT_MAX_LEVEL}: 8-bit levels (0..255) times 7-bit
   * weights keep every pairwise 16-bit sum of the non-VNNI kernels below 2^15 (2 · 255 · 63 = 32,130), so they
   * are exact too, and the requantizing kernel's quint8 output (saturated at 255) is the next layer's level
   * itself: no clamp runs between the layers.
   */
  public static final int HANDED_ON_ACTIVATION_BITS = 8;
  /** Weight levels of a layer with {@value #HANDED_ON_ACTIVATION_BITS}-bit input levels: [-63, 63]. */
  static final int HANDED_ON_WEIGHT_MAX_LEVEL = 63;
  /** quint8 levels per unit of the SCALED range of QuantizeV2 and the quantized ops: level = x · 255 / max. */
  static final float QUINT8_MAX_LEVEL = 255f;
  /** Input range giving the kernels an input scale of exactly 1 (max / 255). */
  static final float UNIT_INPUT_MAX = 255f;
  /** Filter range giving the kernels a weight scale of exactly 1 (max / 127). */
  static final float UNIT_FILTER_MAX = SymmetricQuantizer.INT8_MAX_LEVEL;

  private static final Logger LOG = LoggerFactory.getLogger(FullInt8Kernels.class);

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
    Int8Handoffs handoffs = Int8Handoffs.of(ir, plan);
    LOG.debug("model '{}': int8 levels handed on by {}; dequantized: {}", ir.modelId(), handoffs.byFrom().keySet(),
        handoffs.dequantized());
    Set<String> receivers = handoffs.receivers();
    Map<String, List<NodeDef>> replacements = new LinkedHashMap<>();
    for (Int8Layer l : plan.integerLayers()) {
      String w = l.weight().nodeName();
      replacements.put(w, List.of(GraphNodes.constant(w, DataType.DT_QINT8, l.weight().shape(), l.weights().levels())));
      List<NodeDef> layerNodes = new ArrayList<>();
      layerNodes.add(GraphNodes.floatConstant(l.name() + "/int8/zero", new long[0], 0f));
      if (!receivers.contains(l.name())) {
        layerNodes.addAll(inputLevels(l));
      }
      Int8Handoffs.Handoff handoff = handoffs.byFrom().get(l.name());
      if (handoff == null) {
        dequantizing(l, layerNodes, replacements);
      } else {
        handingOff(handoff, layerNodes, replacements);
      }
      replacements.put(l.name(), layerNodes);
    }
    return new Int8Artifact(LayerWeights.replace(ir, replacements), plan.floatLayers(), handoffs.dequantized());
  }

  /** FakeQuant as simulated, then its levels as quint8 (shifted by -nudged_min when z ≠ 0): {@code L/int8/levels}. */
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
    nodes.add(GraphNodes.floatConstant(p + "levels_max", new long[0], QUINT8_MAX_LEVEL * g.scale()));
    nodes.add(QuantizedNodes.quantizeToQuint8(levels(l), nonNegative, p + "zero", p + "levels_max"));
    return nodes;
  }

  /** The quint8 levels a quantized layer's kernel reads. */
  private static String levels(Int8Layer l) {
    return l.name() + "/int8/levels";
  }

  /** The layer's biased float output: the exact accumulator times {@code s_in · s_w}. */
  private static void dequantizing(Int8Layer l, List<NodeDef> layerNodes, Map<String, List<NodeDef>> replacements) {
    String bias = l.bias() == null ? l.name() + "/int8/bias" : l.bias().constNode();
    String accumulator = l.bias() == null ? l.name() + "/int8/accumulator" : l.name();
    layerNodes.addAll(accumulator(l, accumulator, bias));
    NodeDef biasNode = "MatMul".equals(l.node().getOp())
        ? int32Bias(bias, l)
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
      nodes.add(QuantizedNodes.matMulWithBiasAndDequantize(accumulator, levels(l), w, bias, DataType.DT_QINT32,
          p + "zero", p + "unit_input_max", p + "unit_filter_min", p + "unit_filter_max"));
    } else {
      nodes.add(QuantizedNodes.conv2DWithBias(p + "conv", l.node(), levels(l), w, bias,
          p + "zero", p + "unit_input_max", p + "unit_filter_min", p + "unit_filter_max"));
      nodes.add(QuantizedNodes.bitcast(p + "int32", p + "conv", DataType.DT_QINT32, DataType.DT_INT32));
      nodes.add(GraphNodes.cast(accumulator, p + "int32", DataType.DT_INT32, DataType.DT_FLOAT));
    }
    return nodes;
  }

  /**
   * The layer's kernel requantizes to the next layer's grid; its bias add disappears, the Relu (fused into
   * the kernel) becomes a Bitcast to uint8, pools, reshapes and a concatenation run on the levels
   * ({@link #onLevels}), and a Bitcast back to quint8 makes the next layer's {@code levels} (after a clamp only
   * when that grid is narrower than quint8). Max pooling runs as {@code MaxPool} on uint8 (Eigen):
   * about 12 µs at batch 1 and 60 µs at batch 32 for a 28×28×32 map here, where oneDNN's QuantizedMaxPool
   * took 160 / 380 µs.
   */
  private static void handingOff(Int8Handoffs.Handoff h, List<NodeDef> layerNodes,
      Map<String, List<NodeDef>> replacements) {
    Int8Layer l = h.from();
    String p = l.name() + "/int8/";
    String bias = l.bias() == null ? p + "bias" : l.bias().constNode();
    NodeDef biasNode = int32Bias(bias, l);
    float[] filterMax = new float[l.weights().scales().length];
    float[] filterMin = new float[filterMax.length];
    for (int c = 0; c < filterMax.length; c++) {
      filterMax[c] = UNIT_FILTER_MAX * l.weights().scales()[c];
      filterMin[c] = -filterMax[c];
    }
    long[] rangeShape = filterMax.length == 1 ? new long[0] : new long[] {filterMax.length};
    layerNodes.add(GraphNodes.floatConstant(p + "input_levels_max", new long[0], QUINT8_MAX_LEVEL * l.input().scale()));
    layerNodes.add(GraphNodes.floatConstant(p + "filter_min", rangeShape, filterMin));
    layerNodes.add(GraphNodes.floatConstant(p + "filter_max", rangeShape, filterMax));
    layerNodes.add(GraphNodes.floatConstant(p + "output_levels_max", new long[0], QUINT8_MAX_LEVEL * h.to().input().scale()));
    layerNodes.add("MatMul".equals(l.node().getOp())
        ? QuantizedNodes.matMulWithBiasAndReluAndRequantize(l.name(), levels(l), l.weight().nodeName(), bias,
            p + "zero", p + "input_levels_max", p + "filter_min", p + "filter_max", p + "zero", p + "output_levels_max")
        : QuantizedNodes.conv2DWithBiasAndReluAndRequantize(l.name(), l.node(), levels(l), l.weight().nodeName(),
            bias, p + "zero", p + "input_levels_max", p + "filter_min", p + "filter_max", p + "zero",
            p + "output_levels_max"));
    if (l.bias() == null) {
      layerNodes.add(biasNode);
    } else {
      replacements.put(bias, List.of(biasNode));
      replacements.put(l.bias().addNode(), List.of());
    }
    String relu = h.relu().getName();
    replacements.put(relu, new ArrayList<>(List.of(QuantizedNodes.bitcast(relu, l.name(), DataType.DT_QUINT8,
        DataType.DT_UINT8))));
    String tail = onLevels(h.path(), relu, h.to(), replacements);
    if (h.join() != null) {
      if (!h.join().owner().equals(l.name())) {
        return; // the first branch writes the concatenation and what follows it
      }
      replacements.put(h.join().concat().getName(), new ArrayList<>(List.of(h.join().concat())));
      tail = onLevels(h.join().after(), h.join().concat().getName(), h.to(), replacements);
    }
    List<NodeDef> last = replacements.get(tail);
    if (h.to().input().maxLevel() < QUINT8_MAX_LEVEL) {
      // a grid narrower than quint8 (a plan built with fewer bits): clamp to its top level, as its FakeQuant does
      String q = h.to().name() + "/int8/";
      last.add(GraphNodes.uint8Scalar(q + "levels_top", h.to().input().maxLevel()));
      last.add(GraphNodes.binary("Minimum", q + "levels_clamped", tail, q + "levels_top", DataType.DT_UINT8));
      tail = q + "levels_clamped";
    }
    last.add(QuantizedNodes.bitcast(levels(h.to()), tail, DataType.DT_UINT8, DataType.DT_QUINT8));
  }

  /**
   * {@code nodes} (pools and reshapes) rewritten to run on uint8 levels of {@code to}'s grid, each reading the one
   * before ({@code from} first); each replaces the node of its name. Max pools and reshapes run as they are on
   * uint8; an average pool runs as {@code QuantizedAvgPool} on quint8 (Bitcasts around it), which averages levels
   * and rounds ties to even. Returns the last one's name.
   */
  private static String onLevels(List<NodeDef> nodes, String from, Int8Layer to, Map<String, List<NodeDef>> replacements) {
    String tail = from;
    for (NodeDef n : nodes) {
      replacements.put(n.getName(), "AvgPool".equals(n.getOp()) ? averagedLevels(n, tail, to)
          : new ArrayList<>(List.of(n.toBuilder().setInput(0, tail)
              .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_UINT8).build()).build())));
      tail = n.getName();
    }
    return tail;
  }

  /** The nodes that replace {@code avgPool} on uint8 levels read from {@code input}, ending in a node of its name. */
  private static List<NodeDef> averagedLevels(NodeDef avgPool, String input, Int8Layer to) {
    String p = avgPool.getName() + "/int8/";
    return new ArrayList<>(List.of(
        QuantizedNodes.bitcast(p + "levels", input, DataType.DT_UINT8, DataType.DT_QUINT8),
        GraphNodes.floatConstant(p + "min", new long[0], 0f),
        GraphNodes.floatConstant(p + "max", new long[0], QUINT8_MAX_LEVEL * to.input().scale()),
        QuantizedNodes.avgPool(p + "pooled", avgPool, p + "levels", p + "min", p + "max"),
        QuantizedNodes.bitcast(avgPool.getName(), p + "pooled", DataType.DT_QUINT8, DataType.DT_UINT8)));
  }

  /** The qint32 Const {@code name} holding {@code l}'s kernel bias {@code B'}, one value per output channel. */
  private static NodeDef int32Bias(String name, Int8Layer l) {
    return GraphNodes.constant(name, DataType.DT_QINT32, new long[] {l.channels()}, littleEndian(l.kernelBias()));
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
