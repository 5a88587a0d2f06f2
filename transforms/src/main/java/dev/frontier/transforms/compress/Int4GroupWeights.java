package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ModelIr;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

/**
 * {@code int4-weight}: group-wise weight-only int4. For each output channel, every {@code groupSize}
 * (default {@value MethodParameters#DEFAULT_GROUP_SIZE}) consecutive values along the input axis (see
 * {@link WeightLayout}) share one scale = max|w in group| / 7; levels are symmetric in [-7, 7]. When the
 * group size does not divide the input axis the last group is padded with zeros.
 *
 * <p>Storage really is 4 bits: two levels per byte ({@link Nibbles}), so the weight costs
 * ≈ n/2 + 4·n/groupSize bytes. The graph unpacks it with TF ops, all below {@code <weight>/int4/}:
 * packed (uint8 [bytes]) → BitwiseAnd / RightShift → Pack → Reshape to the padded [groups, groupSize, channels]
 * levels (after a Slice dropping the padding nibble when the count is odd) → Cast to float, Sub 8 → Mul by
 * scale [groups, 1, channels] → {@code <weight>}: Reshape to the weight's shape, or, when the last group was
 * padded, Reshape + Slice to the [rows, channels] matrix (+ Reshape for conv filters). Nodes that would do
 * nothing are left out: each costs the long weight name several times over in the serialized graph.
 */
public final class Int4GroupWeights implements CompressionMethod {
  public static final String NAME = "int4-weight";
  static final String INT4_SUFFIX = "/int4/";

  @Override
  public String name() { return NAME; }

  @Override
  public Kind kind() { return Kind.QUANTIZATION; }

  @Override
  public Set<MethodParameters.Param> acceptedParams() { return EnumSet.of(MethodParameters.Param.GROUP_SIZE); }

  @Override
  public ModelIr apply(ModelIr ir, MethodParameters params) {
    params.checkFor(this);
    Map<String, List<NodeDef>> replacements = new LinkedHashMap<>();
    for (LayerWeights.Weight w : LayerWeights.read(NAME, ir)) {
      replacements.put(w.nodeName(), nodes(w, params.groupSize()));
    }
    return LayerWeights.replace(ir, replacements);
  }

  /** The levels ([rows, channels], unpadded) and group scales of {@code w}: what the graph stores. */
  static SymmetricQuantizer.Quantized quantize(LayerWeights.Weight w, int groupSize) {
    return SymmetricQuantizer.quantize(w.values(), WeightLayout.of(NAME, w).groups(groupSize),
        SymmetricQuantizer.INT4_MAX_LEVEL);
  }

  private static List<NodeDef> nodes(LayerWeights.Weight w, int groupSize) {
    SymmetricQuantizer.Quantized q = quantize(w, groupSize);
    SymmetricQuantizer.Blocks blocks = q.blocks();
    long groups = blocks.rowBlocks();
    long channels = blocks.channels();
    long paddedRows = groups * groupSize;
    int levelCount = Math.toIntExact(paddedRows * channels);
    byte[] packed = Nibbles.pack(q.levels(), levelCount);
    String p = w.nodeName() + INT4_SUFFIX;
    DataType u8 = DataType.DT_UINT8;
    DataType f32 = DataType.DT_FLOAT;
    List<NodeDef> nodes = new ArrayList<>(List.of(
        GraphNodes.constant(p + "packed", u8, new long[] {packed.length}, packed),
        GraphNodes.uint8Scalar(p + "low_mask", Nibbles.LOW_MASK),
        GraphNodes.uint8Scalar(p + "shift", Nibbles.BITS),
        GraphNodes.binary("BitwiseAnd", p + "low", p + "packed", p + "low_mask", u8),
        GraphNodes.binary("RightShift", p + "high", p + "packed", p + "shift", u8),
        GraphNodes.pack(p + "pairs", List.of(p + "low", p + "high"), 1, u8)));
    String levels = p + "pairs";
    if (2 * packed.length != levelCount) { // an odd level count: drop the padding nibble
      nodes.addAll(List.of(
          GraphNodes.int32Vector(p + "pairs_flat_shape", 2L * packed.length),
          GraphNodes.reshape(p + "pairs_flat", levels, p + "pairs_flat_shape", u8),
          GraphNodes.int32Vector(p + "levels_begin", 0),
          GraphNodes.int32Vector(p + "levels_size", levelCount),
          GraphNodes.slice(p + "levels", p + "pairs_flat", p + "levels_begin", p + "levels_size", u8)));
      levels = p + "levels";
    }
    nodes.addAll(List.of(
        GraphNodes.int32Vector(p + "grouped_shape", groups, groupSize, channels),
        GraphNodes.reshape(p + "grouped", levels, p + "grouped_shape", u8),
        GraphNodes.cast(p + "to_float", p + "grouped", u8, f32),
        GraphNodes.floatConstant(p + "offset", new long[0], Nibbles.OFFSET),
        GraphNodes.binary("Sub", p + "centered", p + "to_float", p + "offset", f32),
        GraphNodes.floatConstant(p + "scale", new long[] {groups, 1, channels}, q.scales()),
        GraphNodes.binary("Mul", p + "scaled", p + "centered", p + "scale", f32)));
    if (paddedRows == blocks.rows()) {
      nodes.add(GraphNodes.int32Vector(p + "shape", w.shape()));
      nodes.add(GraphNodes.reshape(w.nodeName(), p + "scaled", p + "shape", f32));
      return nodes;
    }
    boolean matrix = w.shape().length == 2;
    String rows = matrix ? w.nodeName() : p + "rows";
    nodes.addAll(List.of(
        GraphNodes.int32Vector(p + "padded_rows_shape", paddedRows, channels),
        GraphNodes.reshape(p + "padded_rows", p + "scaled", p + "padded_rows_shape", f32),
        GraphNodes.int32Vector(p + "rows_begin", 0, 0),
        GraphNodes.int32Vector(p + "rows_size", blocks.rows(), channels),
        GraphNodes.slice(rows, p + "padded_rows", p + "rows_begin", p + "rows_size", f32)));
    if (!matrix) {
      nodes.add(GraphNodes.int32Vector(p + "shape", w.shape()));
      nodes.add(GraphNodes.reshape(w.nodeName(), rows, p + "shape", f32));
    }
    return nodes;
  }
}
