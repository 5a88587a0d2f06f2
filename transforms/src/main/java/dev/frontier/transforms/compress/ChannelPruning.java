package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.LayerInfo;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorNames;
import dev.frontier.transforms.model.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * {@code channels}: structured pruning. Removes whole output channels of Conv2D layers and whole units of
 * MatMul layers, and rewrites what consumes them, so the result is a smaller dense graph: {@code size_bytes}
 * falls without gzip and the arithmetic shrinks with it.
 *
 * <p>A layer is pruned only when the path from it to the next layer is one this method can rewrite exactly:
 * a single chain through {@code BiasAdd} (or {@code Add} of a constant vector), activations with f(0) = 0
 * ({@code Relu}, {@code Relu6}, {@code Tanh}, {@code Elu}, {@code Selu}, {@code LeakyRelu}, {@code Identity}),
 * for Conv2D also {@code MaxPool} (V2) / {@code AvgPool}, depthwise convolutions with channel multiplier 1 (each
 * channel filtered on its own, so the channel's filter slice and bias there go too), a concatenation along the
 * NHWC channel axis (the layer's channels sit at an offset there; every branch that reaches the same next layer
 * is pruned at its own offset, and what follows the concatenation is sliced by all their removals together) and a
 * {@code Reshape} to a constant [-1, N] (the flatten before a dense layer, NHWC: channel fastest), ending in the
 * input of the next MatMul or Conv2D. Removing a channel then gives exactly the outputs of the original graph
 * with that channel's weights and biases zeroed, along the whole path.
 * Anything else — a layer whose output is a model output or feeds two nodes, channels that meet another
 * branch in an elementwise op (residual and squeeze-excitation blocks), a concatenation input whose channel count
 * the graph does not tell, a transposed MatMul, a shared weight — leaves the layer whole, with the reason logged;
 * no layer at all being prunable is an error naming the reasons.
 *
 * <p>Parameters: {@code fraction} (share of channels removed, default {@value MethodParameters#DEFAULT_FRACTION}),
 * {@code scope} ({@code layer}: each prunable layer loses round(fraction·channels), keeping at least one;
 * {@code global}: the channels of smallest mean magnitude over all prunable layers), {@code criterion}
 * ({@code l1} or {@code l2} norm of a channel's weights, default l1) and {@code skipLayers}. Ties go to the
 * lower channel index, so the result is deterministic. Composes with every quantization scheme, which then
 * sees the smaller layers.
 */
public final class ChannelPruning implements CompressionMethod {
  public static final String NAME = "channels";
  private static final Logger LOG = LoggerFactory.getLogger(ChannelPruning.class);
  private static final Set<String> ZERO_PRESERVING = Set.of("Relu", "Relu6", "Tanh", "Elu", "Selu", "LeakyRelu",
      "Identity");
  private static final Set<String> POOLS = Set.of("MaxPool", "MaxPoolV2", "AvgPool");

  @Override
  public String name() { return NAME; }

  @Override
  public Kind kind() { return Kind.PRUNING; }

  @Override
  public Set<MethodParameters.Param> acceptedParams() {
    return EnumSet.of(MethodParameters.Param.FRACTION, MethodParameters.Param.SCOPE,
        MethodParameters.Param.CRITERION, MethodParameters.Param.SKIP_LAYERS);
  }

  /**
   * One prunable layer and what its channels reach: the bias Const (or null), the flatten's shape Const (or
   * null) with the spatial positions per channel it flattens, and the next layer whose input shrinks.
   */
  /** What the walk from a layer found: a {@link Chain} to rewrite, a {@link Whole} layer, or a {@link Place}. */
  private sealed interface Plan permits Chain, Whole, Place {}

  /** The layer keeps all its channels, for {@code reason}. */
  private record Whole(String reason) implements Plan {}

  /** Where a tensor's channels sit in a concatenation: from {@code offset}, among {@code channels}. */
  private record Place(int offset, int channels) implements Plan {}

  private record Chain(LayerInfo layer, int channels, List<String> biases, List<String> depthwise, Reach reach)
      implements Plan {}

  /**
   * Where a layer's channels arrive: after an optional concatenation they sit at {@code offset} among
   * {@code channels} channels, where per-channel constants ({@code biases}, {@code depthwise} filters) may follow,
   * then an optional flatten ({@code reshapeShape}, {@code spatial} positions per channel) and the next layer.
   * Without a concatenation the offset is 0 and the channels are the layer's own.
   */
  private record Reach(int offset, int channels, List<String> biases, List<String> depthwise, String reshapeShape,
      int spatial, LayerInfo next) {}

  @Override
  public ModelIr apply(ModelIr ir, MethodParameters params) {
    params.checkFor(this);
    Graph g = new Graph(ir);
    Set<String> skipped = LayerWeights.checkedSkipList(NAME, ir, params.skipLayers());
    List<Chain> chains = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (LayerInfo layer : ir.layers()) {
      if (skipped.contains(layer.name())) {
        continue;
      }
      Plan planned = g.chainFrom(layer);
      if (planned instanceof Chain c) {
        chains.add(c);
      } else if (planned instanceof Whole whole) {
        reasons.add("'" + layer.name() + "': " + whole.reason());
        LOG.info("{}: model '{}': layer '{}' keeps all its channels: {}", NAME, ir.modelId(), layer.name(),
            whole.reason());
      }
    }
    if (chains.isEmpty()) {
      throw new IllegalArgumentException(NAME + ": model '" + ir.modelId() + "' has no layer whose channels can "
          + "be removed exactly: " + String.join("; ", reasons));
    }
    Map<String, int[]> kept = keptChannels(g, chains, params);
    return rewrite(ir, g, chains, kept);
  }

  /** Layer name → the channels it keeps, ascending. */
  private static Map<String, int[]> keptChannels(Graph g, List<Chain> chains, MethodParameters params) {
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (Chain c : chains) {
      float[] w = g.floats(c.layer().weightNodeName());
      int fanIn = w.length / c.channels();
      double[] s = new double[c.channels()];
      for (int ch = 0; ch < s.length; ch++) {
        double norm = params.criterion().norm(w, ch, c.channels(), fanIn);
        s[ch] = params.scope() == PruningScope.GLOBAL
            ? norm / (params.criterion() == ChannelCriterion.L1 ? fanIn : Math.sqrt(fanIn)) : norm;
      }
      scores.put(c.layer().name(), s);
    }
    Map<String, Set<Integer>> removed = new HashMap<>();
    record Ranked(String layer, int channel, double score) {}
    Comparator<Ranked> order = Comparator.comparingDouble(Ranked::score).thenComparingInt(Ranked::channel);
    if (params.scope() == PruningScope.LAYER) {
      for (Map.Entry<String, double[]> e : scores.entrySet()) {
        List<Ranked> ranked = new ArrayList<>();
        for (int ch = 0; ch < e.getValue().length; ch++) {
          ranked.add(new Ranked(e.getKey(), ch, e.getValue()[ch]));
        }
        ranked.sort(order);
        long remove = Math.min(Math.round(params.fraction() * ranked.size()), ranked.size() - 1);
        Set<Integer> r = new HashSet<>();
        ranked.subList(0, (int) remove).forEach(x -> r.add(x.channel()));
        removed.put(e.getKey(), r);
      }
    } else {
      List<Ranked> all = new ArrayList<>();
      scores.forEach((layer, s) -> {
        for (int ch = 0; ch < s.length; ch++) {
          all.add(new Ranked(layer, ch, s[ch]));
        }
      });
      all.sort(Comparator.comparingDouble(Ranked::score).thenComparing(Ranked::layer)
          .thenComparingInt(Ranked::channel));
      long remove = Math.round(params.fraction() * all.size());
      for (Ranked x : all) {
        if (remove == 0) {
          break;
        }
        Set<Integer> r = removed.computeIfAbsent(x.layer(), k -> new HashSet<>());
        if (r.size() + 1 < scores.get(x.layer()).length) {
          r.add(x.channel());
          remove--;
        }
      }
    }
    Map<String, int[]> kept = new HashMap<>();
    scores.forEach((layer, s) -> {
      Set<Integer> r = removed.getOrDefault(layer, Set.of());
      kept.put(layer, IntStream.range(0, s.length).filter(ch -> !r.contains(ch)).toArray());
    });
    return kept;
  }

  private static ModelIr rewrite(ModelIr ir, Graph g, List<Chain> chains, Map<String, int[]> kept) {
    // Per weight Const: which output channels and which input rows/channels stay.
    Map<String, int[]> outKeep = new HashMap<>();
    Map<String, int[]> inKeep = new HashMap<>();
    Map<String, List<NodeDef>> replacements = new LinkedHashMap<>();
    // Per next layer: the channels removed where it reads them (branches of a concatenation share one next layer).
    Map<String, Set<Integer>> removedAtNext = new LinkedHashMap<>();
    Map<String, Reach> reaches = new LinkedHashMap<>();
    for (Chain c : chains) {
      int[] keep = kept.get(c.layer().name());
      outKeep.put(c.layer().weightNodeName(), keep);
      c.biases().forEach(bias -> replacements.put(bias, List.of(sliced(g, bias, keep))));
      for (String filter : c.depthwise()) {
        inKeep.put(filter, keep); // [h, w, channels, 1]: the channel axis is the one before last
      }
      Set<Integer> removed = removedAtNext.computeIfAbsent(c.reach().next().name(), k -> new HashSet<>());
      Set<Integer> kept1 = new HashSet<>();
      for (int ch : keep) {
        kept1.add(ch);
      }
      for (int ch = 0; ch < c.channels(); ch++) {
        if (!kept1.contains(ch)) {
          removed.add(c.reach().offset() + ch);
        }
      }
      reaches.put(c.reach().next().name(), c.reach());
    }
    for (Map.Entry<String, Reach> e : reaches.entrySet()) {
      Reach r = e.getValue();
      Set<Integer> removed = removedAtNext.get(e.getKey());
      int[] keep = IntStream.range(0, r.channels()).filter(ch -> !removed.contains(ch)).toArray();
      r.biases().forEach(bias -> replacements.put(bias, List.of(sliced(g, bias, keep))));
      for (String filter : r.depthwise()) {
        inKeep.put(filter, keep);
      }
      int[] rows = new int[r.spatial() * keep.length];
      for (int s = 0; s < r.spatial(); s++) {
        for (int j = 0; j < keep.length; j++) {
          rows[s * keep.length + j] = s * r.channels() + keep[j];
        }
      }
      inKeep.put(r.next().weightNodeName(), rows);
      if (r.reshapeShape() != null) {
        long features = (long) r.spatial() * keep.length;
        replacements.put(r.reshapeShape(), List.of(g.isInt64(r.reshapeShape())
            ? GraphNodes.int64Vector(r.reshapeShape(), -1, features)
            : GraphNodes.int32Vector(r.reshapeShape(), -1, features)));
      }
    }
    Set<String> weights = new HashSet<>(outKeep.keySet());
    weights.addAll(inKeep.keySet());
    for (String weight : weights) {
      long[] shape = g.shape(weight);
      float[] w = g.floats(weight);
      int inAxis = shape.length - 2;
      int[] ins = inKeep.getOrDefault(weight, range((int) shape[inAxis]));
      int[] outs = outKeep.getOrDefault(weight, range((int) shape[inAxis + 1]));
      int spatial = 1;
      for (int d = 0; d < inAxis; d++) {
        spatial *= (int) shape[d];
      }
      int inN = (int) shape[inAxis];
      int outN = (int) shape[inAxis + 1];
      float[] nw = new float[spatial * ins.length * outs.length];
      int k = 0;
      for (int s = 0; s < spatial; s++) {
        for (int i : ins) {
          int rowStart = (s * inN + i) * outN;
          for (int o : outs) {
            nw[k++] = w[rowStart + o];
          }
        }
      }
      long[] newShape = shape.clone();
      newShape[inAxis] = ins.length;
      newShape[inAxis + 1] = outs.length;
      replacements.put(weight, List.of(ConstTensors.constNode(weight, ConstTensors.floatTensor(newShape, nw))));
    }
    return withoutRecordedShapes(LayerWeights.replace(ir, replacements));
  }

  /** The per-channel float vector {@code name} with only the {@code keep} channels. */
  private static NodeDef sliced(Graph g, String name, int[] keep) {
    float[] b = g.floats(name);
    float[] nb = new float[keep.length];
    for (int j = 0; j < keep.length; j++) {
      nb[j] = b[keep[j]];
    }
    return ConstTensors.constNode(name, ConstTensors.floatTensor(new long[] {keep.length}, nb));
  }

  /**
   * {@code ir} without the {@code _output_shapes} attributes some exporters record: they describe the old
   * channel counts, TF refuses a graph whose recorded shapes disagree with its own, and it infers shapes anyway.
   */
  private static ModelIr withoutRecordedShapes(ModelIr ir) {
    GraphDef.Builder graph = ir.graphDef().toBuilder();
    for (NodeDef.Builder node : graph.getNodeBuilderList()) {
      node.removeAttr("_output_shapes");
    }
    return ir.withGraph(graph.build());
  }

  private static int[] range(int n) {
    return IntStream.range(0, n).toArray();
  }

  /** The IR's nodes, their data consumers and layers, for walking from a layer to what it feeds. */
  private static final class Graph {
    final String modelId;
    final Map<String, NodeDef> nodes = new LinkedHashMap<>();
    final Map<String, List<NodeDef>> consumers = new HashMap<>();
    final Map<String, LayerInfo> layers = new LinkedHashMap<>();
    final Map<String, Integer> weightUsers = new HashMap<>();
    final Set<String> outputs = new HashSet<>();

    Graph(ModelIr ir) {
      modelId = ir.modelId();
      for (NodeDef n : ir.graphDef().getNodeList()) {
        nodes.put(n.getName(), n);
        for (String in : n.getInputList()) {
          if (!TensorNames.isControl(in)) {
            consumers.computeIfAbsent(TensorNames.nodeName(in), k -> new ArrayList<>()).add(n);
          }
        }
      }
      for (LayerInfo l : ir.layers()) {
        layers.put(l.name(), l);
      }
      for (NodeDef n : ir.graphDef().getNodeList()) {
        for (String in : n.getInputList()) {
          String name = TensorNames.nodeName(in);
          NodeDef source = nodes.get(name);
          if (!TensorNames.isControl(in) && source != null && ConstTensors.isConst(source)) {
            weightUsers.merge(name, 1, Integer::sum);
          }
        }
      }
      for (TensorSpec out : ir.outputs()) {
        outputs.add(out.nodeName());
      }
    }

    float[] floats(String constName) {
      return ConstTensors.floats(ConstTensors.value(nodes.get(constName)));
    }

    long[] shape(String constName) {
      return ConstTensors.shape(ConstTensors.value(nodes.get(constName)));
    }

    /** The rewritable chain from {@code layer} to the next layer, or why the layer stays whole. */
    Plan chainFrom(LayerInfo layer) {
      NodeDef node = nodes.get(layer.name());
      boolean conv = layer.op().equals("Conv2D");
      if (layer.op().equals("DepthwiseConv2dNative")) {
        return new Whole("a depthwise layer has no channels of its own to remove: it loses those of the layer before it");
      }
      if (!conv && !(layer.op().equals("MatMul") && !flag(node, "transpose_a") && !flag(node, "transpose_b"))) {
        return new Whole(layer.op() + (layer.op().equals("MatMul") ? " with a transposed operand" : "")
            + " is not pruned by channel");
      }
      if (weightUsers.getOrDefault(layer.weightNodeName(), 0) != 1) {
        return new Whole("its weight '" + layer.weightNodeName() + "' is shared");
      }
      if (conv && node.containsAttr("data_format")
          && !node.getAttrOrThrow("data_format").getS().toStringUtf8().equals("NHWC")) {
        return new Whole("its data_format is not NHWC");
      }
      long[] shape = layer.weightShape();
      int channels = (int) shape[shape.length - 1];
      List<String> biases = new ArrayList<>(); // per-channel constants over this layer's own channels
      List<String> depthwise = new ArrayList<>();
      List<String> sharedBiases = new ArrayList<>(); // after a concatenation: over all of its channels
      List<String> sharedDepthwise = new ArrayList<>();
      boolean biasOpen = true; // a bias may follow the layer, each depthwise layer and the concatenation
      boolean concatenated = false;
      int offset = 0;
      int width = channels; // channels of the tensor being followed
      String reshape = null;
      int spatial = 1;
      String cur = layer.name();
      while (true) {
        if (outputs.contains(cur)) {
          return new Whole("its output is a model output");
        }
        List<NodeDef> next = consumers.getOrDefault(cur, List.of());
        if (next.size() != 1) {
          return new Whole("'" + cur + "' feeds " + next.size() + " nodes");
        }
        NodeDef c = next.get(0);
        String op = c.getOp();
        boolean firstInput = TensorNames.nodeName(c.getInput(0)).equals(cur);
        List<String> biasList = concatenated ? sharedBiases : biases;
        List<String> filterList = concatenated ? sharedDepthwise : depthwise;
        if ((op.equals("BiasAdd") || op.equals("Add") || op.equals("AddV2")) && biasOpen && reshape == null) {
          String other = TensorNames.nodeName(c.getInput(firstInput ? 1 : 0));
          if (!isFloatVector(other, width) || weightUsers.getOrDefault(other, 0) != 1) {
            return new Whole(op + " '" + c.getName() + "' adds something other than an unshared constant vector of "
                + width + ": channels meet another branch");
          }
          biasList.add(other);
          biasOpen = false;
        } else if (op.equals("DepthwiseConv2dNative") && conv && reshape == null && firstInput
            && layers.containsKey(c.getName())) {
          LayerInfo d = layers.get(c.getName());
          long[] ds = d.weightShape();
          if (ds[2] != width || ds[3] != 1 || weightUsers.getOrDefault(d.weightNodeName(), 0) != 1
              || (c.containsAttr("data_format") && !c.getAttrOrThrow("data_format").getS().toStringUtf8().equals("NHWC"))) {
            return new Whole("depthwise layer '" + d.name() + "' cannot lose channels (it needs channel multiplier 1, an "
                + "unshared filter and NHWC)");
          }
          filterList.add(d.weightNodeName()); // each channel filtered on its own: its filter slice goes too
          biasOpen = true;
        } else if (ZERO_PRESERVING.contains(op) && firstInput) {
          // f(0) = 0: a removed channel stays zero
        } else if (POOLS.contains(op) && conv && reshape == null && firstInput) {
          // pools each channel on its own
        } else if (op.equals("ConcatV2") && conv && !concatenated && reshape == null) {
          Plan at = concatPlace(c, cur);
          if (at instanceof Whole whole) {
            return whole;
          }
          Place place = (Place) at;
          offset = place.offset();
          width = place.channels();
          concatenated = true;
          biasOpen = true;
        } else if (op.equals("Reshape") && conv && reshape == null && firstInput) {
          String shapeConst = TensorNames.nodeName(c.getInput(1));
          long[] target = shapeVector(shapeConst);
          if (target == null || target.length != 2 || target[0] != -1 || target[1] % width != 0
              || weightUsers.getOrDefault(shapeConst, 0) != 1) {
            return new Whole("Reshape '" + c.getName() + "' is not a flatten to a constant [-1, N] (int32 or int64)");
          }
          reshape = shapeConst;
          spatial = (int) (target[1] / width);
        } else if ((op.equals("MatMul") || op.equals("Conv2D")) && firstInput && layers.containsKey(c.getName())) {
          LayerInfo n = layers.get(c.getName());
          NodeDef nn = nodes.get(n.name());
          long[] ns = n.weightShape();
          boolean fits = op.equals("MatMul")
              ? !flag(nn, "transpose_a") && !flag(nn, "transpose_b") && ns[0] == (long) spatial * width
                  && (conv ? reshape != null : true)
              : conv && reshape == null && ns[2] == width;
          if (!fits || weightUsers.getOrDefault(n.weightNodeName(), 0) != 1) {
            return new Whole("the next layer '" + n.name() + "' cannot take fewer input channels");
          }
          return new Chain(layer, channels, biases, depthwise,
              new Reach(offset, width, sharedBiases, sharedDepthwise, reshape, spatial, n));
        } else {
          return new Whole("its output reaches " + op + " '" + c.getName() + "'");
        }
        cur = c.getName();
      }
    }

    /**
     * Where tensor {@code input} sits in concatenation {@code concat} (its offset among the total channels), or
     * why that cannot be told (an axis other than the last of NHWC, an input read twice, an input whose channel
     * count is not known from the graph).
     */
    private Plan concatPlace(NodeDef concat, String input) {
      int n = (int) concat.getAttrOrThrow("N").getI();
      Long axisValue = intScalar(TensorNames.nodeName(concat.getInput(n)));
      if (axisValue == null || (axisValue != 3 && axisValue != -1)) {
        return new Whole("ConcatV2 '" + concat.getName() + "' does not join along the channel axis of NHWC");
      }
      int offset = -1;
      int total = 0;
      for (int i = 0; i < n; i++) {
        String ref = concat.getInput(i);
        if (TensorNames.nodeName(ref).equals(input)) {
          if (offset >= 0 || TensorNames.outputIndex(ref) != 0) {
            return new Whole("ConcatV2 '" + concat.getName() + "' reads '" + input + "' twice");
          }
          offset = total;
        }
        Integer c = channelsOf(ref);
        if (c == null) {
          return new Whole("ConcatV2 '" + concat.getName() + "': the channels of its input '" + ref + "' are not known");
        }
        total += c;
      }
      return new Place(offset, total);
    }

    /** The value of a one-element int32 or int64 Const, or null for anything else. */
    private Long intScalar(String name) {
      NodeDef n = nodes.get(name);
      if (n == null || !ConstTensors.isConst(n)) {
        return null;
      }
      TensorProto v = ConstTensors.value(n);
      if (ConstTensors.elementCount(ConstTensors.shape(v)) != 1) {
        return null;
      }
      return v.getDtype() == DataType.DT_INT64 ? Long.valueOf(ConstTensors.longs(v)[0])
          : v.getDtype() == DataType.DT_INT32 ? Long.valueOf(ConstTensors.ints(v)[0]) : null;
    }

    /** Channels of tensor {@code ref}, followed back through channel-wise ops to a layer or the input; null if unknown. */
    private Integer channelsOf(String ref) {
      NodeDef n = nodes.get(TensorNames.nodeName(ref));
      for (int guard = 0; n != null && guard < 64; guard++) {
        LayerInfo l = layers.get(n.getName());
        if (l != null) {
          long[] s = l.weightShape();
          return (int) (l.op().equals("DepthwiseConv2dNative") ? s[2] * s[3] : s[s.length - 1]);
        }
        String op = n.getOp();
        if (op.equals("ConcatV2")) {
          int count = (int) n.getAttrOrThrow("N").getI();
          int total = 0;
          for (int i = 0; i < count; i++) {
            Integer c = channelsOf(n.getInput(i));
            if (c == null) {
              return null;
            }
            total += c;
          }
          return total;
        }
        if (!(op.equals("BiasAdd") || op.equals("Add") || op.equals("AddV2") || ZERO_PRESERVING.contains(op)
            || POOLS.contains(op))) {
          return null;
        }
        String in = TensorNames.nodeName(n.getInput(0));
        if (ConstTensors.isConst(nodes.get(in)) && n.getInputCount() > 1) {
          in = TensorNames.nodeName(n.getInput(1));
        }
        n = nodes.get(in);
      }
      return null;
    }

    private boolean isFloatVector(String name, int length) {
      NodeDef n = nodes.get(name);
      if (n == null || !ConstTensors.isConst(n)) {
        return false;
      }
      TensorProto v = ConstTensors.value(n);
      long[] s = ConstTensors.shape(v);
      return v.getDtype() == DataType.DT_FLOAT && s.length == 1 && s[0] == length;
    }

    private boolean isInt64(String name) {
      return ConstTensors.value(nodes.get(name)).getDtype() == DataType.DT_INT64;
    }

    /** A 1-D int32 or int64 Const's values, or null for anything else. */
    private long[] shapeVector(String name) {
      NodeDef n = nodes.get(name);
      if (n == null || !ConstTensors.isConst(n)) {
        return null;
      }
      TensorProto v = ConstTensors.value(n);
      if (ConstTensors.shape(v).length != 1) {
        return null;
      }
      if (v.getDtype() == DataType.DT_INT64) {
        return ConstTensors.longs(v);
      }
      return v.getDtype() == DataType.DT_INT32 ? Arrays.stream(ConstTensors.ints(v)).asLongStream().toArray() : null;
    }

    private static boolean flag(NodeDef n, String attr) {
      return n.containsAttr(attr) && n.getAttrOrThrow(attr).getB();
    }
  }
}
