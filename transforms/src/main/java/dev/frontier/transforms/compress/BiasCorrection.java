package dev.frontier.transforms.compress;

import dev.frontier.transforms.calibrate.ActivationCollector;
import dev.frontier.transforms.calibrate.ActivationTaps;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.LayerInfo;
import dev.frontier.transforms.model.ModelIr;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Empirical bias correction (Nagel et al., "Data-Free Quantization Through Weight Equalization and Bias
 * Correction", 2019, section 4.2, the empirical variant): after pruning or quantization, each layer's
 * output is shifted on average, and the shift compounds through the layers. For every layer in graph order,
 * the per-channel mean of its pre-bias output is measured on the same rows in the reference (float) graph
 * and in the compressed graph whose earlier layers are already corrected, and the difference is added to
 * the layer's bias. Needs rows, no labels.
 *
 * <p>A layer is corrected only where the two graphs can be compared channel by channel: the compressed graph
 * has the layer under the same name with the same number of output channels (a layer that lost channels to
 * structured pruning is left as it is; the layers after it are still corrected), and a bias Const that only
 * that layer's add reads ({@link BiasAdd#find}). Every skipped layer is logged with its reason. Weight-only
 * schemes keep biases float, so the correction applies to their graphs directly.
 *
 * <p>Deterministic: the same graphs and rows give the same biases (means are summed in double, in row
 * order). Costs one run of the reference graph and one run of the compressed graph per corrected layer,
 * each stopping at that layer.
 */
public final class BiasCorrection {
  /** The name the sweep's {@code recovery} axis uses. */
  public static final String NAME = "bias-correction";
  /** A channel whose output spreads less than this is constant: its weights are not rescaled. */
  private static final double MIN_STD = 1e-6;
  private static final Logger LOG = LoggerFactory.getLogger(BiasCorrection.class);

  private BiasCorrection() {}

  /**
   * {@code compressed} with each comparable layer's bias corrected towards {@code reference}'s mean output.
   *
   * @param reference the float model the compressed one approximates (same inputs)
   * @param rows model input rows (e.g. calibration rows), preprocessed as predictors feed them
   * @param featureNames the dataset's column names (tf.Example inputs), empty for images
   * @throws IllegalArgumentException when there are no rows or the two IRs are of different models
   */
  public static ModelIr correct(ModelIr reference, ModelIr compressed, float[][] rows, List<String> featureNames) {
    return correct(reference, compressed, rows, featureNames, false);
  }

  /**
   * As {@link #correct(ModelIr, ModelIr, float[][], List)}, and before the bias each output channel's weights
   * are scaled by σ_reference / σ_compressed of the channel's pre-bias output, so its spread matches the
   * float layer's too (zeros stay zero). Only layers whose weight is a float Const of their own are scaled
   * (pruned float graphs, not quantized ones); the others get the mean correction alone.
   */
  public static ModelIr correctMeanAndSpread(ModelIr reference, ModelIr compressed, float[][] rows,
      List<String> featureNames) {
    return correct(reference, compressed, rows, featureNames, true);
  }

  private static ModelIr correct(ModelIr reference, ModelIr compressed, float[][] rows, List<String> featureNames,
      boolean spread) {
    if (!reference.modelId().equals(compressed.modelId())) {
      throw new IllegalArgumentException(NAME + ": reference is model '" + reference.modelId()
          + "', compressed graph is model '" + compressed.modelId() + "'");
    }
    if (rows.length == 0) {
      throw new IllegalArgumentException(NAME + " of model '" + compressed.modelId() + "' needs rows, got none");
    }
    Map<String, float[]> targets = targets(reference, compressed);
    if (targets.isEmpty()) {
      return compressed;
    }
    Map<String, Integer> channels = new LinkedHashMap<>();
    targets.forEach((layer, bias) -> channels.put(layer, bias.length));
    Map<String, Moments> wanted = moments(reference, channels, rows, featureNames);
    ModelIr current = compressed;
    for (String layer : targets.keySet()) {
      Moments now = moments(current, Map.of(layer, channels.get(layer)), rows, featureNames).get(layer);
      Moments want = wanted.get(layer);
      double[] scale = new double[now.mean.length];
      Arrays.fill(scale, 1.0);
      if (spread) {
        current = scaled(current, layer, want, now, scale);
      }
      // The float layer's output is z + b; the compressed one's becomes scale·z' + b', so b' takes the float
      // bias (not the compressed graph's, which an earlier correction may have changed) plus the mean gap.
      float[] floatBias = targets.get(layer);
      BiasAdd bias = BiasAdd.find(layer, scale.length, new GraphIndex(current));
      float[] corrected = new float[floatBias.length];
      for (int c = 0; c < corrected.length; c++) {
        corrected[c] = (float) (floatBias[c] + want.mean[c] - scale[c] * now.mean[c]);
      }
      current = current.withGraph(withConst(current.graphDef(), bias.constNode(),
          ConstTensors.constNode(bias.constNode(), ConstTensors.floatTensor(bias.shape(), corrected))));
    }
    return current;
  }

  /**
   * {@code ir} with {@code layer}'s output channels scaled to {@code want}'s spread; fills {@code scale} with the
   * factors used (1 where the channel is constant or the weight cannot be scaled).
   */
  private static ModelIr scaled(ModelIr ir, String layer, Moments want, Moments now, double[] scale) {
    LayerWeights.Weight weight = null;
    for (LayerWeights.Weight w : LayerWeights.read(NAME, ir)) {
      if (w.layerNames().equals(List.of(layer)) && !w.transposed()) {
        weight = w;
      }
    }
    if (weight == null) {
      return ir;
    }
    int channels = scale.length;
    for (int c = 0; c < channels; c++) {
      if (now.std[c] > MIN_STD && want.std[c] > MIN_STD) {
        scale[c] = want.std[c] / now.std[c];
      }
    }
    float[] values = weight.values().clone();
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (values[i] * scale[i % channels]);
    }
    return LayerWeights.replace(ir, Map.of(weight.nodeName(),
        List.of(ConstTensors.constNode(weight.nodeName(), ConstTensors.floatTensor(weight.shape(), values)))));
  }

  /**
   * Layer name → its bias in {@code reference}, for the layers both graphs have with equal channel counts and a
   * foldable bias.
   */
  private static Map<String, float[]> targets(ModelIr reference, ModelIr compressed) {
    GraphIndex referenceGraph = new GraphIndex(reference);
    GraphIndex compressedGraph = new GraphIndex(compressed);
    Map<String, LayerInfo> compressedLayers = new LinkedHashMap<>();
    compressed.layers().forEach(l -> compressedLayers.put(l.name(), l));
    Map<String, float[]> targets = new LinkedHashMap<>();
    for (LayerInfo layer : reference.layers()) {
      int channels = BiasAdd.outputChannels(layer, referenceGraph);
      LayerInfo pruned = compressedLayers.get(layer.name());
      BiasAdd floatBias = BiasAdd.find(layer.name(), channels, referenceGraph);
      String reason = null;
      if (floatBias == null) {
        reason = "no bias Const that only this layer's add reads";
      } else if (compressedGraph.node(layer.name()) == null) {
        reason = "the compressed graph has no node of that name";
      } else if (pruned != null && BiasAdd.outputChannels(pruned, compressedGraph) != channels) {
        reason = "channel-pruned (" + BiasAdd.outputChannels(pruned, compressedGraph) + " of " + channels
            + " output channels left); the layers after it are corrected";
      } else if (BiasAdd.find(layer.name(), channels, compressedGraph) == null) {
        reason = "no foldable bias in the compressed graph";
      }
      if (reason == null) {
        targets.put(layer.name(), floatBias.values());
      } else {
        LOG.info("{}, model '{}': layer '{}' not corrected: {}", NAME, compressed.modelId(), layer.name(), reason);
      }
    }
    return targets;
  }

  /** Per-channel mean and standard deviation of a layer's pre-bias output. */
  private record Moments(double[] mean, double[] std) {}

  /** Layer name → mean and spread of each output channel of the layer node (before bias) over {@code rows}. */
  private static Map<String, Moments> moments(ModelIr ir, Map<String, Integer> layers, float[][] rows,
      List<String> featureNames) {
    Map<String, double[]> sums = new LinkedHashMap<>();
    Map<String, double[]> squares = new LinkedHashMap<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    try (ActivationCollector collector = new ActivationCollector(ir, ActivationTaps.layerResults(ir, layers.keySet()))) {
      for (int start = 0; start < rows.length; start += ActivationCollector.DEFAULT_BATCH_ROWS) {
        float[][] batch = Arrays.copyOfRange(rows, start,
            Math.min(rows.length, start + ActivationCollector.DEFAULT_BATCH_ROWS));
        Map<String, float[]> values = collector.activations(batch, featureNames);
        for (String layer : layers.keySet()) {
          float[] v = values.get(ActivationTaps.layerResult(layer));
          int channels = layers.get(layer);
          double[] sum = sums.computeIfAbsent(layer, k -> new double[channels]);
          double[] square = squares.computeIfAbsent(layer, k -> new double[channels]);
          for (int i = 0; i < v.length; i++) {
            sum[i % channels] += v[i];
            square[i % channels] += (double) v[i] * v[i];
          }
          counts.merge(layer, (long) (v.length / channels), Long::sum);
        }
      }
    }
    Map<String, Moments> out = new LinkedHashMap<>();
    sums.forEach((layer, sum) -> {
      double n = counts.get(layer);
      double[] mean = new double[sum.length];
      double[] std = new double[sum.length];
      for (int c = 0; c < sum.length; c++) {
        mean[c] = sum[c] / n;
        std[c] = Math.sqrt(Math.max(0, squares.get(layer)[c] / n - mean[c] * mean[c]));
      }
      out.put(layer, new Moments(mean, std));
    });
    return out;
  }

  private static GraphDef withConst(GraphDef graph, String name, NodeDef replacement) {
    GraphDef.Builder b = graph.toBuilder();
    for (int i = 0; i < b.getNodeCount(); i++) {
      if (b.getNode(i).getName().equals(name)) {
        b.setNode(i, replacement);
        return b.build();
      }
    }
    throw new IllegalStateException("no node '" + name + "'");
  }
}
