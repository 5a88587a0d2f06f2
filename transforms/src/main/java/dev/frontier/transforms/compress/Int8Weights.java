package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ModelIr;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

/**
 * {@code int8-weight}: weight-only ("dynamic range") int8 as the TFLite spec defines weights: symmetric
 * levels in [-127, 127], zero-point 0, one scale per tensor or per output channel (parameter
 * {@code granularity}, default per-channel). Bit-exact with TF's QuantizeV2 (see {@link SymmetricQuantizer}).
 *
 * <p>In the graph: {@code <weight>/int8} (Const DT_INT8) → {@code <weight>/int8/to_float} (Cast) →
 * {@code <weight>} = Mul by {@code <weight>/int8/scale} (scalar, or one float per channel broadcast along
 * the channel axis: [out], or [in, mult] for depthwise) → the layer. 1 byte per value plus the scales.
 */
public final class Int8Weights implements CompressionMethod {
  public static final String NAME = "int8-weight";
  static final String INT8_SUFFIX = "/int8";
  private static final long[] SCALAR = new long[0];

  @Override
  public String name() { return NAME; }

  @Override
  public Kind kind() { return Kind.QUANTIZATION; }

  @Override
  public Set<MethodParameters.Param> acceptedParams() { return EnumSet.of(MethodParameters.Param.GRANULARITY); }

  @Override
  public ModelIr apply(ModelIr ir, MethodParameters params) {
    params.checkFor(this);
    Map<String, List<NodeDef>> replacements = new LinkedHashMap<>();
    for (LayerWeights.Weight w : LayerWeights.read(NAME, ir)) {
      replacements.put(w.nodeName(), nodes(w, params.granularity()));
    }
    return LayerWeights.replace(ir, replacements);
  }

  /** The levels and scales of {@code w} at {@code granularity}: what the graph stores. */
  static SymmetricQuantizer.Quantized quantize(LayerWeights.Weight w, Granularity granularity) {
    return quantize(w, granularity, SymmetricQuantizer.INT8_MAX_LEVEL);
  }

  /** Levels in [-maxLevel, maxLevel] (the full-integer scheme uses fewer than 127 for some layers). */
  static SymmetricQuantizer.Quantized quantize(LayerWeights.Weight w, Granularity granularity, int maxLevel) {
    SymmetricQuantizer.Blocks blocks = granularity == Granularity.PER_TENSOR
        ? SymmetricQuantizer.Blocks.perTensor(w.size())
        : WeightLayout.of(NAME, w).perChannel();
    return SymmetricQuantizer.quantize(w.values(), blocks, maxLevel);
  }

  private static List<NodeDef> nodes(LayerWeights.Weight w, Granularity granularity) {
    SymmetricQuantizer.Quantized q = quantize(w, granularity);
    long[] scaleShape = granularity == Granularity.PER_TENSOR ? SCALAR : WeightLayout.of(NAME, w).channelShape();
    String p = w.nodeName() + INT8_SUFFIX;
    return List.of(
        GraphNodes.constant(p, DataType.DT_INT8, w.shape(), q.levels()),
        GraphNodes.cast(p + "/to_float", p, DataType.DT_INT8, DataType.DT_FLOAT),
        GraphNodes.floatConstant(p + "/scale", scaleShape, q.scales()),
        GraphNodes.binary("Mul", w.nodeName(), p + "/to_float", p + "/scale", DataType.DT_FLOAT));
  }
}
