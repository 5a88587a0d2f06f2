package dev.frontier.transforms.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Finds the compressible layers of a frozen graph and counts its parameters.
 *
 * <p>A layer is a MatMul, Conv2D or DepthwiseConv2dNative node whose input 1 (the weight) is a Const
 * node. Its bias is the Const read by its sole consumer when that consumer is a BiasAdd, or an Add/AddV2
 * whose other input is a Const with one value per output channel.
 *
 * <p>Parameter count = for every layer, the elements of its weight if it is DT_FLOAT, plus the elements
 * of its bias if there is one and it is DT_FLOAT. Other constants (shapes, BN leftovers that could not be
 * folded, lookup tables) are not counted. A weight Const shared by two layers is counted once.
 */
final class LayerFinder {
  private LayerFinder() {}

  static List<LayerInfo> find(GraphDef graph) {
    Map<String, NodeDef> byName = byName(graph);
    List<LayerInfo> layers = new ArrayList<>();
    for (NodeDef n : graph.getNodeList()) {
      if (!BatchNormFolder.LAYER_OPS.contains(n.getOp()) || n.getInputCount() < 2) {
        continue;
      }
      String weightRef = TensorNames.normalize(n.getInput(1));
      NodeDef w = byName.get(TensorNames.nodeName(weightRef));
      if (TensorNames.outputIndex(weightRef) != 0 || !ConstTensors.isConst(w)) {
        continue;
      }
      long[] shape = ConstTensors.shape(ConstTensors.value(w));
      layers.add(new LayerInfo(n.getName(), n.getOp(), w.getName(), shape, ConstTensors.elementCount(shape)));
    }
    return layers;
  }

  static long parameterCount(GraphDef graph, List<LayerInfo> layers) {
    Map<String, NodeDef> byName = byName(graph);
    Map<String, List<NodeDef>> consumers = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      for (String in : n.getInputList()) {
        if (!TensorNames.isControl(in)) {
          consumers.computeIfAbsent(TensorNames.nodeName(in), k -> new ArrayList<>()).add(n);
        }
      }
    }
    Set<String> counted = new HashSet<>();
    long total = 0;
    for (LayerInfo layer : layers) {
      total += floatElements(byName.get(layer.weightNodeName()), counted);
      List<NodeDef> users = consumers.getOrDefault(layer.name(), List.of());
      if (users.size() == 1) {
        NodeDef bias = biasOf(users.get(0), layer, byName);
        total += floatElements(bias, counted);
      }
    }
    return total;
  }

  /** The Const bias a BiasAdd/Add consumer adds to the layer's output, or null. */
  private static NodeDef biasOf(NodeDef user, LayerInfo layer, Map<String, NodeDef> byName) {
    long channels = BatchNormFolder.outputChannels(byName.get(layer.name()), layer.weightShape());
    switch (user.getOp()) {
      case "BiasAdd": {
        NodeDef b = byName.get(TensorNames.nodeName(user.getInput(1)));
        return ConstTensors.isConst(b) ? b : null;
      }
      case "Add":
      case "AddV2":
        for (int side = 0; side < 2; side++) {
          NodeDef b = byName.get(TensorNames.nodeName(user.getInput(side)));
          if (ConstTensors.isConst(b) && ConstTensors.elementCount(ConstTensors.shape(ConstTensors.value(b))) == channels) {
            return b;
          }
        }
        return null;
      default:
        return null;
    }
  }

  private static long floatElements(NodeDef constNode, Set<String> counted) {
    if (constNode == null || !counted.add(constNode.getName())) {
      return 0;
    }
    TensorProto t = ConstTensors.value(constNode);
    return t.getDtype() == DataType.DT_FLOAT ? ConstTensors.elementCount(ConstTensors.shape(t)) : 0;
  }

  private static Map<String, NodeDef> byName(GraphDef graph) {
    Map<String, NodeDef> m = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      m.put(n.getName(), n);
    }
    return m;
  }
}
