package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.proto.NodeDef;

/**
 * {@code n-of-m}: semi-structured N:M sparsity, the pattern sparse accelerators run (2:4 on sparse tensor
 * cores): along the input axis of every layer, each group of {@code m} consecutive weights of one output
 * channel keeps its {@code n} largest |w| and the others become zero. The input axis is the MatMul's rows
 * ([in, out]) and a Conv2D's input channels ([h, w, in, out]: groups never straddle two kernel positions).
 *
 * <p>Parameters: {@code n} and {@code m} (default 2 and 4; 1 ≤ n &lt; m ≤ {@value MethodParameters#MAX_M}),
 * {@code skipLayers}. A layer whose input axis is not a multiple of {@code m} (e.g. a first convolution with
 * one input channel), a depthwise convolution (no input axis to group) or a MatMul reading its weight
 * transposed is left whole, with the reason logged. Equal magnitudes keep the lower index, so the result is
 * deterministic.
 *
 * <p>Pruning leaves dense weights with zeros, so any quantization can follow. When the weights stay float to the
 * end, {@link #store} writes each N:M weight compactly ({@link NOfMStorage}: values plus packed positions), so
 * {@code size_bytes} shows the pattern. This CPU's TF kernels have no N:M path: the graph rebuilds the dense
 * weight and runs as fast as dense.
 */
public final class NOfMPruning implements CompressionMethod {
  public static final String NAME = "n-of-m";
  private static final Logger LOG = LoggerFactory.getLogger(NOfMPruning.class);

  @Override
  public String name() { return NAME; }

  @Override
  public Kind kind() { return Kind.PRUNING; }

  @Override
  public Set<MethodParameters.Param> acceptedParams() {
    return EnumSet.of(MethodParameters.Param.N, MethodParameters.Param.M, MethodParameters.Param.SKIP_LAYERS);
  }

  @Override
  public ModelIr apply(ModelIr ir, MethodParameters params) {
    params.checkFor(this);
    Set<String> skipped = LayerWeights.checkedSkipList(NAME, ir, params.skipLayers());
    Map<String, List<NodeDef>> replacements = new LinkedHashMap<>();
    for (LayerWeights.Weight w : LayerWeights.read(NAME, ir)) {
      if (w.layerNames().stream().anyMatch(skipped::contains)) {
        continue;
      }
      String reason = whyNot(w, params.m());
      if (reason != null) {
        LOG.info("{}, model '{}': layer '{}' left whole: {}", NAME, ir.modelId(), w.layerNames().get(0), reason);
        continue;
      }
      float[] values = masked(w.values(), Groups.of(w, params.m()), params.n());
      replacements.put(w.nodeName(), List.of(ConstTensors.constNode(w.nodeName(),
          ConstTensors.floatTensor(w.shape(), values))));
    }
    return LayerWeights.replace(ir, replacements);
  }

  /** Float weights that hold the N:M pattern are written compactly; quantized ones are left as they are. */
  @Override
  public ModelIr store(ModelIr ir, MethodParameters params) {
    return NOfMStorage.compact(ir, params.n(), params.m());
  }

  /** Why a weight cannot take the pattern, or null when it can. */
  static String whyNot(LayerWeights.Weight w, int m) {
    if (w.transposed()) {
      return "its MatMul reads the weight transposed (transpose_b)";
    }
    switch (w.op()) {
      case "MatMul":
        return w.shape()[0] % m == 0 ? null : "its " + w.shape()[0] + " inputs are not a multiple of m=" + m;
      case "Conv2D":
        return w.shape()[2] % m == 0 ? null
            : "its " + w.shape()[2] + " input channels are not a multiple of m=" + m;
      default:
        return "a " + w.op() + " has no input axis to group";
    }
  }

  /**
   * {@code values} with all but the {@code n} largest |w| of every group zeroed (ties keep the lower position).
   */
  static float[] masked(float[] values, Groups groups, int n) {
    float[] out = values.clone();
    for (int g = 0; g < groups.count(); g++) {
      boolean[] keep = new boolean[groups.m()];
      for (int k = 0; k < n; k++) {
        int best = -1;
        for (int j = 0; j < groups.m(); j++) {
          if (!keep[j] && (best < 0 || Math.abs(values[groups.index(g, j)]) > Math.abs(values[groups.index(g, best)]))) {
            best = j;
          }
        }
        keep[best] = true;
      }
      for (int j = 0; j < groups.m(); j++) {
        if (!keep[j]) {
          out[groups.index(g, j)] = 0f;
        }
      }
    }
    return out;
  }

  /**
   * The groups of a [rows, channels] row-major weight (a MatMul's [in, out], a Conv2D's [h·w·in, out]): group
   * {@code g} is rows {@code (g / channels)·m … +m−1} of channel {@code g % channels}.
   */
  record Groups(int rows, int channels, int m) {
    static Groups of(LayerWeights.Weight w, int m) {
      long[] s = w.shape();
      long channels = s[s.length - 1];
      return new Groups(Math.toIntExact(ConstTensors.elementCount(s) / channels), Math.toIntExact(channels), m);
    }

    int count() {
      return rows / m * channels;
    }

    /** The flat index of position {@code j} of group {@code g}. */
    int index(int g, int j) {
      int block = g / channels;
      int channel = g % channels;
      return (block * m + j) * channels + channel;
    }
  }
}
