package dev.frontier.transforms.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Replaces subgraphs that depend only on constants by Const nodes, evaluated by TF itself.
 *
 * <p>Why: after freezing, what used to be variable arithmetic (Keras' non-fused BatchNorm computes
 * {@code gamma * rsqrt(var + eps)} at run time, tf.Transform computes {@code sqrt(var)}) is constant; folding it
 * lets {@link BatchNormFolder} see {@code x * Const + Const} and keeps the IR small. TF evaluates the
 * subgraph with the same CPU kernels the IR would run, so values are exactly what inference computed.
 *
 * <p>A node is foldable when its op is registered and stateless, it has no control inputs, and all its
 * data inputs are Const or foldable. Only the frontier (foldable nodes read by non-foldable ones or named
 * in {@code keep}) is replaced, under its own name, and only when consumers read output 0. A result is
 * not folded when it is larger than {@value #MAX_GROWTH_BYTES} bytes and larger than the constants it
 * was computed from (a Fill or Tile would bloat the model). If TF cannot evaluate the subgraph the graph
 * is returned unchanged.
 */
final class ConstantFolder {
  static final long MAX_GROWTH_BYTES = 1 << 20;
  private static final Logger LOG = LoggerFactory.getLogger(ConstantFolder.class);
  private static final Set<String> NEVER_FOLD = Set.of(
      "Const", "Placeholder", "PlaceholderWithDefault", "VarHandleOp", "VariableV2", "Variable",
      "Enter", "Exit", "Merge", "Switch", "NextIteration", "LoopCond", "Assert", "Print", "PrintV2");

  private ConstantFolder() {}

  static GraphDef fold(GraphDef graph, Set<String> keep) {
    Map<String, NodeDef> byName = new LinkedHashMap<>();
    graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
    Set<String> foldable = foldable(graph, byName);
    if (foldable.isEmpty()) {
      return graph;
    }
    Map<String, Boolean> onlyOutputZero = new HashMap<>();
    Set<String> frontier = new HashSet<>();
    for (NodeDef n : graph.getNodeList()) {
      for (String in : n.getInputList()) {
        String src = TensorNames.nodeName(in);
        if (foldable.contains(src) && !TensorNames.isControl(in)) {
          onlyOutputZero.merge(src, TensorNames.outputIndex(in) == 0, Boolean::logicalAnd);
          if (!foldable.contains(n.getName())) {
            frontier.add(src);
          }
        }
      }
    }
    for (String k : keep) {
      if (foldable.contains(k)) {
        frontier.add(k);
      }
    }
    frontier.removeIf(f -> !onlyOutputZero.getOrDefault(f, true));
    if (frontier.isEmpty()) {
      return graph;
    }
    Map<String, TensorProto> values = evaluate(graph, new ArrayList<>(frontier));
    if (values.isEmpty()) {
      return graph;
    }
    GraphDef.Builder out = graph.toBuilder().clearNode();
    for (NodeDef n : graph.getNodeList()) {
      TensorProto v = values.get(n.getName());
      if (v != null && worthFolding(n, v, byName)) {
        out.addNode(ConstTensors.constNode(n.getName(), v));
      } else {
        out.addNode(n);
      }
    }
    return out.build();
  }

  /**
   * Candidates (stateless registered ops with inputs and no control inputs) minus everything that
   * depends on a non-constant node, found by propagating "not constant" along data edges (no recursion,
   * so arbitrarily deep graphs are fine).
   */
  private static Set<String> foldable(GraphDef graph, Map<String, NodeDef> byName) {
    Set<String> candidates = new HashSet<>();
    Map<String, List<String>> consumers = new HashMap<>();
    ArrayDeque<String> notConstant = new ArrayDeque<>();
    for (NodeDef n : graph.getNodeList()) {
      boolean candidate = !NEVER_FOLD.contains(n.getOp()) && n.getInputCount() > 0
          && OpRegistry.opDef(n.getOp()) != null && !TensorFlow.isOpStateful(n.getOp())
          && n.getInputList().stream().noneMatch(TensorNames::isControl);
      if (candidate) {
        candidates.add(n.getName());
      } else if (!ConstTensors.isConst(n)) {
        notConstant.add(n.getName());
      }
      for (String in : n.getInputList()) {
        String src = TensorNames.nodeName(in);
        if (!byName.containsKey(src)) {
          notConstant.add(n.getName());
          candidates.remove(n.getName());
        }
        consumers.computeIfAbsent(src, k -> new ArrayList<>()).add(n.getName());
      }
    }
    while (!notConstant.isEmpty()) {
      for (String c : consumers.getOrDefault(notConstant.pop(), List.of())) {
        if (candidates.remove(c)) {
          notConstant.add(c);
        }
      }
    }
    return candidates;
  }

  /** Runs the constant subgraph in TF; an empty map when TF cannot. */
  private static Map<String, TensorProto> evaluate(GraphDef graph, List<String> frontier) {
    GraphDef sub = GraphPruner.prune(graph, frontier, Set.of());
    Map<String, TensorProto> values = new HashMap<>();
    try (Graph g = new Graph()) {
      g.importGraphDef(sub);
      try (Session s = new Session(g)) {
        Session.Runner runner = s.runner();
        frontier.forEach(f -> runner.fetch(f + ":0"));
        try (Result r = runner.run()) {
          for (int i = 0; i < frontier.size(); i++) {
            try {
              values.put(frontier.get(i), ConstTensors.fromTensor(r.get(i)));
            } catch (IllegalArgumentException e) {
              LOG.debug("not folding {}: {}", frontier.get(i), e.getMessage());
            }
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("constant folding skipped: TF could not evaluate the constant subgraph: {}", e.getMessage());
      return Map.of();
    }
    return values;
  }

  private static boolean worthFolding(NodeDef n, TensorProto value, Map<String, NodeDef> byName) {
    long bytes = value.getSerializedSize();
    if (bytes <= MAX_GROWTH_BYTES) {
      return true;
    }
    long inputBytes = 0;
    Set<String> seen = new HashSet<>();
    List<String> todo = new ArrayList<>(List.of(n.getName()));
    while (!todo.isEmpty()) {
      NodeDef cur = byName.get(TensorNames.nodeName(todo.remove(todo.size() - 1)));
      if (cur == null || !seen.add(cur.getName())) {
        continue;
      }
      if (ConstTensors.isConst(cur)) {
        inputBytes += ConstTensors.value(cur).getSerializedSize();
      } else {
        todo.addAll(cur.getInputList());
      }
    }
    return bytes <= inputBytes;
  }
}
