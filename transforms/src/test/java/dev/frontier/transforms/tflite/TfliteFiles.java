package dev.frontier.transforms.tflite;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import tflite.Model;
import tflite.Operator;
import tflite.QuantizationParameters;
import tflite.SubGraph;
import tflite.Tensor;

/** Reading written .tflite files back with the generated schema classes, for the tests. */
final class TfliteFiles {
  private TfliteFiles() {}

  static Model parse(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file);
    if (!Model.ModelBufferHasIdentifier(b)) {
      throw new AssertionError("not a TFL3 flatbuffer");
    }
    return Model.getRootAsModel(b);
  }

  static float[] scales(Tensor t) {
    QuantizationParameters q = t.quantization();
    if (q == null) {
      return new float[0];
    }
    float[] s = new float[q.scaleLength()];
    for (int i = 0; i < s.length; i++) {
      s[i] = q.scale(i);
    }
    return s;
  }

  static long[] zeroPoints(Tensor t) {
    QuantizationParameters q = t.quantization();
    if (q == null) {
      return new long[0];
    }
    long[] z = new long[q.zeroPointLength()];
    for (int i = 0; i < z.length; i++) {
      z[i] = q.zeroPoint(i);
    }
    return z;
  }

  /** The builtin code of each operator of subgraph 0, in order. */
  static List<Integer> opCodes(Model m) {
    SubGraph g = m.subgraphs(0);
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < g.operatorsLength(); i++) {
      Operator op = g.operators(i);
      out.add(m.operatorCodes((int) op.opcodeIndex()).builtinCode());
    }
    return out;
  }
}
