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
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

/**
 * Where the integer artifact hands one quantized layer's output to the next quantized layer as integer
 * levels, never converting it to float in between, and why every other quantized layer's output is
 * converted back to float.
 *
 * <p>A handoff is the pattern {@code from (Conv2D, depthwise, or MatMul with per-tensor weights) → [bias] → Relu → (MaxPool | MaxPoolV2 | Reshape)* → to}, each
 * tensor read only by the next node and no graph output; or several such branches meeting in a {@code ConcatV2}
 * whose inputs are all handed-on branches, then {@code (MaxPool | MaxPoolV2 | Reshape)* → to}: every branch is
 * requantized to {@code to}'s grid, and concatenation commutes with the elementwise rounding. An {@code AvgPool} on the
 * way averages levels on {@code to}'s grid and rounds ties to even (TF's {@code QuantizedAvgPool}); the simulated
 * graph rounds to that grid before the pool and rounds the average the same way ({@link FullInt8Simulated}). In the simulated graph that path ends in
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
  static final Set<String> LEVEL_OPS = Set.of("MaxPool", "MaxPoolV2", "AvgPool", "Reshape");

  /**
   * One quantized layer's output reaching the next one's input as levels.
   *
   * @param from the layer whose requantizing kernel produces the levels
   * @param to the layer that reads them as its quantized input
   * @param relu the Relu node between them (folded into {@code from}'s kernel)
   * @param path the nodes after the Relu, up to {@code to} (or up to the join), in order: Reshapes as they are,
   *     max pools as {@code MaxPool} nodes with their window in attributes (a MaxPoolV2's window Consts read)
   * @param join where this branch meets others in a concatenation before {@code to}, or null
   */
  record Handoff(Int8Layer from, Int8Layer to, NodeDef relu, List<NodeDef> path, Join join) {
    Handoff {
      path = List.copyOf(path);
    }
  }

  /**
   * Where the levels of several handing-on layers are concatenated before they reach the next layer. They are all
   * requantized to that layer's grid, so concatenating levels equals rounding the concatenated float values.
   *
   * @param concat the ConcatV2 node
   * @param after the nodes between the concat and the receiving layer, as {@link Handoff#path}
   * @param owner the branch layer that writes the concat and what follows it (the first), so they are written once
   */
  record Join(NodeDef concat, List<NodeDef> after, String owner) {
    Join {
      after = List.copyOf(after);
    }
  }

  /** Where a walk along sole readers ended: at a receiving layer, at a concatenation, or nowhere usable. */
  private record Walk(Int8Layer to, NodeDef concat, List<NodeDef> path, String whyNot) {}

  /** A branch that reached a concatenation, waiting for the others. */
  private record Branch(Int8Layer from, NodeDef relu, List<NodeDef> path, String tail) {}

  Int8Handoffs {
    byFrom = Collections.unmodifiableMap(new LinkedHashMap<>(byFrom));
    dequantized = Collections.unmodifiableMap(new LinkedHashMap<>(dequantized));
  }

  /** The handoffs of {@code plan}'s integer layers in {@code ir}. */
  static Int8Handoffs of(ModelIr ir, Int8Plan plan) {
    GraphIndex graph = new GraphIndex(ir);
    Map<String, Int8Layer> integer = new LinkedHashMap<>();
    plan.integerLayers().forEach(l -> integer.put(l.name(), l));
    Map<String, Handoff> found = new LinkedHashMap<>();
    Map<String, String> whyNot = new LinkedHashMap<>();
    Map<String, List<Branch>> atConcat = new LinkedHashMap<>();
    for (Int8Layer l : plan.integerLayers()) {
      follow(l, graph, integer, found, whyNot, atConcat);
    }
    atConcat.forEach((concat, branches) -> join(graph.node(concat), branches, graph, integer, found, whyNot));
    Map<String, Handoff> handoffs = new LinkedHashMap<>();
    Map<String, String> dequantized = new LinkedHashMap<>();
    for (Int8Layer l : plan.integerLayers()) {
      if (found.containsKey(l.name())) {
        handoffs.put(l.name(), found.get(l.name()));
      } else {
        dequantized.put(l.name(), whyNot.get(l.name()));
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

  /**
   * Follows {@code l}'s output: puts its handoff in {@code found}, or the reason its output goes back to float in
   * {@code whyNot}, or — when it reaches a concatenation — its branch in {@code atConcat}.
   */
  private static void follow(Int8Layer l, GraphIndex graph, Map<String, Int8Layer> integer,
      Map<String, Handoff> found, Map<String, String> whyNot, Map<String, List<Branch>> atConcat) {
    if ("MatMul".equals(l.node().getOp()) && l.weights().scales().length > 1) {
      whyNot.put(l.name(), "per-channel MatMul weights: TF's requantizing MatMul takes one weight range");
      return;
    }
    String tensor = l.outputName();
    NodeDef relu = soleReader(tensor, graph);
    if (relu == null || !"Relu".equals(relu.getOp())) {
      whyNot.put(l.name(), "its output is read by " + readers(tensor, graph) + ", not by one Relu");
      return;
    }
    Walk w = walk(relu, graph, integer, true);
    if (w.whyNot() != null) {
      whyNot.put(l.name(), w.whyNot());
    } else if (w.concat() != null) {
      String tail = w.path().isEmpty() ? relu.getName() : w.path().get(w.path().size() - 1).getName();
      atConcat.computeIfAbsent(w.concat().getName(), k -> new ArrayList<>()).add(new Branch(l, relu, w.path(), tail));
    } else if (zeroPointReason(w.to()) == null) {
      found.put(l.name(), new Handoff(l, w.to(), relu, w.path(), null));
    } else {
      whyNot.put(l.name(), zeroPointReason(w.to()));
    }
  }

  /**
   * The branches meeting at {@code concat}: handoffs through it when every input it concatenates is one of them
   * and its output reaches a quantized layer with zero-point 0 through level ops; otherwise each branch's output
   * goes back to float, with the reason.
   */
  private static void join(NodeDef concat, List<Branch> branches, GraphIndex graph, Map<String, Int8Layer> integer,
      Map<String, Handoff> found, Map<String, String> whyNot) {
    int n = (int) concat.getAttrOrThrow("N").getI();
    List<String> inputs = concat.getInputList().subList(0, n).stream().map(TensorNames::normalize).toList();
    Set<String> tails = new LinkedHashSet<>();
    branches.forEach(b -> tails.add(TensorNames.normalize(b.tail())));
    String reason = null;
    if (!tails.containsAll(inputs) || inputs.size() != tails.size()) {
      reason = "'" + concat.getName() + "' (ConcatV2) joins " + inputs + ", not only handed-on levels";
    }
    Walk w = reason == null ? walk(concat, graph, integer, false) : null;
    if (w != null && w.whyNot() != null) {
      reason = w.whyNot();
    } else if (w != null) {
      reason = zeroPointReason(w.to());
    }
    if (reason != null) {
      for (Branch b : branches) {
        whyNot.put(b.from().name(), reason);
      }
      return;
    }
    NodeDef uint8Concat = concat.toBuilder().putAttr("T", AttrValue.newBuilder().setType(DataType.DT_UINT8).build())
        .build();
    Join join = new Join(uint8Concat, w.path(), branches.get(0).from().name());
    for (Branch b : branches) {
      found.put(b.from().name(), new Handoff(b.from(), w.to(), b.relu(), b.path(), join));
    }
  }

  /** Why levels cannot be handed to {@code to} (its grid's zero is not level 0), or null when they can. */
  private static String zeroPointReason(Int8Layer to) {
    int z = to.input().zeroPoint();
    return z == 0 ? null : "the next layer '" + to.name() + "' has input zero-point " + z;
  }

  /**
   * Walks from {@code start} along sole readers through max and average pools and reshapes (read as their input 0) to a
   * quantized layer, or — when {@code toConcat} — to a ConcatV2; else says why not.
   */
  private static Walk walk(NodeDef start, GraphIndex graph, Map<String, Int8Layer> integer, boolean toConcat) {
    List<NodeDef> path = new ArrayList<>();
    NodeDef next = start;
    while (true) {
      NodeDef reader = soleReader(next.getName(), graph);
      if (reader == null) {
        return new Walk(null, null, path, "'" + next.getName() + "' is read by " + readers(next.getName(), graph)
            + ", not by one op");
      }
      if (toConcat && "ConcatV2".equals(reader.getOp())) {
        return new Walk(null, reader, path, null);
      }
      if (!TensorNames.normalize(reader.getInput(0)).equals(TensorNames.normalize(next.getName()))) {
        return new Walk(null, null, path, "'" + next.getName() + "' reaches '" + reader.getName() + "' ("
            + reader.getOp() + ") not as its input 0");
      }
      Int8Layer to = integer.get(reader.getName());
      if (to != null) {
        return new Walk(to, null, path, null);
      }
      if (!LEVEL_OPS.contains(reader.getOp())) {
        return new Walk(null, null, path, "'" + reader.getName() + "' (" + reader.getOp() + ") has no integer kernel"
            + " here");
      }
      NodeDef pool = "Reshape".equals(reader.getOp()) ? reader
          : "AvgPool".equals(reader.getOp()) ? nhwc(reader) : maxPoolWithAttributes(reader, graph);
      if (pool == null) {
        return new Walk(null, null, path, "'" + reader.getName() + "' (" + reader.getOp()
            + ") is not an NHWC pool with a constant window");
      }
      path.add(pool);
      next = reader;
    }
  }

  /** {@code pool} when it is NHWC, else null. */
  private static NodeDef nhwc(NodeDef pool) {
    AttrValue format = pool.getAttrOrDefault("data_format", null);
    return format == null || "NHWC".equals(format.getS().toStringUtf8()) ? pool : null;
  }

  /** {@code pool} as a {@code MaxPool} node with ksize / strides attributes, or null when not NHWC or not constant. */
  private static NodeDef maxPoolWithAttributes(NodeDef pool, GraphIndex graph) {
    if (nhwc(pool) == null) {
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
