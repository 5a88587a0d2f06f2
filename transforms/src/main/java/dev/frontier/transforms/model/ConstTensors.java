package dev.frontier.transforms.model;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TString;

/**
 * Reads and writes the values of Const nodes (TensorProto), and turns fetched Tensors into TensorProtos.
 *
 * <p>Numeric values are stored as {@code tensor_content} in little-endian order, which is what TF
 * writes and reads on every platform it supports.
 */
public final class ConstTensors {
  private ConstTensors() {}

  public static boolean isConst(NodeDef n) {
    return n != null && "Const".equals(n.getOp()) && n.containsAttr("value");
  }

  public static TensorProto value(NodeDef constNode) {
    return constNode.getAttrOrThrow("value").getTensor();
  }

  public static long[] shape(TensorProto t) {
    return shape(t.getTensorShape());
  }

  public static long[] shape(TensorShapeProto s) {
    if (s.getUnknownRank()) {
      return null;
    }
    long[] dims = new long[s.getDimCount()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = s.getDim(i).getSize();
    }
    return dims;
  }

  public static TensorShapeProto shapeProto(long[] dims) {
    TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
    for (long d : dims) {
      b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    return b.build();
  }

  public static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** The values of a DT_FLOAT TensorProto, expanding TF's "last value repeats" short form. */
  public static float[] floats(TensorProto t) {
    if (t.getDtype() != DataType.DT_FLOAT) {
      throw new IllegalArgumentException("not a float tensor: " + t.getDtype());
    }
    int n = Math.toIntExact(elementCount(shape(t)));
    float[] v = new float[n];
    if (!t.getTensorContent().isEmpty()) {
      ByteBuffer buf = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      buf.asFloatBuffer().get(v);
      return v;
    }
    int given = t.getFloatValCount();
    for (int i = 0; i < n && given > 0; i++) {
      v[i] = t.getFloatVal(Math.min(i, given - 1));
    }
    return v;
  }

  /** The values of a DT_INT64 TensorProto, expanding TF's "last value repeats" short form. */
  public static long[] longs(TensorProto t) {
    if (t.getDtype() != DataType.DT_INT64) {
      throw new IllegalArgumentException("not an int64 tensor: " + t.getDtype());
    }
    int n = Math.toIntExact(elementCount(shape(t)));
    long[] v = new long[n];
    if (!t.getTensorContent().isEmpty()) {
      t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
      return v;
    }
    int given = t.getInt64ValCount();
    for (int i = 0; i < n && given > 0; i++) {
      v[i] = t.getInt64Val(Math.min(i, given - 1));
    }
    return v;
  }

  /** The values of a DT_INT32 TensorProto, expanding TF's "last value repeats" short form. */
  public static int[] ints(TensorProto t) {
    if (t.getDtype() != DataType.DT_INT32) {
      throw new IllegalArgumentException("not an int32 tensor: " + t.getDtype());
    }
    int n = Math.toIntExact(elementCount(shape(t)));
    int[] v = new int[n];
    if (!t.getTensorContent().isEmpty()) {
      t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(v);
      return v;
    }
    int given = t.getIntValCount();
    for (int i = 0; i < n && given > 0; i++) {
      v[i] = t.getIntVal(Math.min(i, given - 1));
    }
    return v;
  }

  /** A DT_FLOAT TensorProto of the given shape holding {@code values} as tensor_content. */
  public static TensorProto floatTensor(long[] shape, float[] values) {
    if (elementCount(shape) != values.length) {
      throw new IllegalArgumentException("shape holds " + elementCount(shape) + " values, got " + values.length);
    }
    ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    return TensorProto.newBuilder()
        .setDtype(DataType.DT_FLOAT)
        .setTensorShape(shapeProto(shape))
        .setTensorContent(ByteString.copyFrom(buf.array()))
        .build();
  }

  /** Copies a fetched tensor's value into a TensorProto (numeric types raw, strings as string_val). */
  public static TensorProto fromTensor(Tensor t) {
    long[] dims = t.shape().asArray();
    TensorProto.Builder b = TensorProto.newBuilder()
        .setDtype(t.dataType())
        .setTensorShape(shapeProto(dims));
    if (t.dataType() == DataType.DT_STRING) {
      ((TString) t).asBytes().scalars().forEach(s -> b.addStringVal(ByteString.copyFrom(s.getObject())));
      return b.build();
    }
    if (t.dataType() == DataType.DT_RESOURCE || t.dataType() == DataType.DT_VARIANT) {
      throw new IllegalArgumentException("cannot freeze a " + t.dataType() + " value");
    }
    ByteDataBuffer data = t.asRawTensor().data();
    byte[] bytes = new byte[Math.toIntExact(data.size())];
    data.read(bytes);
    return b.setTensorContent(ByteString.copyFrom(bytes)).build();
  }

  /** A Const node holding {@code value}, no device, no control inputs. */
  public static NodeDef constNode(String name, TensorProto value) {
    return NodeDef.newBuilder()
        .setName(name)
        .setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(value.getDtype()).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(value).build())
        .build();
  }

  /** A Const node with the given control inputs kept (used when replacing a node in place). */
  public static NodeDef constNode(String name, TensorProto value, List<String> controlInputs) {
    return constNode(name, value).toBuilder().addAllInput(controlInputs).build();
  }
}
