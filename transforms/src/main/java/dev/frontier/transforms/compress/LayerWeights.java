package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.LayerInfo;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Reads the float weight Consts of an IR's layers and replaces them by other nodes: the graph surgery
 * every method shares.
 *
 * <p>A replacement is a list of nodes, one of which carries the weight Const's own name and produces the
 * new float weight; the others are named below it ({@code <weight>/int8}, ...). Because the name is kept,
 * the layers (and anything else reading the weight) need no rewiring, and the dequantized weight a layer
 * sees can always be fetched as {@code <weight>:0}.
 */
final class LayerWeights {
  private LayerWeights() {}

  /**
   * One distinct weight Const, with the layers that read it (a weight shared by two layers appears once).
   *
   * @param nodeName the Const's name
   * @param layerNames the layers reading it, in graph order
   * @param op the first layer's op (MatMul, Conv2D, DepthwiseConv2dNative)
   * @param transposed a MatMul that reads it with {@code transpose_b}, so its shape is [out, in]
   * @param shape the weight's dimensions
   * @param values the weight, row-major
   */
  record Weight(String nodeName, List<String> layerNames, String op, boolean transposed, long[] shape,
      float[] values) {
    int size() {
      return values.length;
    }
  }

  /**
   * The distinct weights of {@code ir}'s layers, in graph order.
   *
   * @throws IllegalArgumentException when the IR has no layers or a weight is not DT_FLOAT (an IR that
   *     was already quantized); the message names {@code method} and the model
   */
  static List<Weight> read(String method, ModelIr ir) {
    if (ir.layers().isEmpty()) {
      throw new IllegalArgumentException(method + ": model '" + ir.modelId() + "' has no compressible layers"
          + " (MatMul, Conv2D or DepthwiseConv2dNative with a float Const weight)");
    }
    Map<String, NodeDef> byName = byName(ir.graphDef());
    Map<String, List<LayerInfo>> byWeight = new LinkedHashMap<>();
    for (LayerInfo layer : ir.layers()) {
      byWeight.computeIfAbsent(layer.weightNodeName(), k -> new ArrayList<>()).add(layer);
    }
    List<Weight> out = new ArrayList<>();
    for (Map.Entry<String, List<LayerInfo>> e : byWeight.entrySet()) {
      TensorProto value = ConstTensors.value(byName.get(e.getKey()));
      LayerInfo first = e.getValue().get(0);
      if (value.getDtype() != DataType.DT_FLOAT) {
        throw new IllegalArgumentException(method + ": model '" + ir.modelId() + "', layer '" + first.name()
            + "': weight '" + e.getKey() + "' is " + value.getDtype() + ", expected DT_FLOAT");
      }
      NodeDef layerNode = byName.get(first.name());
      boolean transposed = "MatMul".equals(first.op()) && layerNode.containsAttr("transpose_b")
          && layerNode.getAttrOrThrow("transpose_b").getB();
      List<String> names = e.getValue().stream().map(LayerInfo::name).toList();
      out.add(new Weight(e.getKey(), names, first.op(), transposed, ConstTensors.shape(value),
          ConstTensors.floats(value)));
    }
    return out;
  }

  /**
   * {@code ir} with each weight Const named in {@code replacements} replaced, in place, by its nodes. The
   * Const's control inputs move to the replacement nodes that have no inputs.
   *
   * @throws IllegalArgumentException when a replacement lacks the weight's name or a new name is taken
   */
  /**
   * {@code skipLayers} as a set, each name checked to be a layer of {@code ir}.
   *
   * @throws IllegalArgumentException naming {@code method}, the model, the unknown name and the known layers
   */
  static Set<String> checkedSkipList(String method, ModelIr ir, List<String> skipLayers) {
    List<String> known = ir.layers().stream().map(LayerInfo::name).toList();
    for (String name : skipLayers) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(method + ": model '" + ir.modelId() + "' has no layer '" + name
            + "' (skipLayers); its layers are " + known);
      }
    }
    return new HashSet<>(skipLayers);
  }

  /**
   * {@code ir} with each node named in {@code replacements} replaced, in place, by its list of nodes (which
   * must include a node of the same name; an empty list removes the node). Control inputs of a replaced
   * node move to the replacement nodes without inputs.
   *
   * @throws IllegalArgumentException when a replacement does not produce its node or takes a used name
   */
  static ModelIr replace(ModelIr ir, Map<String, List<NodeDef>> replacements) {
    GraphDef graph = ir.graphDef();
    Set<String> taken = new HashSet<>(byName(graph).keySet());
    GraphDef.Builder out = graph.toBuilder().clearNode();
    for (NodeDef node : graph.getNodeList()) {
      List<NodeDef> nodes = replacements.get(node.getName());
      if (nodes == null) {
        out.addNode(node);
        continue;
      }
      if (!nodes.isEmpty() && nodes.stream().noneMatch(n -> n.getName().equals(node.getName()))) {
        throw new IllegalArgumentException("replacement of '" + node.getName() + "' does not produce it");
      }
      List<String> controls = node.getInputList().stream().filter(TensorNames::isControl).toList();
      for (NodeDef n : nodes) {
        if (!n.getName().equals(node.getName()) && !taken.add(n.getName())) {
          throw new IllegalArgumentException("model '" + ir.modelId() + "': node name '" + n.getName()
              + "' is already taken");
        }
        out.addNode(n.getInputCount() == 0 ? n.toBuilder().addAllInput(controls).build() : n);
      }
    }
    return ir.withGraph(out.build());
  }

  private static Map<String, NodeDef> byName(GraphDef graph) {
    Map<String, NodeDef> m = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      m.put(n.getName(), n);
    }
    return m;
  }
}
