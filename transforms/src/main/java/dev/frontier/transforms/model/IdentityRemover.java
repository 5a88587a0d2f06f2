package dev.frontier.transforms.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Removes the clutter inlining and freezing leave: Identity, IdentityN and NoOp nodes, and control
 * edges that order nothing.
 *
 * <p>Consumers of a removed Identity/IdentityN read its input directly; a control edge on a removed node
 * becomes control edges on what that node waited for (its inputs' producers and its own control inputs),
 * transitively. Afterwards control edges that point at Const or Placeholder nodes are dropped, and Const
 * nodes lose their control inputs: in a frozen inference graph a constant has nothing to wait for.
 * Control edges on other (possibly stateful) nodes are kept.
 *
 * <p>Never removed: nodes named in {@code keep} (signature inputs and outputs; a kept single-input
 * IdentityN becomes a plain Identity), and Identity nodes fed by TF1 control-flow ops (Switch, Merge,
 * Enter, ...), whose names carry meaning for the executor.
 */
final class IdentityRemover {
  private static final Set<String> CONTROL_FLOW_OPS = Set.of(
      "Switch", "RefSwitch", "Merge", "RefMerge", "Enter", "RefEnter", "Exit", "RefExit",
      "NextIteration", "RefNextIteration", "LoopCond");

  private IdentityRemover() {}

  static GraphDef remove(GraphDef graph, Set<String> keep) {
    Map<String, NodeDef> byName = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      byName.put(n.getName(), n);
    }
    Set<String> removable = new LinkedHashSet<>();
    for (NodeDef n : graph.getNodeList()) {
      if (!keep.contains(n.getName()) && isRemovable(n, byName)) {
        removable.add(n.getName());
      }
    }
    Resolver r = new Resolver(byName, removable);
    GraphDef.Builder out = graph.toBuilder().clearNode();
    for (NodeDef n : graph.getNodeList()) {
      if (removable.contains(n.getName())) {
        continue;
      }
      NodeDef.Builder b = n.toBuilder().clearInput();
      Set<String> controls = new LinkedHashSet<>();
      List<String> data = new ArrayList<>();
      for (String in : n.getInputList()) {
        if (TensorNames.isControl(in)) {
          controls.addAll(r.controlsFor(TensorNames.nodeName(in)));
        } else {
          data.add(r.dataFor(TensorNames.normalize(in)));
          controls.addAll(r.controlsAlong(TensorNames.normalize(in)));
        }
      }
      b.addAllInput(data);
      if (!ConstTensors.isConst(n)) {
        for (String c : controls) {
          NodeDef target = byName.get(TensorNames.nodeName(c));
          boolean trivial = target == null || ConstTensors.isConst(target) || "Placeholder".equals(target.getOp());
          boolean redundant = data.stream().anyMatch(d -> TensorNames.nodeName(d).equals(TensorNames.nodeName(c)));
          if (!trivial && !redundant) {
            b.addInput(c);
          }
        }
      }
      if ("IdentityN".equals(n.getOp()) && data.size() == 1) {
        AttrValue types = n.getAttrOrThrow("T");
        b.setOp("Identity").removeAttr("T")
            .putAttr("T", AttrValue.newBuilder().setType(types.getList().getType(0)).build());
      }
      out.addNode(b.build());
    }
    return out.build();
  }

  private static boolean isRemovable(NodeDef n, Map<String, NodeDef> byName) {
    switch (n.getOp()) {
      case "NoOp":
        return true;
      case "IdentityN":
        return true;
      case "Identity": {
        NodeDef producer = byName.get(TensorNames.nodeName(n.getInput(0)));
        return producer != null && !CONTROL_FLOW_OPS.contains(producer.getOp());
      }
      default:
        return false;
    }
  }

  /** Follows removed nodes to the tensors and control edges that replace them. */
  private static final class Resolver {
    private final Map<String, NodeDef> byName;
    private final Set<String> removable;
    private final Map<String, Set<String>> controlMemo = new HashMap<>();

    Resolver(Map<String, NodeDef> byName, Set<String> removable) {
      this.byName = byName;
      this.removable = removable;
    }

    String dataFor(String ref) {
      String current = ref;
      while (removable.contains(TensorNames.nodeName(current))) {
        NodeDef n = byName.get(TensorNames.nodeName(current));
        if ("NoOp".equals(n.getOp())) {
          throw new IllegalStateException("data input " + ref + " reads a NoOp");
        }
        int index = "Identity".equals(n.getOp()) ? 0 : TensorNames.outputIndex(current);
        current = TensorNames.normalize(dataInputs(n).get(index));
      }
      return current;
    }

    /** Control edges the removed nodes on a data path waited for (the consumer inherits them). */
    Set<String> controlsAlong(String ref) {
      Set<String> result = new LinkedHashSet<>();
      String current = ref;
      while (removable.contains(TensorNames.nodeName(current))) {
        NodeDef n = byName.get(TensorNames.nodeName(current));
        for (String in : n.getInputList()) {
          if (TensorNames.isControl(in)) {
            result.addAll(controlsFor(TensorNames.nodeName(in)));
          }
        }
        int index = "Identity".equals(n.getOp()) ? 0 : TensorNames.outputIndex(current);
        current = TensorNames.normalize(dataInputs(n).get(index));
      }
      return result;
    }

    /** The control edges replacing {@code ^node}. */
    Set<String> controlsFor(String node) {
      if (!removable.contains(node)) {
        return Set.of(TensorNames.control(node));
      }
      Set<String> memo = controlMemo.get(node);
      if (memo != null) {
        return memo;
      }
      controlMemo.put(node, Set.of()); // cycle guard
      Set<String> result = new LinkedHashSet<>();
      for (String in : byName.get(node).getInputList()) {
        result.addAll(controlsFor(TensorNames.nodeName(in)));
      }
      controlMemo.put(node, result);
      return result;
    }

    private static List<String> dataInputs(NodeDef n) {
      List<String> d = new ArrayList<>();
      for (String in : n.getInputList()) {
        if (!TensorNames.isControl(in)) {
          d.add(in);
        }
      }
      return d;
    }
  }
}
