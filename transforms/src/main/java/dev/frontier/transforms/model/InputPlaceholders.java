package dev.frontier.transforms.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Makes every signature input a Placeholder carrying the signature's dtype and shape, so the IR is fed
 * exactly where the SavedModel was. An input that names output 0 of another kind of node (say a
 * PlaceholderWithDefault or an Identity) replaces that node under the same name; an input naming output
 * k &gt; 0 gets a new Placeholder {@code node_input_k} and its consumers are rewired. Returns the
 * possibly renamed input specs through {@link Result}.
 */
final class InputPlaceholders {
  private InputPlaceholders() {}

  record Result(GraphDef graph, List<TensorSpec> inputs) {}

  static Result apply(GraphDef graph, List<TensorSpec> inputs) {
    Map<String, NodeDef> byName = new HashMap<>();
    Set<String> names = new HashSet<>();
    for (NodeDef n : graph.getNodeList()) {
      byName.put(n.getName(), n);
      names.add(n.getName());
    }
    Map<String, NodeDef> replace = new HashMap<>();
    Map<String, String> rewire = new HashMap<>();
    List<NodeDef> added = new ArrayList<>();
    List<TensorSpec> specs = new ArrayList<>();
    for (TensorSpec in : inputs) {
      String node = in.nodeName();
      int index = TensorNames.outputIndex(in.tensorName());
      if (!byName.containsKey(node)) {
        throw new IllegalStateException("signature input '" + in.key() + "' names tensor " + in.tensorName()
            + " but the graph has no node '" + node + "'");
      }
      if (index == 0) {
        replace.put(node, placeholder(node, in));
        specs.add(in);
      } else {
        String name = node + "_input_" + index;
        while (names.contains(name)) {
          name = name + "_";
        }
        names.add(name);
        added.add(placeholder(name, in));
        rewire.put(TensorNames.data(node, index), name);
        specs.add(new TensorSpec(in.key(), name + ":0", in.dataType(), in.shape()));
      }
    }
    GraphDef.Builder out = graph.toBuilder().clearNode();
    for (NodeDef n : graph.getNodeList()) {
      NodeDef r = replace.getOrDefault(n.getName(), n);
      if (!rewire.isEmpty()) {
        NodeDef.Builder b = r.toBuilder().clearInput();
        for (String ref : r.getInputList()) {
          b.addInput(rewire.getOrDefault(TensorNames.normalize(ref), ref));
        }
        r = b.build();
      }
      out.addNode(r);
    }
    out.addAllNode(added);
    return new Result(out.build(), specs);
  }

  private static NodeDef placeholder(String name, TensorSpec spec) {
    TensorShapeProto shape = spec.hasKnownRank()
        ? ConstTensors.shapeProto(spec.shape())
        : TensorShapeProto.newBuilder().setUnknownRank(true).build();
    return NodeDef.newBuilder()
        .setName(name)
        .setOp("Placeholder")
        .putAttr("dtype", AttrValue.newBuilder().setType(spec.dataType()).build())
        .putAttr("shape", AttrValue.newBuilder().setShape(shape).build())
        .build();
  }
}
