package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ModelIr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

/**
 * Compact storage of N:M sparse float weights: per group of m input-axis weights ({@link NOfMPruning.Groups}),
 * its n kept values and their positions in the group. The graph holds, below {@code <weight>/n_of_m/}:
 * <ul>
 *   <li>{@code values}: float [groups, n, 1], the kept values of each group in position order (a group with
 *       fewer than n non-zeros keeps zeros at its lowest free positions);</li>
 *   <li>{@code positions}: uint8 [ceil(groups·n·b / 8)], each position in b bits (b = 1, 2 or 4 for m ≤ 2, 4,
 *       16), little-end first within a byte;</li>
 * </ul>
 * and rebuilds the dense weight with TF ops: unpack positions (Cast, RightShift, BitwiseAnd), OneHot them to
 * [groups, n, m], multiply by the values, Sum over n, Transpose and Reshape to the weight's shape. Per weight
 * that is n/m·(32 + b) bits instead of 32: 2:4 stores 53 % of the dense bytes. TF folds the rebuild into a
 * dense constant when the session starts, so the artifact runs exactly as fast as the dense one here.
 */
final class NOfMStorage {
  private static final String SUFFIX = "/n_of_m/";

  private NOfMStorage() {}

  /** {@code ir} with every float layer weight that has the n:m pattern written compactly. */
  static ModelIr compact(ModelIr ir, int n, int m) {
    if (ir.layers().isEmpty()) { // every weight quantized: nothing float to store
      return ir;
    }
    Map<String, List<NodeDef>> replacements = new LinkedHashMap<>();
    for (LayerWeights.Weight w : LayerWeights.read(NOfMPruning.NAME, ir)) {
      if (NOfMPruning.whyNot(w, m) == null && hasPattern(w.values(), NOfMPruning.Groups.of(w, m), n)) {
        replacements.put(w.nodeName(), nodes(w, NOfMPruning.Groups.of(w, m), n));
      }
    }
    return replacements.isEmpty() ? ir : LayerWeights.replace(ir, replacements);
  }

  /** Bits per stored position for groups of {@code m}: 1, 2 or 4 (a power of two, so bytes hold whole ones). */
  static int positionBits(int m) {
    int bits = 32 - Integer.numberOfLeadingZeros(m - 1);
    return bits <= 1 ? 1 : bits <= 2 ? 2 : 4;
  }

  private static boolean hasPattern(float[] values, NOfMPruning.Groups groups, int n) {
    for (int g = 0; g < groups.count(); g++) {
      int nonzero = 0;
      for (int j = 0; j < groups.m(); j++) {
        nonzero += values[groups.index(g, j)] != 0f ? 1 : 0;
      }
      if (nonzero > n) {
        return false;
      }
    }
    return true;
  }

  private static List<NodeDef> nodes(LayerWeights.Weight w, NOfMPruning.Groups groups, int n) {
    int count = groups.count();
    float[] kept = new float[count * n];
    int[] positions = new int[count * n];
    for (int g = 0; g < count; g++) {
      int k = 0;
      for (int j = 0; j < groups.m() && k < n; j++) {
        if (w.values()[groups.index(g, j)] != 0f) {
          positions[g * n + k++] = j;
        }
      }
      for (int j = 0; j < groups.m() && k < n; j++) { // fewer than n non-zeros: fill with zeros
        if (w.values()[groups.index(g, j)] == 0f && !taken(positions, g * n, k, j)) {
          positions[g * n + k++] = j;
        }
      }
      java.util.Arrays.sort(positions, g * n, g * n + n);
      for (int i = 0; i < n; i++) {
        kept[g * n + i] = w.values()[groups.index(g, positions[g * n + i])];
      }
    }
    int bits = positionBits(groups.m());
    int perByte = 8 / bits;
    byte[] packed = new byte[(positions.length + perByte - 1) / perByte];
    for (int i = 0; i < positions.length; i++) {
      packed[i / perByte] |= (byte) (positions[i] << (bits * (i % perByte)));
    }
    String p = w.nodeName() + SUFFIX;
    DataType i32 = DataType.DT_INT32;
    DataType f32 = DataType.DT_FLOAT;
    long[] shifts = new long[perByte];
    for (int i = 0; i < perByte; i++) {
      shifts[i] = (long) bits * i;
    }
    int blocks = groups.rows() / groups.m();
    List<NodeDef> nodes = new ArrayList<>(List.of(
        GraphNodes.floatConstant(p + "values", new long[] {count, n, 1}, kept),
        GraphNodes.constant(p + "positions", DataType.DT_UINT8, new long[] {packed.length}, packed),
        GraphNodes.cast(p + "position_bytes", p + "positions", DataType.DT_UINT8, i32),
        GraphNodes.int32Vector(p + "column_shape", packed.length, 1),
        GraphNodes.reshape(p + "byte_column", p + "position_bytes", p + "column_shape", i32),
        GraphNodes.int32Vector(p + "shifts", shifts),
        GraphNodes.binary("RightShift", p + "shifted", p + "byte_column", p + "shifts", i32),
        GraphNodes.int32Vector(p + "mask", (1L << bits) - 1),
        GraphNodes.binary("BitwiseAnd", p + "unpacked", p + "shifted", p + "mask", i32),
        GraphNodes.int32Vector(p + "flat_shape", (long) packed.length * perByte),
        GraphNodes.reshape(p + "flat", p + "unpacked", p + "flat_shape", i32),
        GraphNodes.int32Vector(p + "begin", 0),
        GraphNodes.int32Vector(p + "size", positions.length),
        GraphNodes.slice(p + "position_list", p + "flat", p + "begin", p + "size", i32),
        GraphNodes.int32Vector(p + "grouped_shape", count, n),
        GraphNodes.reshape(p + "grouped", p + "position_list", p + "grouped_shape", i32),
        int32Scalar(p + "depth", groups.m()),
        GraphNodes.floatConstant(p + "on", new long[0], 1f),
        GraphNodes.floatConstant(p + "off", new long[0], 0f),
        oneHot(p + "one_hot", p + "grouped", p + "depth", p + "on", p + "off"),
        GraphNodes.binary("Mul", p + "placed", p + "one_hot", p + "values", f32),
        GraphNodes.int32Vector(p + "kept_axis", 1),
        sum(p + "dense_groups", p + "placed", p + "kept_axis"),
        GraphNodes.int32Vector(p + "blocks_shape", blocks, groups.channels(), groups.m()),
        GraphNodes.reshape(p + "blocks", p + "dense_groups", p + "blocks_shape", f32),
        GraphNodes.int32Vector(p + "perm", 0, 2, 1),
        transpose(p + "rows", p + "blocks", p + "perm"),
        GraphNodes.int32Vector(p + "shape", w.shape()),
        GraphNodes.reshape(w.nodeName(), p + "rows", p + "shape", f32)));
    return nodes;
  }

  private static boolean taken(int[] positions, int from, int count, int j) {
    for (int i = from; i < from + count; i++) {
      if (positions[i] == j) {
        return true;
      }
    }
    return false;
  }

  private static NodeDef int32Scalar(String name, int value) {
    return GraphNodes.constant(name, DataType.DT_INT32, new long[0],
        ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
  }

  private static NodeDef oneHot(String name, String indices, String depth, String on, String off) {
    return NodeDef.newBuilder().setName(name).setOp("OneHot")
        .addInput(indices).addInput(depth).addInput(on).addInput(off)
        .putAttr("T", type(DataType.DT_FLOAT))
        .putAttr("TI", type(DataType.DT_INT32))
        .putAttr("axis", AttrValue.newBuilder().setI(-1).build())
        .build();
  }

  private static NodeDef sum(String name, String input, String axis) {
    return NodeDef.newBuilder().setName(name).setOp("Sum").addInput(input).addInput(axis)
        .putAttr("T", type(DataType.DT_FLOAT))
        .putAttr("Tidx", type(DataType.DT_INT32))
        .putAttr("keep_dims", AttrValue.newBuilder().setB(false).build())
        .build();
  }

  private static NodeDef transpose(String name, String input, String perm) {
    return NodeDef.newBuilder().setName(name).setOp("Transpose").addInput(input).addInput(perm)
        .putAttr("T", type(DataType.DT_FLOAT))
        .putAttr("Tperm", type(DataType.DT_INT32))
        .build();
  }

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }
}
