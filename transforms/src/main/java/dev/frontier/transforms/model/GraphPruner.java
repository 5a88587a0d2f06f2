package dev.frontier.transforms.model;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;

/**
 * Keeps only the transitive fan-in (data and control inputs) of the given root nodes, stopping at the
 * given boundary nodes (the signature inputs), and only the library functions the kept nodes still
 * reference. Node order is preserved.
 */
final class GraphPruner {
  private GraphPruner() {}

  static GraphDef prune(GraphDef graph, Collection<String> roots, Set<String> boundary) {
    Map<String, NodeDef> byName = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      byName.put(n.getName(), n);
    }
    Set<String> keep = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (!keep.add(name)) {
        continue;
      }
      NodeDef n = byName.get(name);
      if (n == null) {
        throw new IllegalStateException("node '" + name + "' is referenced but not in the graph");
      }
      if (boundary.contains(name)) {
        continue;
      }
      for (String in : n.getInputList()) {
        todo.push(TensorNames.nodeName(in));
      }
    }
    GraphDef.Builder out = graph.toBuilder().clearNode();
    for (NodeDef n : graph.getNodeList()) {
      if (keep.contains(n.getName())) {
        out.addNode(n);
      }
    }
    return out.setLibrary(usedFunctions(out.getNodeList(), graph.getLibrary())).build();
  }

  /** The part of {@code library} reachable from the nodes' ops and function-valued attributes. */
  static FunctionDefLibrary usedFunctions(Collection<NodeDef> nodes, FunctionDefLibrary library) {
    if (library.getFunctionCount() == 0) {
      return library;
    }
    Map<String, FunctionDef> fns = new HashMap<>();
    for (FunctionDef f : library.getFunctionList()) {
      fns.put(f.getSignature().getName(), f);
    }
    Set<String> used = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (NodeDef n : nodes) {
      referencedFunctions(n, fns.keySet(), todo);
    }
    while (!todo.isEmpty()) {
      String f = todo.pop();
      if (used.add(f) && fns.containsKey(f)) {
        for (NodeDef n : fns.get(f).getNodeDefList()) {
          referencedFunctions(n, fns.keySet(), todo);
        }
      }
    }
    FunctionDefLibrary.Builder out = FunctionDefLibrary.newBuilder();
    for (FunctionDef f : library.getFunctionList()) {
      if (used.contains(f.getSignature().getName())) {
        out.addFunction(f);
      }
    }
    library.getGradientList().stream()
        .filter(g -> used.contains(g.getFunctionName()))
        .forEach(out::addGradient);
    return out.build();
  }

  private static void referencedFunctions(NodeDef n, Set<String> known, Deque<String> into) {
    if (known.contains(n.getOp())) {
      into.push(n.getOp());
    }
    for (AttrValue v : n.getAttrMap().values()) {
      if (v.hasFunc()) {
        into.push(v.getFunc().getName());
      }
      for (NameAttrList f : v.getList().getFuncList()) {
        into.push(f.getName());
      }
    }
  }
}
