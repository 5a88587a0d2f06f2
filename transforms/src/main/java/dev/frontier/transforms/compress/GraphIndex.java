package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorNames;
import dev.frontier.transforms.model.TensorSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.NodeDef;

/**
 * Nodes of an IR's graph by name, and who refers to each node (data inputs, control inputs and the IR's
 * outputs): what a rewrite needs to know before it removes or repurposes a node.
 */
final class GraphIndex {
  /** The referrer recorded for an IR output (not a node name: it contains a space). */
  static final String IR_OUTPUT = "<ir output>";

  private final Map<String, NodeDef> byName = new HashMap<>();
  private final Map<String, List<String>> referrers = new HashMap<>();

  GraphIndex(ModelIr ir) {
    for (NodeDef n : ir.graphDef().getNodeList()) {
      byName.put(n.getName(), n);
    }
    for (NodeDef n : ir.graphDef().getNodeList()) {
      for (String input : n.getInputList()) {
        referrers.computeIfAbsent(TensorNames.nodeName(input), k -> new ArrayList<>()).add(n.getName());
      }
    }
    for (TensorSpec out : ir.outputs()) {
      referrers.computeIfAbsent(TensorNames.nodeName(out.tensorName()), k -> new ArrayList<>()).add(IR_OUTPUT);
    }
  }

  /** The node called {@code name}, or null. */
  NodeDef node(String name) {
    return byName.get(name);
  }

  /** The nodes (or {@link #IR_OUTPUT}) referring to node {@code name}, once per reference. */
  List<String> referrers(String name) {
    return referrers.getOrDefault(name, List.of());
  }
}
