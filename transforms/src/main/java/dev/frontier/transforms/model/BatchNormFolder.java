package dev.frontier.transforms.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Folds inference-mode batch normalisation into the preceding Conv2D / DepthwiseConv2dNative / MatMul.
 *
 * <p>Why: at inference BN is a per-channel affine map; folded into the weights it costs nothing, and
 * the quantizers then see the weights the model really uses (quantizing before folding would quantize
 * the wrong tensor and add an unquantized BN).
 *
 * <p>Patterns, all with Const float parameters and a Const float layer weight, each intermediate node
 * having exactly one consumer:
 * <ul>
 *   <li>{@code layer -> [BiasAdd|Add|AddV2 b] -> FusedBatchNorm/V2/V3(is_training=false)}: with
 *       {@code s = gamma / sqrt(var + eps)}, the weight's output channel c is scaled by s[c] and the BN
 *       node becomes {@code BiasAdd(layer, (b - mean) * s + beta)} under the BN's name;</li>
 *   <li>the decomposed form {@code layer -> [bias b] -> Mul(m) -> Add|AddV2(a)} with per-channel Const
 *       m and a: the weight is scaled by m and the Add becomes {@code BiasAdd(layer, b * m + a)}.</li>
 * </ul>
 * Nodes left unreferenced are removed by the next prune. A weight Const shared with other nodes is
 * copied rather than changed in place.
 */
final class BatchNormFolder {
  private static final Set<String> FUSED_BN_OPS = Set.of("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3");
  static final Set<String> LAYER_OPS = Set.of("MatMul", "Conv2D", "DepthwiseConv2dNative");
  private static final Set<String> ADD_OPS = Set.of("BiasAdd", "Add", "AddV2");
  private static final float DEFAULT_EPSILON = 1e-4f;

  private final Map<String, NodeDef> nodes = new LinkedHashMap<>();
  private final Map<String, List<String>> consumers = new HashMap<>();
  private final Set<String> keep;

  private BatchNormFolder(GraphDef graph, Set<String> keep) {
    this.keep = keep;
    for (NodeDef n : graph.getNodeList()) {
      nodes.put(n.getName(), n);
    }
    for (NodeDef n : graph.getNodeList()) {
      for (String in : n.getInputList()) {
        if (!TensorNames.isControl(in)) {
          consumers.computeIfAbsent(TensorNames.nodeName(in), k -> new ArrayList<>()).add(TensorNames.normalize(in));
        }
      }
    }
  }

  /** The graph with every foldable BN folded; signature nodes ({@code keep}) are never rewired away. */
  static GraphDef fold(GraphDef graph, Set<String> keep) {
    BatchNormFolder f = new BatchNormFolder(graph, keep);
    for (NodeDef n : graph.getNodeList()) {
      if (FUSED_BN_OPS.contains(n.getOp())) {
        f.tryFoldFused(n);
      } else if ("Add".equals(n.getOp()) || "AddV2".equals(n.getOp())) {
        f.tryFoldDecomposed(n);
      }
    }
    return graph.toBuilder().clearNode().addAllNode(f.nodes.values()).build();
  }

  /** Folded weights and bias for one matched chain. */
  private record Chain(NodeDef layer, NodeDef weight, float[] bias) {}

  private void tryFoldFused(NodeDef bn) {
    AttrValue training = OpRegistry.attr(bn, "is_training");
    if (training == null || training.getB() || typeOf(bn, "T") != DataType.DT_FLOAT) {
      return;
    }
    for (String c : consumers.getOrDefault(bn.getName(), List.of())) {
      if (TensorNames.outputIndex(c) != 0) {
        return; // batch statistics are used: not a pure inference BN
      }
    }
    float[] gamma = constFloats(bn.getInput(1));
    float[] beta = constFloats(bn.getInput(2));
    float[] mean = constFloats(bn.getInput(3));
    float[] var = constFloats(bn.getInput(4));
    if (gamma == null || beta == null || mean == null || var == null) {
      return;
    }
    int channels = gamma.length;
    if (beta.length != channels || mean.length != channels || var.length != channels) {
      return;
    }
    AttrValue epsAttr = OpRegistry.attr(bn, "epsilon");
    float eps = epsAttr == null ? DEFAULT_EPSILON : epsAttr.getF();
    String format = formatOf(bn);
    Chain chain = chain(bn.getInput(0), channels, format);
    if (chain == null) {
      return;
    }
    float[] scale = new float[channels];
    float[] bias = new float[channels];
    for (int c = 0; c < channels; c++) {
      scale[c] = (float) (gamma[c] / Math.sqrt((double) var[c] + eps));
      bias[c] = (chain.bias()[c] - mean[c]) * scale[c] + beta[c];
    }
    rewrite(chain, scale, bias, bn, format);
  }

  private void tryFoldDecomposed(NodeDef add) {
    if (typeOf(add, "T") != DataType.DT_FLOAT) {
      return;
    }
    for (int addSide = 0; addSide < 2; addSide++) {
      float[] shift = channelVector(add.getInput(1 - addSide));
      NodeDef mul = nodes.get(TensorNames.nodeName(add.getInput(addSide)));
      if (shift == null || mul == null || !"Mul".equals(mul.getOp()) || !singleUse(mul)
          || TensorNames.outputIndex(TensorNames.normalize(add.getInput(addSide))) != 0) {
        continue;
      }
      for (int mulSide = 0; mulSide < 2; mulSide++) {
        float[] factor = channelVector(mul.getInput(1 - mulSide));
        if (factor == null || factor.length != shift.length) {
          continue;
        }
        Chain chain = chain(mul.getInput(mulSide), factor.length, "NHWC");
        if (chain == null) {
          continue;
        }
        float[] bias = new float[factor.length];
        for (int c = 0; c < bias.length; c++) {
          bias[c] = chain.bias()[c] * factor[c] + shift[c];
        }
        rewrite(chain, factor, bias, add, "NHWC");
        return;
      }
    }
  }

  /**
   * The layer (and optional bias) producing {@code ref}, when it can absorb a per-channel affine map of
   * {@code channels} channels; null otherwise.
   */
  private Chain chain(String ref, int channels, String format) {
    ref = TensorNames.normalize(ref);
    if (TensorNames.outputIndex(ref) != 0) {
      return null;
    }
    NodeDef n = nodes.get(TensorNames.nodeName(ref));
    float[] bias = new float[channels];
    if (n != null && ADD_OPS.contains(n.getOp())) {
      if (!singleUse(n) || keep.contains(n.getName())
          || ("BiasAdd".equals(n.getOp()) && !formatOf(n).equals(format))) {
        return null;
      }
      NodeDef layer = null;
      float[] b = null;
      for (int side = 0; side < 2 && layer == null; side++) {
        NodeDef cand = nodes.get(TensorNames.nodeName(n.getInput(side)));
        float[] other = "BiasAdd".equals(n.getOp()) ? constFloats(n.getInput(1)) : channelVector(n.getInput(1 - side));
        if (cand != null && LAYER_OPS.contains(cand.getOp()) && other != null
            && ("BiasAdd".equals(n.getOp()) ? side == 0 : true)) {
          layer = cand;
          b = other;
        }
      }
      if (layer == null || b == null || b.length != channels) {
        return null;
      }
      bias = b;
      n = layer;
    }
    if (n == null || !LAYER_OPS.contains(n.getOp()) || !singleUse(n) || keep.contains(n.getName())) {
      return null;
    }
    if (!"MatMul".equals(n.getOp()) && !formatOf(n).equals(format)) {
      return null;
    }
    if ("MatMul".equals(n.getOp()) && !"NHWC".equals(format)) {
      return null;
    }
    NodeDef weight = nodes.get(TensorNames.nodeName(n.getInput(1)));
    if (!ConstTensors.isConst(weight) || ConstTensors.value(weight).getDtype() != DataType.DT_FLOAT
        || TensorNames.outputIndex(TensorNames.normalize(n.getInput(1))) != 0) {
      return null;
    }
    if (outputChannels(n, ConstTensors.shape(ConstTensors.value(weight))) != channels) {
      return null;
    }
    return new Chain(n, weight, bias);
  }

  /** Scales the layer's weight per output channel and replaces {@code target} by a BiasAdd. */
  private void rewrite(Chain chain, float[] scale, float[] bias, NodeDef target, String format) {
    NodeDef layer = chain.layer();
    long[] shape = ConstTensors.shape(ConstTensors.value(chain.weight()));
    float[] w = ConstTensors.floats(ConstTensors.value(chain.weight()));
    for (int i = 0; i < w.length; i++) {
      w[i] *= scale[channelOf(layer, shape, i)];
    }
    String weightName = chain.weight().getName();
    if (consumers.getOrDefault(weightName, List.of()).size() != 1 || keep.contains(weightName)) {
      weightName = uniqueName(layer.getName() + "/folded_weight");
      nodes.put(layer.getName(), layer.toBuilder().setInput(1, weightName).build());
    }
    nodes.put(weightName, ConstTensors.constNode(weightName, ConstTensors.floatTensor(shape, w)));
    String biasName = uniqueName(target.getName() + "/folded_bias");
    nodes.put(biasName, ConstTensors.constNode(biasName, ConstTensors.floatTensor(new long[] {bias.length}, bias)));
    NodeDef.Builder b = NodeDef.newBuilder()
        .setName(target.getName())
        .setOp("BiasAdd")
        .addInput(layer.getName())
        .addInput(biasName)
        .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
        .putAttr("data_format", AttrValue.newBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8(format)).build());
    for (String in : target.getInputList()) {
      if (TensorNames.isControl(in)) {
        b.addInput(in);
      }
    }
    // Remove the target first so the new node is appended after the constants it reads.
    nodes.remove(target.getName());
    nodes.put(target.getName(), b.build());
  }

  private String uniqueName(String base) {
    String name = base;
    for (int i = 1; nodes.containsKey(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  /** Number of output channels of a layer with the given weight shape; -1 if not a known layout. */
  static long outputChannels(NodeDef layer, long[] w) {
    if (w == null) {
      return -1;
    }
    switch (layer.getOp()) {
      case "MatMul":
        return w.length == 2 ? (transposeB(layer) ? w[0] : w[1]) : -1;
      case "Conv2D":
        return w.length == 4 ? w[3] : -1;
      case "DepthwiseConv2dNative":
        return w.length == 4 ? w[2] * w[3] : -1;
      default:
        return -1;
    }
  }

  /** The output channel that flat weight element {@code i} feeds. */
  static int channelOf(NodeDef layer, long[] w, int i) {
    switch (layer.getOp()) {
      case "MatMul":
        return (int) (transposeB(layer) ? i / w[1] : i % w[1]);
      case "Conv2D":
        return (int) (i % w[3]);
      default:
        return (int) (i % (w[2] * w[3]));
    }
  }

  private static boolean transposeB(NodeDef matMul) {
    AttrValue t = OpRegistry.attr(matMul, "transpose_b");
    return t != null && t.getB();
  }

  private boolean singleUse(NodeDef n) {
    return consumers.getOrDefault(n.getName(), List.of()).size() == 1;
  }

  /** Values of a Const float node, or null. */
  private float[] constFloats(String ref) {
    NodeDef n = nodes.get(TensorNames.nodeName(ref));
    if (!ConstTensors.isConst(n) || TensorNames.outputIndex(TensorNames.normalize(ref)) != 0
        || ConstTensors.value(n).getDtype() != DataType.DT_FLOAT) {
      return null;
    }
    return ConstTensors.floats(ConstTensors.value(n));
  }

  /** Values of a Const float whose only non-1 dimension is the last (a per-channel vector), or null. */
  private float[] channelVector(String ref) {
    float[] v = constFloats(ref);
    if (v == null) {
      return null;
    }
    long[] shape = ConstTensors.shape(ConstTensors.value(nodes.get(TensorNames.nodeName(ref))));
    if (shape == null || shape.length == 0) {
      return null;
    }
    for (int i = 0; i < shape.length - 1; i++) {
      if (shape[i] != 1) {
        return null;
      }
    }
    return v;
  }

  private static DataType typeOf(NodeDef n, String attr) {
    AttrValue v = OpRegistry.attr(n, attr);
    return v == null ? DataType.DT_INVALID : v.getType();
  }

  private static String formatOf(NodeDef n) {
    AttrValue v = OpRegistry.attr(n, "data_format");
    return v == null ? "NHWC" : v.getS().toStringUtf8();
  }
}
