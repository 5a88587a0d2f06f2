package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.types.TFloat32;

/** TensorFlow's own kernels as test oracles, and readers for what a compressed graph stores and computes. */
final class TfOracles {
  private TfOracles() {}

  /**
   * TF's {@code QuantizeV2(T=qint8, mode=SCALED, round_mode=HALF_AWAY_FROM_ZERO, narrow_range=true,
   * min=-m, max=m, ensure_minimum_range=0)} of {@code values}, read through a Bitcast to uint8.
   */
  static byte[] quantizeV2Int8(float[] values, float maxAbs) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(Shape.of(values.length), DataBuffers.of(values, true, false));
      Operation q = g.opBuilder("QuantizeV2", "quantize", tf.scope())
          .addInput(x.asOutput())
          .addInput(tf.constant(-maxAbs).asOutput())
          .addInput(tf.constant(maxAbs).asOutput())
          .setAttr("T", DataType.DT_QINT8)
          .setAttr("mode", "SCALED")
          .setAttr("round_mode", "HALF_AWAY_FROM_ZERO")
          .setAttr("narrow_range", true)
          .setAttr("ensure_minimum_range", 0f)
          .build();
      g.opBuilder("Bitcast", "levels", tf.scope())
          .addInput(q.output(0))
          .setAttr("type", DataType.DT_UINT8)
          .build();
      return fetchBytes(g, "levels");
    }
  }

  /** TF's {@code Cast(float → half)} of {@code values}, as binary16 bits. */
  static short[] castToHalf(float[] values) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(Shape.of(values.length), DataBuffers.of(values, true, false));
      g.opBuilder("Cast", "half", tf.scope())
          .addInput(x.asOutput())
          .setAttr("SrcT", DataType.DT_FLOAT)
          .setAttr("DstT", DataType.DT_HALF)
          .build();
      return shorts(fetchBytes(g, "half"));
    }
  }

  /** The float tensor {@code tensor} of an IR, computed by TF (it must depend on constants only). */
  static float[] evaluate(ModelIr ir, String tensor) {
    try (Graph g = new Graph()) {
      g.importGraphDef(ir.graphDef());
      try (Session s = new Session(g); Result r = s.runner().fetch(tensor).run()) {
        return ConstTensors.floats(ConstTensors.fromTensor(r.get(0)));
      }
    }
  }

  /** The node called {@code name}. */
  static NodeDef node(ModelIr ir, String name) {
    return ir.graphDef().getNodeList().stream().filter(n -> n.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no node " + name + " in " + ir));
  }

  /** The tensor a Const node holds. */
  static TensorProto constValue(ModelIr ir, String name) {
    return ConstTensors.value(node(ir, name));
  }

  /** The raw bytes (tensor_content) of a Const node. */
  static byte[] constBytes(ModelIr ir, String name) {
    return constValue(ir, name).getTensorContent().toByteArray();
  }

  static short[] shorts(byte[] littleEndian) {
    short[] out = new short[littleEndian.length / 2];
    ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
    return out;
  }

  private static byte[] fetchBytes(Graph g, String op) {
    try (Session s = new Session(g); Result r = s.runner().fetch(op).run()) {
      return ConstTensors.fromTensor(r.get(0)).getTensorContent().toByteArray();
    }
  }
}
