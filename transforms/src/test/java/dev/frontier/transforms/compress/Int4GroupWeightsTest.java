package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.proto.DataType;

/**
 * int4-weight: the graph unpacks the nibbles to exactly the Java reference dequantization, whether or not
 * the group size divides the input axis and whether or not the level count is odd; the stored bytes are
 * n/2 + 4·n/groupSize.
 */
class Int4GroupWeightsTest {
  private final Random random = new Random(20240614L);

  private static MethodParameters group(int size) {
    return MethodParameters.builder().groupSize(size).build();
  }

  /** The reference levels and scales of every weight of {@code ir}, then the in-graph weight of the compressed IR. */
  private static void assertGraphMatchesReference(ModelIr in, int groupSize) {
    ModelIr out = new Int4GroupWeights().apply(in, group(groupSize));
    for (LayerWeights.Weight w : LayerWeights.read("test", in)) {
      SymmetricQuantizer.Quantized q = Int4GroupWeights.quantize(w, groupSize);
      float[] reference = q.dequantize();
      assertArrayEquals(reference, TfOracles.evaluate(out, w.nodeName() + ":0"), w.nodeName() + " group " + groupSize);

      for (int i = 0; i < reference.length; i++) {
        float scale = q.scales()[q.blocks().of(i)];
        assertTrue(Math.abs(q.levels()[i]) <= SymmetricQuantizer.INT4_MAX_LEVEL);
        assertTrue(Math.abs(reference[i] - w.values()[i]) <= scale / 2 * (1 + 1e-6f),
            w.nodeName() + "[" + i + "]: error above half a step");
      }
      WeightLayout layout = WeightLayout.of("test", w);
      int groups = (layout.rows() + groupSize - 1) / groupSize;
      byte[] packed = TfOracles.constBytes(out, w.nodeName() + "/int4/packed");
      assertEquals(DataType.DT_UINT8, TfOracles.constValue(out, w.nodeName() + "/int4/packed").getDtype());
      assertEquals((groups * groupSize * layout.channels() + 1) / 2, packed.length, "two levels per byte");
      assertEquals(groups * layout.channels(),
          ConstTensors.floats(TfOracles.constValue(out, w.nodeName() + "/int4/scale")).length, "one scale per group");
    }
  }

  @ParameterizedTest
  @CsvSource({
      "50, 6, 10",  // groups divide the input axis
      "50, 6, 16",  // 50 = 3·16 + 2: last group padded
      "5, 3, 5",    // 15 levels: odd count, one padding nibble
      "7, 3, 2",    // padded rows and an even count
      "4, 3, 5",    // padded rows and an odd count
      "9, 4, 32",   // one group larger than the axis
      "20, 5, 1"})  // a scale per value
  void denseGraphEqualsJavaReference(int rows, int channels, int groupSize) {
    float[] kernel = TestGraphs.gaussian(random, rows * channels, 0.2f);
    kernel[channels + 1] = 0f;
    assertGraphMatchesReference(TestGraphs.mlp("t", new int[] {rows, channels}, kernel), groupSize);
  }

  @Test
  void convAndDepthwiseGraphEqualsJavaReference() {
    float[] conv = TestGraphs.gaussian(random, 3 * 3 * 4 * 5, 0.3f);
    float[] dw = TestGraphs.gaussian(random, 3 * 3 * 5 * 2, 0.3f);
    ModelIr in = TestGraphs.convNet("t", conv, new long[] {3, 3, 4, 5}, dw, new long[] {3, 3, 5, 2});
    assertGraphMatchesReference(in, 7);   // conv: 36 rows → 6 groups (last padded); depthwise: 9 rows → 2 groups
    assertGraphMatchesReference(in, 9);
  }

  @Test
  void groupsRunDownTheInputAxisOfEachChannel() {
    // Dense [4, 2], group 2: column 0 holds {1, 2 | 100, 50}, column 1 holds {-7, 7 | 0.5, 0}.
    float[] kernel = {1, -7, 2, 7, 100, 0.5f, 50, 0};
    LayerWeights.Weight w = new LayerWeights.Weight("k", List.of("k"), "MatMul", false, new long[] {4, 2}, kernel);
    SymmetricQuantizer.Quantized q = Int4GroupWeights.quantize(w, 2);
    assertArrayEquals(new float[] {2f / 7, 1f, 100f / 7, 0.5f / 7}, q.scales());
    assertArrayEquals(new byte[] {4, -7, 7, 7, 7, 7, 4, 0}, q.levels());
  }

  @ParameterizedTest
  @CsvSource({"768, 128, 32", "784, 128, 32", "784, 128, 128"})
  void storedWeightBytesAreHalfAByteAndAScalePerGroup(int rows, int channels, int groupSize) {
    ModelIr in = TestGraphs.randomMlp("t", random, rows, channels);
    ModelIr out = new Int4GroupWeights().apply(in, group(groupSize));
    long n = (long) rows * channels;
    long groups = (rows + groupSize - 1) / groupSize;
    long packed = TfOracles.constBytes(out, "layer0/kernel/int4/packed").length;
    long scaleBytes = TfOracles.constBytes(out, "layer0/kernel/int4/scale").length;
    assertEquals(groups * groupSize * channels / 2, packed, "padded levels, two per byte");
    assertEquals(groups * channels * Float.BYTES, scaleBytes, "one float per group");
    double nominal = n / 2.0 + 4.0 * n / groupSize;
    double paddedRows = groups * groupSize / (double) rows;
    assertEquals(nominal * paddedRows, packed + scaleBytes, 1e-9, "n/2 + 4n/groupSize, padded rows included");
    long floatBytes = TfOracles.constBytes(in, "layer0/kernel").length;
    System.out.printf("int4 group %d [%d,%d]: %d packed + %d scale bytes = %.4f of float (%d B); nominal %.0f%n",
        groupSize, rows, channels, packed, scaleBytes, (packed + scaleBytes) / (double) floatBytes, floatBytes, nominal);
    assertTrue(out.graphDefSizeBytes() < 0.2 * in.graphDefSizeBytes());
  }
}
