package dev.frontier.transforms.compress;

import com.google.protobuf.ByteString;
import dev.frontier.transforms.model.ConstTensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * NodeDef builders for the small dequantization subgraphs compression methods emit (Const, Cast, Mul, ...),
 * with exactly the attributes each op's OpDef requires, so the graphs load in any TF runtime.
 */
final class GraphNodes {
  private GraphNodes() {}

  /** A Const of {@code dtype} holding {@code littleEndianContent} as tensor_content. */
  static NodeDef constant(String name, DataType dtype, long[] shape, byte[] littleEndianContent) {
    TensorProto t = TensorProto.newBuilder()
        .setDtype(dtype)
        .setTensorShape(ConstTensors.shapeProto(shape))
        .setTensorContent(ByteString.copyFrom(littleEndianContent))
        .build();
    return ConstTensors.constNode(name, t);
  }

  /** A DT_FLOAT Const. */
  static NodeDef floatConstant(String name, long[] shape, float... values) {
    return ConstTensors.constNode(name, ConstTensors.floatTensor(shape, values));
  }

  /** A 1-D DT_INT32 Const, e.g. a shape or a slice begin. */
  static NodeDef int32Vector(String name, long... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putInt(Math.toIntExact(v));
    }
    return constant(name, DataType.DT_INT32, new long[] {values.length}, b.array());
  }

  /** A 1-D DT_INT64 Const. */
  static NodeDef int64Vector(String name, long... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    return constant(name, DataType.DT_INT64, new long[] {values.length}, b.array());
  }

  /** A scalar DT_UINT8 Const. */
  static NodeDef uint8Scalar(String name, int value) {
    return constant(name, DataType.DT_UINT8, new long[0], new byte[] {(byte) value});
  }

  static NodeDef cast(String name, String input, DataType from, DataType to) {
    return NodeDef.newBuilder().setName(name).setOp("Cast").addInput(input)
        .putAttr("SrcT", type(from))
        .putAttr("DstT", type(to))
        .putAttr("Truncate", AttrValue.newBuilder().setB(false).build())
        .build();
  }

  /** A one-input op {@code op} on type {@code t}, e.g. {@code Round}. */
  static NodeDef unary(String op, String name, String input, DataType t) {
    return NodeDef.newBuilder().setName(name).setOp(op).addInput(input).putAttr("T", type(t)).build();
  }

  /** A two-input op with one type attribute {@code T}: Mul, Sub, BitwiseAnd, RightShift. */
  static NodeDef binary(String op, String name, String a, String b, DataType t) {
    return NodeDef.newBuilder().setName(name).setOp(op).addInput(a).addInput(b).putAttr("T", type(t)).build();
  }

  /** Pack (stack) {@code inputs} along a new axis {@code axis}. */
  static NodeDef pack(String name, List<String> inputs, int axis, DataType t) {
    return NodeDef.newBuilder().setName(name).setOp("Pack").addAllInput(inputs)
        .putAttr("N", AttrValue.newBuilder().setI(inputs.size()).build())
        .putAttr("T", type(t))
        .putAttr("axis", AttrValue.newBuilder().setI(axis).build())
        .build();
  }

  /** Reshape {@code input} to the DT_INT32 shape tensor {@code shape}. */
  static NodeDef reshape(String name, String input, String shape, DataType t) {
    return NodeDef.newBuilder().setName(name).setOp("Reshape").addInput(input).addInput(shape)
        .putAttr("T", type(t))
        .putAttr("Tshape", type(DataType.DT_INT32))
        .build();
  }

  /** Slice {@code input} from DT_INT32 {@code begin}, {@code size} elements per axis. */
  static NodeDef slice(String name, String input, String begin, String size, DataType t) {
    return NodeDef.newBuilder().setName(name).setOp("Slice").addInput(input).addInput(begin).addInput(size)
        .putAttr("T", type(t))
        .putAttr("Index", type(DataType.DT_INT32))
        .build();
  }

  private static AttrValue type(DataType t) {
    return AttrValue.newBuilder().setType(t).build();
  }
}
