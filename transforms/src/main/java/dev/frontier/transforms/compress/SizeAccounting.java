package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.SessionRunTime;
import dev.frontier.transforms.model.TensorNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Parameters and non-zero parameters of the layer weights of any IR, float or compressed. (Artifact bytes
 * and their gzip size are {@code measure.ArtifactSize}'s job.)
 *
 * <p>Why run the graph: a compressed IR stores weights as int8, packed int4 or half, behind a small
 * dequantization subgraph. Fetching the float weight each layer actually multiplies by (input 1 of every
 * MatMul / Conv2D / DepthwiseConv2dNative, when it depends on constants only) counts zeros after
 * dequantization for every method alike; since every scale is positive, these are exactly the zero
 * quantized levels. A weight read by several layers is counted once.
 */
public final class SizeAccounting {
  private static final Set<String> LAYER_OPS = Set.of("MatMul", "Conv2D", "DepthwiseConv2dNative");

  private SizeAccounting() {}

  /** One layer's weight: its element count and how many are not zero. */
  public record LayerCount(String layerName, long params, long nonzeroParams) {}

  /** The weights of all layers. */
  public record WeightCounts(List<LayerCount> layers) {
    public WeightCounts {
      layers = List.copyOf(layers);
    }

    public long params() {
      return layers.stream().mapToLong(LayerCount::params).sum();
    }

    public long nonzeroParams() {
      return layers.stream().mapToLong(LayerCount::nonzeroParams).sum();
    }

    /** Share of zero weights, 0 when there are none. */
    public double zeroShare() {
      long p = params();
      return p == 0 ? 0 : (p - nonzeroParams()) / (double) p;
    }
  }

  /** A layer's weight as the layer sees it (dequantized). */
  record LayerWeight(String layerName, String tensorName, float[] values) {}

  /** Counts of the weights {@link #layerWeights} finds. */
  public static WeightCounts weightCounts(ModelIr ir) {
    List<LayerCount> counts = new ArrayList<>();
    for (LayerWeight w : layerWeights(ir)) {
      long nonzero = 0;
      for (float v : w.values()) {
        if (v != 0f) {
          nonzero++;
        }
      }
      counts.add(new LayerCount(w.layerName(), w.values().length, nonzero));
    }
    return new WeightCounts(counts);
  }

  /** The float weight of every layer of {@code ir}, computed by TF from the graph's constants, in graph order. */
  static List<LayerWeight> layerWeights(ModelIr ir) {
    GraphDef graph = ir.graphDef();
    Map<String, NodeDef> byName = new HashMap<>();
    graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
    List<String> layers = new ArrayList<>();
    List<String> tensors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Map<String, Boolean> constantMemo = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      if (LAYER_OPS.contains(n.getOp()) && n.getInputCount() >= 2) {
        String ref = TensorNames.withIndex(n.getInput(1));
        if (constantOnly(TensorNames.nodeName(ref), byName, constantMemo) && seen.add(ref)) {
          layers.add(n.getName());
          tensors.add(ref);
        }
      }
    }
    List<LayerWeight> out = new ArrayList<>();
    if (tensors.isEmpty()) {
      return out;
    }
    try (Graph g = new Graph()) {
      g.importGraphDef(graph);
      try (Session s = new Session(g)) {
        Session.Runner runner = s.runner();
        tensors.forEach(runner::fetch);
        long startNanos = System.nanoTime();
        try (Result r = runner.run()) {
          SessionRunTime.add(System.nanoTime() - startNanos);
          for (int i = 0; i < tensors.size(); i++) {
            float[] values = ConstTensors.floats(ConstTensors.fromTensor(r.get(i)));
            out.add(new LayerWeight(layers.get(i), tensors.get(i), values));
          }
        }
      }
    }
    return out;
  }

  /** Whether {@code node} depends on Const nodes only (every input-less ancestor is a Const). */
  private static boolean constantOnly(String node, Map<String, NodeDef> byName, Map<String, Boolean> memo) {
    Boolean known = memo.get(node);
    if (known != null) {
      return known;
    }
    memo.put(node, false); // a cycle (not in a valid GraphDef) is not constant
    NodeDef n = byName.get(node);
    boolean result = n != null && (n.getInputCount() == 0 ? ConstTensors.isConst(n)
        : n.getInputList().stream().allMatch(in -> constantOnly(TensorNames.nodeName(in), byName, memo)));
    memo.put(node, result);
    return result;
  }
}
