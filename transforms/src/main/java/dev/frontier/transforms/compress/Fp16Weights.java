package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ModelIr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

/**
 * {@code fp16}: every layer weight stored as IEEE half (2 bytes per value, rounded to nearest even),
 * cast back to float in the graph: {@code <weight>/fp16} (Const DT_HALF) → {@code <weight>} (Cast to
 * DT_FLOAT) → the layer. Halves the weight bytes; the layer still computes in float.
 */
public final class Fp16Weights implements CompressionMethod {
  public static final String NAME = "fp16";
  static final String HALF_SUFFIX = "/fp16";

  @Override
  public String name() { return NAME; }

  @Override
  public Kind kind() { return Kind.QUANTIZATION; }

  @Override
  public Set<MethodParameters.Param> acceptedParams() { return EnumSet.noneOf(MethodParameters.Param.class); }

  @Override
  public ModelIr apply(ModelIr ir, MethodParameters params) {
    params.checkFor(this);
    Map<String, List<NodeDef>> replacements = new LinkedHashMap<>();
    for (LayerWeights.Weight w : LayerWeights.read(NAME, ir)) {
      ByteBuffer halves = ByteBuffer.allocate(w.size() * Short.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : w.values()) {
        halves.putShort(HalfFloats.fromFloat(v));
      }
      String stored = w.nodeName() + HALF_SUFFIX;
      replacements.put(w.nodeName(), List.of(
          GraphNodes.constant(stored, DataType.DT_HALF, w.shape(), halves.array()),
          GraphNodes.cast(w.nodeName(), stored, DataType.DT_HALF, DataType.DT_FLOAT)));
    }
    return LayerWeights.replace(ir, replacements);
  }
}
