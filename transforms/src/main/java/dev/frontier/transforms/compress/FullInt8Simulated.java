package dev.frontier.transforms.compress;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.model.ModelIr;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

/**
 * The full-integer int8 scheme simulated in float: a graph whose arithmetic is that of the TFLite int8
 * spec (and of the {@link FullInt8Kernels} artifact), for measuring accuracy with ordinary float kernels.
 *
 * <p>Per quantized layer ({@link Int8Plan}, shared with the kernel artifact so that both quantize the same
 * layers the same way):
 * <ul>
 *   <li>input 0 goes through {@code <layer>/int8/input} = {@code FakeQuantWithMinMaxVars} with the
 *       calibrated range widened to include 0 ({@code <layer>/int8/input_min}, {@code .../input_max}); the
 *       op nudges it so that 0 is a level, exactly as {@link ActivationGrid} computes, with the layer's grid's
 *       bits: {@link FullInt8Kernels#ACTIVATION_BITS} where the input comes from float,
 *       {@link FullInt8Kernels#HANDED_ON_ACTIVATION_BITS} where the artifact hands it levels from another
 *       quantized layer ("simulate what you run");
 *   <li>the weight Const (same name) holds the dequantized int8 weight {@code level · s_w}, per tensor or
 *       per output channel ({@link SymmetricQuantizer}, bit-exact with TF's QuantizeV2), levels within ±127, or
 *       ±63 for a layer with 8-bit input levels;
 *   <li>the bias Const of the following BiasAdd / Add (same name) holds {@code B · (s_in · s_w)} with
 *       {@code B = round(b / (s_in · s_w))}: the int32 bias, in float exactly.
 * </ul>
 * Layer outputs are not quantized separately: each quantized tensor is a layer's input, which for
 * conv/dense → bias → ReLU → next layer equals TFLite's fused-activation output quantization; the model's
 * final logits stay float. Layers the plan keeps float are left untouched.
 */
public final class FullInt8Simulated {
  private FullInt8Simulated() {}

  /** The simulated graph of {@code ir}, every layer that has an integer kernel quantized. */
  public static ModelIr simulate(ModelIr ir, ActivationRanges ranges, Granularity granularity) {
    return simulate(ir, ranges, granularity, List.of());
  }

  /**
   * The simulated graph, keeping the layers named in {@code keepFloat} in float (e.g. the most sensitive).
   *
   * @throws IllegalArgumentException when a quantized layer's input has no calibrated range or a name in
   *     {@code keepFloat} is not a layer
   */
  public static ModelIr simulate(ModelIr ir, ActivationRanges ranges, Granularity granularity,
      Collection<String> keepFloat) {
    return simulate(ir, Int8Plan.of(ir, ranges, granularity, FullInt8Kernels.ACTIVATION_BITS, keepFloat));
  }

  static ModelIr simulate(ModelIr ir, Int8Plan plan) {
    Map<String, List<NodeDef>> replacements = new LinkedHashMap<>();
    for (Int8Layer l : plan.integerLayers()) {
      List<NodeDef> nodes = new ArrayList<>(inputFakeQuant(l));
      nodes.add(l.node().toBuilder().setInput(0, quantizedInput(l)).build());
      replacements.put(l.name(), nodes);
      replacements.put(l.weight().nodeName(), List.of(
          GraphNodes.floatConstant(l.weight().nodeName(), l.weight().shape(), l.weights().dequantize())));
      if (l.bias() != null) {
        replacements.put(l.bias().constNode(), List.of(
            GraphNodes.floatConstant(l.bias().constNode(), l.bias().shape(), l.simulatedBias())));
      }
    }
    for (Int8Handoffs.Handoff h : Int8Handoffs.of(ir, plan).byFrom().values()) {
      List<NodeDef> between = new ArrayList<>(h.path());
      if (h.join() != null && h.join().owner().equals(h.from().name())) {
        between.addAll(h.join().after()); // shared by the joined branches: once, as the artifact writes it
      }
      for (NodeDef n : between) {
        if ("AvgPool".equals(n.getOp())) {
          replacements.put(n.getName(), averageOnGrid(n, h.to().input()));
        }
      }
    }
    return LayerWeights.replace(ir, replacements);
  }

  /**
   * What the integer artifact does at an average pool between two quantized layers, in float: round the input to
   * the receiving layer's grid {@code g}, average the levels, round ties to even (TF's {@code Round}, as
   * {@code QuantizedAvgPool} does), back to values. The levels are small integers, so the float sums are exact and
   * an average can only reach .5 exactly; the node keeps {@code avgPool}'s name.
   */
  private static List<NodeDef> averageOnGrid(NodeDef avgPool, ActivationGrid g) {
    String p = avgPool.getName() + "/int8/";
    return List.of(
        GraphNodes.floatConstant(p + "grid_min", new long[0], g.min()),
        GraphNodes.floatConstant(p + "grid_max", new long[0], g.max()),
        QuantizedNodes.fakeQuant(p + "on_grid", avgPool.getInput(0), p + "grid_min", p + "grid_max", g.bits()),
        GraphNodes.floatConstant(p + "inverse_scale", new long[0], 1f / g.scale()),
        GraphNodes.binary("Mul", p + "scaled", p + "on_grid", p + "inverse_scale", DataType.DT_FLOAT),
        GraphNodes.unary("Round", p + "levels", p + "scaled", DataType.DT_FLOAT),
        avgPool.toBuilder().setName(p + "pooled").setInput(0, p + "levels").build(),
        GraphNodes.unary("Round", p + "pooled_levels", p + "pooled", DataType.DT_FLOAT),
        GraphNodes.floatConstant(p + "scale", new long[0], g.scale()),
        GraphNodes.binary("Mul", avgPool.getName(), p + "pooled_levels", p + "scale", DataType.DT_FLOAT));
  }

  /** Name of the FakeQuant node that quantizes {@code l}'s input (the same in both graphs). */
  static String quantizedInput(Int8Layer l) {
    return l.name() + "/int8/input";
  }

  /** The input's range Consts and its FakeQuant node: how both graphs quantize a layer's input. */
  static List<NodeDef> inputFakeQuant(Int8Layer l) {
    String p = quantizedInput(l);
    ActivationGrid g = l.input();
    return List.of(
        GraphNodes.floatConstant(p + "_min", new long[0], g.min()),
        GraphNodes.floatConstant(p + "_max", new long[0], g.max()),
        QuantizedNodes.fakeQuant(p, l.node().getInput(0), p + "_min", p + "_max", g.bits()));
  }
}
