package dev.frontier.transforms.compress;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.model.LayerInfo;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.NodeDef;

/**
 * What the full-integer scheme does to each layer of one model: run it on integer kernels (an
 * {@link Int8Layer} with all its numbers) or keep it float (with the reason). Decided once and handed to
 * both {@link FullInt8Simulated} and {@link FullInt8Kernels}, so the graph whose accuracy is measured
 * quantizes exactly the layers the shipped artifact runs in integer arithmetic ("simulate what you run").
 *
 * @param integerLayers the quantized layers, in graph order
 * @param floatLayers layer name → why it stays float, in graph order
 */
record Int8Plan(List<Int8Layer> integerLayers, Map<String, String> floatLayers) {

  Int8Plan {
    integerLayers = List.copyOf(integerLayers);
    floatLayers = Collections.unmodifiableMap(new LinkedHashMap<>(floatLayers));
  }

  /**
   * The plan for {@code ir}.
   *
   * @param ranges calibrated ranges of the layers' input tensors ({@link #activationTensors})
   * @param granularity weight scales per tensor or per output channel
   * @param activationBits levels of the activation grids quantized from float (see
   *     {@link FullInt8Kernels#ACTIVATION_BITS}); grids handed on between quantized layers have
   *     {@value FullInt8Kernels#HANDED_ON_ACTIVATION_BITS} bits
   * @param keepFloat layer names the user keeps float
   * @throws IllegalArgumentException when a layer to quantize has no calibrated range, a kept-float name is
   *     not a layer, or the IR has no compressible float layers (messages name the model)
   */
  static Int8Plan of(ModelIr ir, ActivationRanges ranges, Granularity granularity, int activationBits,
      Collection<String> keepFloat) {
    Set<String> kept = checkedLayerNames(ir, keepFloat);
    GraphIndex graph = new GraphIndex(ir);
    List<Int8Layer> integer = new ArrayList<>();
    Map<String, String> floats = new LinkedHashMap<>();
    for (LayerWeights.Weight w : LayerWeights.read(FullInt8.NAME, ir)) {
      for (String layer : w.layerNames()) {
        NodeDef node = graph.node(layer);
        String reason = kept.contains(layer) ? "kept float (skipLayers)" : KernelSupport.whyNot(node, w, graph);
        if (reason == null) {
          ActivationGrid grid = ActivationGrid.of(rangeOf(ir, ranges, node.getInput(0)), activationBits);
          reason = KernelSupport.whyNotWithZeroPoint(node, w, grid);
          if (reason == null) {
            integer.add(layer(node, w, grid, granularity, graph, SymmetricQuantizer.INT8_MAX_LEVEL));
            continue;
          }
        }
        floats.put(layer, reason);
      }
    }
    return withHandedOnGrids(ir, ranges, granularity, graph, new Int8Plan(integer, floats));
  }

  /**
   * {@code plan} with every layer that reads its levels from another quantized layer re-planned on a
   * {@value FullInt8Kernels#HANDED_ON_ACTIVATION_BITS}-bit input grid and weights within
   * ±{@value FullInt8Kernels#HANDED_ON_WEIGHT_MAX_LEVEL} (see {@link FullInt8Kernels#HANDED_ON_ACTIVATION_BITS}).
   * Which layers those are depends only on the graph and on which inputs start at 0, neither of which the bits
   * change, so the handoffs of the result are those of {@code plan}.
   */
  private static Int8Plan withHandedOnGrids(ModelIr ir, ActivationRanges ranges, Granularity granularity,
      GraphIndex graph, Int8Plan plan) {
    Set<String> receivers = Int8Handoffs.of(ir, plan).receivers();
    if (receivers.isEmpty()) {
      return plan;
    }
    List<Int8Layer> layers = new ArrayList<>();
    for (Int8Layer l : plan.integerLayers()) {
      if (receivers.contains(l.name())) {
        ActivationGrid grid = ActivationGrid.of(rangeOf(ir, ranges, l.node().getInput(0)),
            FullInt8Kernels.HANDED_ON_ACTIVATION_BITS);
        layers.add(layer(l.node(), l.weight(), grid, granularity, graph, FullInt8Kernels.HANDED_ON_WEIGHT_MAX_LEVEL));
      } else {
        layers.add(l);
      }
    }
    return new Int8Plan(layers, plan.floatLayers());
  }

  /**
   * The tensors the scheme quantizes: input 0 of every compressible layer, as {@code node:index}. This is
   * what calibration must measure; {@link ActivationRanges} keys are looked up in this form (or without the
   * {@code :0}).
   */
  static List<String> activationTensors(ModelIr ir) {
    GraphIndex graph = new GraphIndex(ir);
    Set<String> seen = new LinkedHashSet<>();
    for (LayerInfo l : ir.layers()) {
      seen.add(TensorNames.withIndex(graph.node(l.name()).getInput(0)));
    }
    return List.copyOf(seen);
  }

  private static ActivationRanges.Range rangeOf(ModelIr ir, ActivationRanges ranges, String inputRef) {
    String withIndex = TensorNames.withIndex(inputRef);
    ActivationRanges.Range r = ranges.ranges().get(withIndex);
    if (r == null) {
      r = ranges.ranges().get(TensorNames.normalize(inputRef));
    }
    if (r == null) {
      throw new IllegalArgumentException(FullInt8.NAME + ": model '" + ir.modelId() + "': no calibrated range for"
          + " tensor '" + withIndex + "' (" + ranges.method() + " calibration has " + ranges.ranges().keySet() + ")");
    }
    return r;
  }

  private static Int8Layer layer(NodeDef node, LayerWeights.Weight w, ActivationGrid grid, Granularity granularity,
      GraphIndex graph, int weightMaxLevel) {
    SymmetricQuantizer.Quantized q = Int8Weights.quantize(w, granularity, weightMaxLevel);
    int channels = WeightLayout.of(FullInt8.NAME, w).channels();
    long[] columnSums = new long[channels];
    byte[] levels = q.levels();
    for (int i = 0; i < levels.length; i++) {
      columnSums[i % channels] += levels[i];
    }
    float[] scales = new float[q.scales().length];
    for (int j = 0; j < scales.length; j++) {
      scales[j] = grid.scale() * q.scales()[j];
    }
    BiasAdd bias = BiasAdd.find(node.getName(), channels, graph);
    float[] biasValues = bias == null ? new float[channels] : bias.values();
    return new Int8Layer(node, grid, w, q, bias, Int32Bias.levels(biasValues, scales), scales, columnSums);
  }

  private static Set<String> checkedLayerNames(ModelIr ir, Collection<String> names) {
    List<String> known = ir.layers().stream().map(LayerInfo::name).toList();
    for (String name : names) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(FullInt8.NAME + ": model '" + ir.modelId() + "' has no layer '" + name
            + "' (skipLayers); its layers are " + known);
      }
    }
    return new TreeSet<>(names);
  }
}
