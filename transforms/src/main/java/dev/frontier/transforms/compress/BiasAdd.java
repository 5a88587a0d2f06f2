package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.LayerInfo;
import dev.frontier.transforms.model.TensorNames;
import java.util.List;
import java.util.Set;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * The bias a layer's output gets right after the layer: {@code BiasAdd(layer, b)} or {@code Add(layer, b)}
 * (either order, also AddV2) with {@code b} a float Const holding one value per output channel. The
 * full-integer scheme folds it into the layer as the int32 bias of the TFLite spec.
 *
 * <p>Only folded when nothing else can observe the change: the add is the layer's only reader (and the
 * layer is not an IR output), and the bias Const is read by that add only.
 *
 * @param addNode the BiasAdd / Add node
 * @param constNode the bias Const
 * @param shape the Const's shape ([channels], or leading 1s then channels)
 * @param values one float per output channel
 */
record BiasAdd(String addNode, String constNode, long[] shape, float[] values) {
  private static final Set<String> ADD_OPS = Set.of("BiasAdd", "Add", "AddV2");
  private static final String NHWC = "NHWC";

  /** The bias added to {@code layer}'s output, or null when there is none that can be folded. */
  static BiasAdd of(LayerInfo layer, GraphIndex graph) {
    return find(layer.name(), outputChannels(layer, graph), graph);
  }

  /**
   * Output channels of a layer: the last weight axis (the first for a MatMul with transpose_b), in·mult for a
   * depthwise convolution.
   */
  static int outputChannels(LayerInfo layer, GraphIndex graph) {
    long[] s = layer.weightShape();
    NodeDef node = graph.node(layer.name());
    switch (layer.op()) {
      case "MatMul":
        boolean transposed = node.containsAttr("transpose_b") && node.getAttrOrThrow("transpose_b").getB();
        return Math.toIntExact(transposed ? s[0] : s[1]);
      case "DepthwiseConv2dNative":
        return Math.toIntExact(s[2] * s[3]);
      default:
        return Math.toIntExact(s[s.length - 1]);
    }
  }

  /** The bias added to the output of layer node {@code layer}, or null when there is none that can be folded. */
  static BiasAdd find(String layer, int channels, GraphIndex graph) {
    List<String> readers = graph.referrers(layer);
    if (readers.size() != 1) {
      return null;
    }
    NodeDef add = graph.node(readers.get(0));
    if (add == null || !ADD_OPS.contains(add.getOp()) || add.getInputCount() != 2 || !channelsLast(add)) {
      return null;
    }
    String a = add.getInput(0);
    String b = add.getInput(1);
    String layerRef = TensorNames.data(layer, 0);
    String other = TensorNames.normalize(a).equals(layerRef) ? b : TensorNames.normalize(b).equals(layerRef) ? a : null;
    if (other == null || TensorNames.isControl(other) || TensorNames.outputIndex(other) != 0
        || ("BiasAdd".equals(add.getOp()) && other.equals(a))) {
      return null;
    }
    String constName = TensorNames.nodeName(other);
    NodeDef bias = graph.node(constName);
    if (!ConstTensors.isConst(bias) || graph.referrers(constName).size() != 1) {
      return null;
    }
    TensorProto value = ConstTensors.value(bias);
    long[] shape = ConstTensors.shape(value);
    if (value.getDtype() != DataType.DT_FLOAT || shape == null || !isChannelVector(shape, channels)) {
      return null;
    }
    return new BiasAdd(add.getName(), constName, shape, ConstTensors.floats(value));
  }

  private static boolean channelsLast(NodeDef add) {
    return !add.containsAttr("data_format") || NHWC.equals(add.getAttrOrThrow("data_format").getS().toStringUtf8());
  }

  private static boolean isChannelVector(long[] shape, int channels) {
    if (shape.length == 0 || shape[shape.length - 1] != channels) {
      return false;
    }
    for (int i = 0; i < shape.length - 1; i++) {
      if (shape[i] != 1) {
        return false;
      }
    }
    return true;
  }
}
