package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.NodeDef;

/**
 * {@code magnitude}: unstructured magnitude pruning: the weights of smallest |w| become zero.
 *
 * <p>Parameters: {@code sparsity} (share of weights zeroed, default {@value MethodParameters#DEFAULT_SPARSITY}),
 * {@code scope} ({@code layer}, the default: every non-skipped layer gets exactly round(sparsity·n) zeros;
 * {@code global}: one threshold over all non-skipped layers, exactly round(sparsity·N) zeros in total),
 * {@code skipLayers} (layer names left untouched; a weight shared with a skipped layer is skipped too).
 * Equal magnitudes are taken in a fixed order (layer order, then row-major index), so the result is
 * deterministic. Biases are not pruned. The weights stay dense float Consts: the zeros pay off once the
 * artifact is gzipped, or quantized and gzipped. Weights already zero count among the zeros, so a layer
 * with more zeros than asked for keeps them.
 */
public final class MagnitudePruning implements CompressionMethod {
  public static final String NAME = "magnitude";
  private static final int INDEX_BITS = 32;
  private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

  @Override
  public String name() { return NAME; }

  @Override
  public Kind kind() { return Kind.PRUNING; }

  @Override
  public Set<MethodParameters.Param> acceptedParams() {
    return EnumSet.of(MethodParameters.Param.SPARSITY, MethodParameters.Param.SCOPE, MethodParameters.Param.SKIP_LAYERS);
  }

  @Override
  public ModelIr apply(ModelIr ir, MethodParameters params) {
    params.checkFor(this);
    Set<String> skipped = LayerWeights.checkedSkipList(NAME, ir, params.skipLayers());
    List<LayerWeights.Weight> targets = new ArrayList<>();
    for (LayerWeights.Weight w : LayerWeights.read(NAME, ir)) {
      if (w.layerNames().stream().noneMatch(skipped::contains)) {
        targets.add(w);
      }
    }
    Map<String, float[]> pruned = new LinkedHashMap<>();
    for (LayerWeights.Weight w : targets) {
      pruned.put(w.nodeName(), w.values().clone());
    }
    if (params.scope() == PruningScope.LAYER) {
      for (float[] values : pruned.values()) {
        zeroSmallest(List.of(values), zeroCount(params.sparsity(), values.length));
      }
    } else {
      long total = pruned.values().stream().mapToLong(v -> v.length).sum();
      zeroSmallest(new ArrayList<>(pruned.values()), zeroCount(params.sparsity(), total));
    }
    Map<String, List<NodeDef>> replacements = new LinkedHashMap<>();
    for (LayerWeights.Weight w : targets) {
      replacements.put(w.nodeName(), List.of(ConstTensors.constNode(w.nodeName(),
          ConstTensors.floatTensor(w.shape(), pruned.get(w.nodeName())))));
    }
    return LayerWeights.replace(ir, replacements);
  }

  /** round(sparsity · n), halves up. */
  static long zeroCount(double sparsity, long n) {
    return Math.round(sparsity * n);
  }

  /**
   * Sets the {@code count} values of smallest magnitude across {@code arrays} to zero; equal magnitudes are
   * taken in array order, then index order. Each value gets a unique (|w| bits, position) key: the float
   * bits of a non-negative float order like the float, so keys order by magnitude and break ties by
   * position. The {@code count}-th smallest key is found by selection (linear time, no full sort), and
   * every value with a smaller key is zeroed.
   */
  static void zeroSmallest(List<float[]> arrays, long count) {
    int total = Math.toIntExact(arrays.stream().mapToLong(a -> a.length).sum());
    if (count <= 0) {
      return;
    }
    long[] keys = new long[total];
    int offset = 0;
    for (float[] a : arrays) {
      for (int i = 0; i < a.length; i++) {
        keys[offset + i] = ((long) Float.floatToIntBits(Math.abs(a[i])) << INDEX_BITS) | (offset + i);
      }
      offset += a.length;
    }
    long firstKept = count >= total ? Long.MAX_VALUE : select(keys.clone(), (int) count);
    offset = 0;
    for (float[] a : arrays) {
      for (int i = 0; i < a.length; i++) {
        if (keys[offset + i] < firstKept) {
          a[i] = 0f;
        }
      }
      offset += a.length;
    }
  }

  /** The {@code rank}-th smallest (0-based) of distinct {@code keys}, which it reorders (quickselect). */
  static long select(long[] keys, int rank) {
    int lo = 0;
    int hi = keys.length - 1;
    while (lo < hi) {
      long pivot = medianOfThree(keys[lo], keys[(lo + hi) >>> 1], keys[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (keys[i] < pivot) {
          i++;
        }
        while (keys[j] > pivot) {
          j--;
        }
        if (i <= j) {
          long t = keys[i];
          keys[i++] = keys[j];
          keys[j--] = t;
        }
      }
      if (rank <= j) {
        hi = j;
      } else if (rank >= i) {
        lo = i;
      } else {
        return keys[rank];
      }
    }
    return keys[rank];
  }

  private static long medianOfThree(long a, long b, long c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
