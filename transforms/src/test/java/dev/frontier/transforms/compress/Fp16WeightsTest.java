package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.model.ModelIr;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

/** fp16 rounds exactly as TF's Cast(float → half) does, and the graph casts the stored halves back. */
class Fp16WeightsTest {
  private final Random random = new Random(20240613L);

  /** Random bit patterns over the whole float range, plus the edges: ties, subnormals, overflow, ±0, ±inf, NaN. */
  private float[] hardValues() {
    float[] v = new float[200_000];
    int i = 0;
    float[] edges = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 65504f, 65519.996f,
        65520f, -65520f, 65536f, Float.MAX_VALUE, Float.MIN_VALUE, 0x1p-14f, 0x1p-24f, 0x1p-25f,
        Math.nextUp(0x1p-25f), 0x1.8p-24f, 0x1.8p-25f, 0x1.ffcp-15f, 0x1.ffep-15f, 1f + 0x1p-11f, 1f + 0x3p-11f};
    for (float e : edges) {
      v[i++] = e;
      v[i++] = -e;
    }
    while (i < v.length) {
      switch (i % 4) {
        case 0: // any float
          v[i++] = Float.intBitsToFloat(random.nextInt());
          break;
        case 1: { // an exact tie between two normal halves: 13 dropped bits = 0x1000
          int exponent = 113 + random.nextInt(30);
          int bits = (exponent << 23) | (random.nextInt(1 << 10) << 13) | 0x1000;
          v[i++] = Float.intBitsToFloat(bits | (random.nextBoolean() ? 0x8000_0000 : 0));
          break;
        }
        case 2: // the subnormal half range and just below it
          v[i++] = (float) (random.nextGaussian() * 0x1p-15);
          break;
        default: // weight-like values
          v[i++] = (float) (random.nextGaussian() * 0.1);
      }
    }
    return v;
  }

  @Test
  void halfConversionIsBitExactWithTfCast() {
    float[] values = hardValues();
    short[] expected = TfOracles.castToHalf(values);
    int mismatches = 0;
    String first = null;
    for (int i = 0; i < values.length; i++) {
      short actual = HalfFloats.fromFloat(values[i]);
      if (actual != expected[i]) {
        mismatches++;
        if (first == null) {
          first = String.format("%a (bits %08x): TF %04x, ours %04x", values[i], Float.floatToRawIntBits(values[i]),
              expected[i], actual);
        }
      }
    }
    assertEquals(0, mismatches, "first mismatch: " + first);
  }

  @Test
  void weightsAreStoredAsHalfAndCastBackInTheGraph() {
    ModelIr in = TestGraphs.randomMlp("t", random, 30, 20, 4);
    ModelIr out = new Fp16Weights().apply(in, MethodParameters.NONE);

    for (String w : new String[] {"layer0/kernel", "layer1/kernel"}) {
      float[] original = TfOracles.evaluate(in, w + ":0");
      assertEquals(DataType.DT_HALF, TfOracles.constValue(out, w + "/fp16").getDtype());
      byte[] bytes = TfOracles.constBytes(out, w + "/fp16");
      assertEquals(2 * original.length, bytes.length, "two bytes per weight");
      short[] stored = TfOracles.shorts(bytes);
      assertArrayEquals(TfOracles.castToHalf(original), stored, w);
      NodeDef cast = TfOracles.node(out, w);
      assertEquals("Cast", cast.getOp());
      float[] restored = TfOracles.evaluate(out, w + ":0");
      for (int i = 0; i < original.length; i++) {
        assertTrue(Math.abs(restored[i] - original[i]) <= Math.abs(original[i]) * 0x1p-11f + 0x1p-25f,
            w + "[" + i + "]: " + original[i] + " → " + restored[i]);
      }
    }
    assertEquals(0, out.layers().size(), "no float Const weight is left for LayerFinder");
  }
}
