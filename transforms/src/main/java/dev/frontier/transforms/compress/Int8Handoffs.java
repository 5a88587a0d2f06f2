package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;

/**
 * Where the integer artifact hands one quantized layer's output to the next quantized layer as integer
 * levels, never converting it to float in between, and why every other quantized layer's output is
 * converted back to float.
 *
 * <p>A handoff is the pattern {@code from (Conv2D or depthwise) → [bias] → Relu → (MaxPool | MaxPoolV2 | Reshape)* → to}, each
 * tensor read only by the next node and no graph output. In the simulated graph that path ends in
 * {@code to}'s input FakeQuant; with the input's range starting at 0 (it follows a ReLU, so the zero-point is
 * 0) that FakeQuant equals rounding {@code from}'s biased output to {@code to}'s grid and clamping it to
 * [0, 2^bits − 1] — which is exactly what a requantizing integer convolution with frozen output range
 * computes: the receiving layer has 8-bit levels ({@link Int8Plan}), so the kernel's quint8 saturation is that
 * clamp. Max pooling and reshapes commute with that rounding (it is monotone), so
 * they run on the levels. Hence the artifact may skip the float round trip without changing a single level
 * except at exact rounding ties.
 *
 * @param byFrom the handoffs, keyed by the name of the layer that hands its output on
 * @param dequantized quantized layer name → why its output is converted back to float, in graph order
 */
record Int8Handoffs(Map<String, Handoff> byFrom, Map<String, String> dequantized) {
  /** Ops that run on integer levels between two quantized layers. */
  static final Set<String> LEVEL_OPS = Set.of("MaxPool", "MaxPoolV2", "Reshape");

  /**
   * One quantized layer's output reaching the next one's input as levels.
   *
   * @param from the layer whose requantizing kernel produces the levels
   * @param to the layer that reads them as its quantized input
   * @param relu the Relu node between them (folded into {@code from}'s kernel)
   * @param path the nodes between the Relu and {@code to}, in order: Reshapes as they are, max pools as
   *     {@code MaxPool} nodes with their window in attributes (a MaxPoolV2's window Consts read)
   */
  record Handoff(Int8Layer from, Int8Layer to, NodeDef relu, List<NodeDef> path) {
    Handoff {
      path = List.copyOf(path);
    }
  }

  Int8Handoffs {
    byFrom = Collections.unmodifiableMap(new LinkedHashMap<>(byFrom));
    dequantized = Collections.unmodifiableMap(new LinkedHashMap<>(dequantized));
  }

  /** The handoffs of {@code plan}'s integer layers in {@code ir}. */
  static Int8Handoffs of(ModelIr ir, Int8Plan plan) {
    GraphIndex graph = new GraphIndex(ir);
    Map<String, Int8Layer> integer = new LinkedHashMap<>();
    plan.integerLayers().forEach(l -> integer.put(l.name(), l));
    Map<String, Handoff> handoffs = new LinkedHashMap<>();
    Map<String, String> dequantized = new LinkedHashMap<>();
    for (Int8Layer l : plan.integerLayers()) {
      Handoff h = follow(l, graph, integer, dequantized);
      if (h != null) {
        handoffs.put(l.name(), h);
      }
    }
    return new Int8Handoffs(handoffs, dequantized);
  }

  /** The layers that receive their input as levels from another quantized layer. */
  Set<String> receivers() {
    Set<String> out = new LinkedHashSet<>();
    byFrom.values().forEach(h -> out.add(h.to().name()));
    return out;
  }

  /** {@code l}'s handoff, or null with the reason its output goes back to float put in {@code whyNot}. */
  private static Handoff follow(Int8Layer l, GraphIndex graph, Map<String, Int8Layer> integer,
      Map<String, String> whyNot) {
    if ("MatMul".equals(l.node().getOp())) {
      return dequantized(l, "no requantizing integer kernel is used for " + l.node().getOp() + " layers", whyNot);
    }
    String tensor = l.outputName();
    NodeDef relu = soleReader(tensor, graph);
    if (relu == null || !"Relu".equals(relu.getOp())) {
      return dequantized(l, "its output is read by " + readers(tensor, graph) + ", not by one Relu", whyNot);
    }
    List<NodeDef> path = new ArrayList<>();
    NodeDef next = relu;
    while (true) {
      NodeDef reader = soleReader(next.getName(), graph);
      if (reader == null) {
        return dequantized(l, "'" + next.getName() + "' is read by " + readers(next.getName(), graph)
            + ", not by one op", whyNot);
      }
      if (!TensorNames.normalize(reader.getInput(0)).equals(TensorNames.normalize(next.getName()))) {
        return dequantized(l, "'" + next.getName() + "' reaches '" + reader.getName() + "' (" + reader.getOp()
            + ") not as its input 0", whyNot);
      }
      Int8Layer to = integer.get(reader.getName());
      if (to != null) {
        return to.input().zeroPoint() == 0 ? new Handoff(l, to, relu, path)
            : dequantized(l, "the next layer '" + to.name() + "' has input zero-point " + to.input().zeroPoint(),
                whyNot);
      }
      if (!LEVEL_OPS.contains(reader.getOp())) {
        return dequantized(l, "'" + reader.getName() + "' (" + reader.getOp() + ") has no integer kernel here", whyNot);
      }
      NodeDef pool = "Reshape".equals(reader.getOp()) ? reader : maxPoolWithAttributes(reader, graph);
      if (pool == null) {
        return dequantized(l, "'" + reader.getName() + "' (" + reader.getOp()
            + ") is not an NHWC max pool with a constant window", whyNot);
      }
      path.add(pool);
      next = reader;
    }
  }

  /** Records why {@code l}'s output is dequantized; null, for {@link #follow} to return. */
  private static Handoff dequantized(Int8Layer l, String reason, Map<String, String> whyNot) {
    whyNot.put(l.name(), reason);
    return null;
  }

  /** {@code pool} as a {@code MaxPool} node with ksize / strides attributes, or null when not NHWC or not constant. */
  private static NodeDef maxPoolWithAttributes(NodeDef pool, GraphIndex graph) {
    AttrValue format = pool.getAttrOrDefault("data_format", null);
    if (format != null && !"NHWC".equals(format.getS().toStringUtf8())) {
      return null;
    }
    if ("MaxPool".equals(pool.getOp())) {
      return pool;
    }
    NodeDef ksize = graph.node(TensorNames.nodeName(pool.getInput(1)));
    NodeDef strides = graph.node(TensorNames.nodeName(pool.getInput(2)));
    if (ksize == null || strides == null || !ConstTensors.isConst(ksize) || !ConstTensors.isConst(strides)) {
      return null;
    }
    return NodeDef.newBuilder().setName(pool.getName()).setOp("MaxPool").addInput(pool.getInput(0))
        .putAttr("T", pool.getAttrOrThrow("T"))
        .putAttr("ksize", ints(ConstTensors.value(ksize)))
        .putAttr("strides", ints(ConstTensors.value(strides)))
        .putAttr("padding", pool.getAttrOrThrow("padding"))
        .build();
  }

  private static AttrValue ints(org.tensorflow.proto.TensorProto t) {
    AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
    for (int v : ConstTensors.ints(t)) {
      list.addI(v);
    }
    return AttrValue.newBuilder().setList(list).build();
  }

  /** The one node reading output 0 of node {@code name}, or null when there are none, several or an IR output. */
  private static NodeDef soleReader(String name, GraphIndex graph) {
    List<String> readers = graph.referrers(name);
    if (readers.size() != 1 || GraphIndex.IR_OUTPUT.equals(readers.get(0))) {
      return null;
    }
    NodeDef reader = graph.node(readers.get(0));
    long refs = reader.getInputList().stream().filter(i -> TensorNames.nodeName(i).equals(name)).count();
    boolean output0 = reader.getInputList().stream()
        .filter(i -> TensorNames.nodeName(i).equals(name))
        .allMatch(i -> !TensorNames.isControl(i) && TensorNames.outputIndex(i) == 0);
    return refs == 1 && output0 ? reader : null;
  }

  private static String readers(String name, GraphIndex graph) {
    List<String> r = graph.referrers(name);
    return r.isEmpty() ? "nothing" : r.toString();
  }
}
