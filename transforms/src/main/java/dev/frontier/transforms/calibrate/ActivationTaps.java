package dev.frontier.transforms.calibrate;

import dev.frontier.transforms.model.LayerInfo;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorNames;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Which tensors of a model calibration observes, named as {@code node:index} (e.g.
 * {@code sequential/flatten/Reshape:0}), the keys of {@link ActivationRanges}.
 *
 * <p>{@link #of} taps what a full-integer scheme quantizes: the activation input of every compressible
 * layer (input 0 of each MatMul / Conv2D / DepthwiseConv2dNative). {@link #inputsAndOutputs} adds each
 * layer's output after its bias and ReLU ({@link #outputTensor}), for schemes that requantize a layer's
 * output in the layer itself (the {@code …AndRequantize} kernels need that range); in a chain of layers
 * most outputs are the next layer's input anyway. Both scheme and calibration name tensors through
 * {@link #inputTensor} / {@link #outputTensor}, so the names agree. Immutable and serializable.
 */
public final class ActivationTaps implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Set<String> BIAS_OPS = Set.of("BiasAdd", "Add", "AddV2");
  private static final Set<String> ACTIVATION_OPS = Set.of("Relu", "Relu6");

  private final String modelId;
  private final Map<String, String> layerInputs;
  private final Map<String, String> layerOutputs;

  private ActivationTaps(String modelId, Map<String, String> layerInputs, Map<String, String> layerOutputs) {
    this.modelId = modelId;
    this.layerInputs = Collections.unmodifiableMap(new LinkedHashMap<>(layerInputs));
    this.layerOutputs = Collections.unmodifiableMap(new LinkedHashMap<>(layerOutputs));
  }

  /** The activation input of every layer of {@code ir}. */
  public static ActivationTaps of(ModelIr ir) {
    Map<String, String> inputs = new LinkedHashMap<>();
    for (LayerInfo layer : requireLayers(ir)) {
      inputs.put(layer.name(), inputTensor(ir, layer));
    }
    return new ActivationTaps(ir.modelId(), inputs, Map.of());
  }

  /** Layer inputs as {@link #of}, plus every layer's output after bias and ReLU. */
  public static ActivationTaps inputsAndOutputs(ModelIr ir) {
    ActivationTaps inputs = of(ir);
    Map<String, String> outputs = new LinkedHashMap<>();
    for (LayerInfo layer : ir.layers()) {
      outputs.put(layer.name(), outputTensor(ir, layer));
    }
    return new ActivationTaps(ir.modelId(), inputs.layerInputs, outputs);
  }

  /**
   * The raw result of each named layer node ({@link #layerResult}: the product before bias and activation),
   * as layer outputs; what bias correction compares between a float and a compressed graph. The layers need
   * not be compressible in {@code ir} (a quantized graph keeps the node names but its weights are no longer
   * Consts).
   */
  public static ActivationTaps layerResults(ModelIr ir, Collection<String> layerNames) {
    Map<String, String> outputs = new LinkedHashMap<>();
    for (String layer : layerNames) {
      outputs.put(layer, layerResult(node(ir, layer).getName()));
    }
    return new ActivationTaps(ir.modelId(), Map.of(), outputs);
  }

  /**
   * Exactly the tensors {@code tensorNames} (each as {@code node:index}), for schemes that quantize more
   * than layer inputs and outputs (a .tflite file quantizes every activation tensor). Each name is its own
   * entry of {@link #layerOutputs}.
   *
   * @throws IllegalArgumentException naming the model when a tensor's node is not in its graph
   */
  public static ActivationTaps tensors(ModelIr ir, List<String> tensorNames) {
    Map<String, String> outputs = new LinkedHashMap<>();
    for (String t : tensorNames) {
      node(ir, TensorNames.nodeName(t));
      outputs.put(TensorNames.withIndex(t), TensorNames.withIndex(t));
    }
    return new ActivationTaps(ir.modelId(), Map.of(), outputs);
  }

  /** A layer node's own result, {@code node:0}. */
  public static String layerResult(String layerName) {
    return TensorNames.data(layerName, 0);
  }

  /** The tensor a layer multiplies its weight with (its input 0), as {@code node:index}. */
  public static String inputTensor(ModelIr ir, LayerInfo layer) {
    return TensorNames.withIndex(node(ir, layer.name()).getInput(0));
  }

  /**
   * A layer's output as the next layer sees it: the layer node, then its sole consumer if that is a
   * BiasAdd / Add / AddV2 of a Const, then that one's sole consumer if it is a Relu / Relu6; as {@code node:index}.
   */
  public static String outputTensor(ModelIr ir, LayerInfo layer) {
    Map<String, List<NodeDef>> consumers = consumers(ir.graphDef());
    NodeDef end = node(ir, layer.name());
    NodeDef next = soleConsumer(consumers, end);
    if (next != null && BIAS_OPS.contains(next.getOp()) && addsConstant(ir, next)) {
      end = next;
      next = soleConsumer(consumers, end);
    }
    if (next != null && ACTIVATION_OPS.contains(next.getOp())) {
      end = next;
    }
    return TensorNames.withIndex(end.getName());
  }

  public String modelId() {
    return modelId;
  }

  /** Layer name → its input tensor, in graph order. */
  public Map<String, String> layerInputs() {
    return layerInputs;
  }

  /** Layer name → its output tensor, in graph order; empty unless made by {@link #inputsAndOutputs}. */
  public Map<String, String> layerOutputs() {
    return layerOutputs;
  }

  /** Every tapped tensor once (two layers may read the same input), inputs first, in graph order. */
  public List<String> tensorNames() {
    Set<String> names = new LinkedHashSet<>(layerInputs.values());
    names.addAll(layerOutputs.values());
    return List.copyOf(new ArrayList<>(names));
  }

  private static List<LayerInfo> requireLayers(ModelIr ir) {
    if (ir.layers().isEmpty()) {
      throw new IllegalArgumentException("model '" + ir.modelId()
          + "' has no compressible layer (MatMul / Conv2D / DepthwiseConv2dNative with a Const weight): nothing to calibrate");
    }
    return ir.layers();
  }

  private static NodeDef node(ModelIr ir, String name) {
    for (NodeDef n : ir.graphDef().getNodeList()) {
      if (n.getName().equals(name)) {
        return n;
      }
    }
    throw new IllegalArgumentException("model '" + ir.modelId() + "' has no node '" + name + "'");
  }

  /** Whether a BiasAdd / Add node adds a Const (a bias), not another activation (a residual). */
  private static boolean addsConstant(ModelIr ir, NodeDef add) {
    for (String in : add.getInputList()) {
      if (!TensorNames.isControl(in) && "Const".equals(node(ir, TensorNames.nodeName(in)).getOp())) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, List<NodeDef>> consumers(GraphDef graph) {
    Map<String, List<NodeDef>> m = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      for (String in : n.getInputList()) {
        if (!TensorNames.isControl(in)) {
          m.computeIfAbsent(TensorNames.nodeName(in), k -> new ArrayList<>()).add(n);
        }
      }
    }
    return m;
  }

  private static NodeDef soleConsumer(Map<String, List<NodeDef>> consumers, NodeDef n) {
    List<NodeDef> users = consumers.getOrDefault(n.getName(), List.of());
    return users.size() == 1 ? users.get(0) : null;
  }

  @Override
  public String toString() {
    return "ActivationTaps[" + modelId + ": " + tensorNames() + "]";
  }
}
