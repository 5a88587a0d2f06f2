package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;

/**
 * int8-weight is bit-exact with TF's QuantizeV2 (per tensor and per channel, .5 ties and a zero channel
 * included), the graph reconstructs levels × scale exactly, and per-channel scales never reconstruct worse
 * than one scale per tensor.
 */
class Int8WeightsTest {
  private static final Int8Weights INT8 = new Int8Weights();
  private static final MethodParameters PER_TENSOR = MethodParameters.builder().granularity(Granularity.PER_TENSOR).build();
  private static final MethodParameters PER_CHANNEL = MethodParameters.builder().granularity(Granularity.PER_CHANNEL).build();
  private final Random random = new Random(20240612L);

  /**
   * {@code n} values in [-maxAbs, maxAbs], the first being -maxAbs, a third of them exact .5 ties of
   * x · 127/maxAbs (maxAbs is 127 · 2^k, so the step maxAbs/127 is exact).
   */
  private float[] valuesWithTies(int n, float maxAbs) {
    float step = maxAbs / SymmetricQuantizer.INT8_MAX_LEVEL;
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      if (i == 0) {
        v[i] = -maxAbs;
      } else if (i % 3 == 0) {
        int k = random.nextInt(2 * SymmetricQuantizer.INT8_MAX_LEVEL) - SymmetricQuantizer.INT8_MAX_LEVEL;
        v[i] = (k + 0.5f) * step;
      } else {
        v[i] = maxAbs * (2 * random.nextFloat() - 1);
      }
    }
    return v;
  }

  private static int ties(float[] v, float maxAbs) {
    int n = 0;
    for (float x : v) {
      float scaled = x * (SymmetricQuantizer.INT8_MAX_LEVEL / maxAbs);
      if (scaled - (float) Math.floor(scaled) == 0.5f) {
        n++;
      }
    }
    return n;
  }

  private static float[] column(float[] matrix, int channels, int c) {
    float[] out = new float[matrix.length / channels];
    for (int r = 0; r < out.length; r++) {
      out[r] = matrix[r * channels + c];
    }
    return out;
  }

  @Test
  void perTensorIsBitExactWithQuantizeV2() {
    float maxAbs = 127 * 0.25f;
    float[] kernel = valuesWithTies(40 * 12, maxAbs);
    assertTrue(ties(kernel, maxAbs) > 100, "the data must hold .5 ties");
    ModelIr out = INT8.apply(TestGraphs.mlp("t", new int[] {40, 12}, kernel), PER_TENSOR);

    byte[] stored = TfOracles.constBytes(out, "layer0/kernel/int8");
    assertArrayEquals(TfOracles.quantizeV2Int8(kernel, maxAbs), stored);
    TensorProto scale = TfOracles.constValue(out, "layer0/kernel/int8/scale");
    assertEquals(0, scale.getTensorShape().getDimCount(), "per-tensor scale is a scalar");
    float s = ConstTensors.floats(scale)[0];
    assertEquals(maxAbs / 127f, s);

    float[] expected = new float[stored.length];
    for (int i = 0; i < stored.length; i++) {
      expected[i] = stored[i] * s;
    }
    assertArrayEquals(expected, TfOracles.evaluate(out, "layer0/kernel:0"), "in-graph Cast × scale");
  }

  @Test
  void mathRoundWouldBeWrongOnTheseTies() {
    assertEquals(-3, SymmetricQuantizer.roundHalfAwayFromZero(-2.5f));
    assertEquals(3, SymmetricQuantizer.roundHalfAwayFromZero(2.5f));
    assertEquals(-2, Math.round(-2.5f), "why Math.round is not used");
    assertEquals(0, SymmetricQuantizer.roundHalfAwayFromZero(0.49999997f));
  }

  @Test
  void densePerChannelIsBitExactWithQuantizeV2IncludingAZeroChannel() {
    int rows = 30;
    int channels = 6;
    int zeroChannel = 3;
    float[][] columns = new float[channels][];
    for (int c = 0; c < channels; c++) {
      columns[c] = c == zeroChannel ? new float[rows] : valuesWithTies(rows, 127 * (float) Math.scalb(1.0, c - 4));
    }
    float[] kernel = new float[rows * channels];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < channels; c++) {
        kernel[r * channels + c] = columns[c][r];
      }
    }
    ModelIr out = INT8.apply(TestGraphs.mlp("t", new int[] {rows, channels}, kernel), PER_CHANNEL);

    byte[] stored = TfOracles.constBytes(out, "layer0/kernel/int8");
    float[] scales = ConstTensors.floats(TfOracles.constValue(out, "layer0/kernel/int8/scale"));
    assertEquals(channels, scales.length);
    for (int c = 0; c < channels; c++) {
      byte[] actual = new byte[rows];
      for (int r = 0; r < rows; r++) {
        actual[r] = stored[r * channels + c];
      }
      if (c == zeroChannel) {
        assertArrayEquals(new byte[rows], actual, "zero channel: all levels 0");
        assertEquals(SymmetricQuantizer.ZERO_BLOCK_SCALE, scales[c]);
      } else {
        float maxAbs = 127 * (float) Math.scalb(1.0, c - 4);
        assertArrayEquals(TfOracles.quantizeV2Int8(columns[c], maxAbs), actual, "channel " + c);
        assertEquals(maxAbs / 127f, scales[c]);
      }
    }
    float[] inGraph = TfOracles.evaluate(out, "layer0/kernel:0");
    for (int i = 0; i < kernel.length; i++) {
      assertEquals(stored[i] * scales[i % channels], inGraph[i], "value " + i);
    }
  }

  @Test
  void convAndDepthwisePerChannelAreBitExactWithQuantizeV2() {
    long[] convShape = {3, 3, 4, 5};
    long[] dwShape = {3, 3, 5, 2};
    float[] conv = TestGraphs.gaussian(random, 180, 0.3f);
    float[] dw = TestGraphs.gaussian(random, 90, 0.3f);
    for (int i = 0; i < 9; i++) {
      dw[i * 10 + 7] = 0f; // depthwise channel (in 3, mult 1) all zero
    }
    ModelIr in = TestGraphs.convNet("t", conv, convShape, dw, dwShape);
    ModelIr out = INT8.apply(in, PER_CHANNEL);

    for (String w : List.of("conv/filter", "depthwise/filter")) {
      float[] values = w.startsWith("conv") ? conv : dw;
      int channels = w.startsWith("conv") ? 5 : 10;
      byte[] stored = TfOracles.constBytes(out, w + "/int8");
      TensorProto scale = TfOracles.constValue(out, w + "/int8/scale");
      long[] expectedScaleShape = w.startsWith("conv") ? new long[] {5} : new long[] {5, 2};
      assertArrayEquals(expectedScaleShape, ConstTensors.shape(scale), w + " scale shape");
      float[] scales = ConstTensors.floats(scale);
      for (int c = 0; c < channels; c++) {
        float[] col = column(values, channels, c);
        float maxAbs = 0;
        for (float v : col) {
          maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        byte[] actual = new byte[col.length];
        for (int r = 0; r < col.length; r++) {
          actual[r] = stored[r * channels + c];
        }
        byte[] expected = maxAbs == 0 ? new byte[col.length] : TfOracles.quantizeV2Int8(col, maxAbs);
        assertArrayEquals(expected, actual, w + " channel " + c);
        assertEquals(maxAbs == 0 ? 1f : maxAbs / 127f, scales[c], w + " scale " + c);
      }
      assertEquals(DataType.DT_INT8, TfOracles.constValue(out, w + "/int8").getDtype());
    }
    assertEquals(0f, TfOracles.evaluate(out, "depthwise/filter:0")[7], "zero channel dequantizes to 0");
  }

  @Test
  void perChannelNeverReconstructsWorseThanPerTensorOnRandomLayers() {
    for (int trial = 0; trial < 20; trial++) {
      int rows = 8 + random.nextInt(100);
      int channels = 1 + random.nextInt(40);
      float[] kernel = new float[rows * channels];
      float[] channelRange = new float[channels];
      for (int c = 0; c < channels; c++) {
        channelRange[c] = (float) Math.exp(2 * random.nextGaussian());
      }
      for (int i = 0; i < kernel.length; i++) {
        kernel[i] = channelRange[i % channels] * (float) random.nextGaussian();
      }
      LayerWeights.Weight w = dense("random" + trial, rows, channels, kernel);
      assertPerChannelNotWorse(w);
    }
  }

  @Test
  void perChannelNeverReconstructsWorseThanPerTensorOnTheMnistMlp() {
    List<LayerWeights.Weight> weights = LayerWeights.read("test", SharedFixtures.mlp());
    assertEquals(2, weights.size());
    for (LayerWeights.Weight w : weights) {
      assertPerChannelNotWorse(w);
    }
  }

  private static LayerWeights.Weight dense(String name, int rows, int channels, float[] kernel) {
    return new LayerWeights.Weight(name, List.of(name), "MatMul", false, new long[] {rows, channels}, kernel);
  }

  private static void assertPerChannelNotWorse(LayerWeights.Weight w) {
    double[] tensor = errors(w.values(), Int8Weights.quantize(w, Granularity.PER_TENSOR).dequantize());
    double[] channel = errors(w.values(), Int8Weights.quantize(w, Granularity.PER_CHANNEL).dequantize());
    System.out.printf("int8 %s %s: max abs error per-tensor %.3g per-channel %.3g; MSE %.3g vs %.3g%n",
        w.nodeName(), java.util.Arrays.toString(w.shape()), tensor[0], channel[0], tensor[1], channel[1]);
    assertTrue(channel[0] <= tensor[0], w.nodeName() + ": max abs error " + channel[0] + " > " + tensor[0]);
    assertTrue(channel[1] <= tensor[1], w.nodeName() + ": MSE " + channel[1] + " > " + tensor[1]);
  }

  /** {max |a - b|, mean (a - b)²}. */
  private static double[] errors(float[] a, float[] b) {
    double max = 0;
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      max = Math.max(max, Math.abs(d));
      sum += d * d;
    }
    return new double[] {max, sum / a.length};
  }
}
