package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.TopOne;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.LayerInfo;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.NodeDef;

/**
 * Structured pruning, checked against TensorFlow itself: the pruned (smaller) graph must give the outputs of
 * the original graph in which the removed channels' weights and biases are zeroed. The reference zeroing is
 * derived here independently (L1 norms of the original weights, smallest first, ties to the lower index).
 */
class ChannelPruningTest {
  private static final double TOLERANCE = 1e-5;
  private final ChannelPruning method = new ChannelPruning();

  private static MethodParameters fraction(double f) {
    return MethodParameters.builder().fraction(f).build();
  }

  @Test
  void convChainLosesChannelsAndMatchesTheZeroedGraph() {
    Random random = new Random(7);
    ModelIr ir = Int8TestGraphs.convChain("conv-chain", random);
    ModelIr pruned = method.apply(ir, fraction(0.25));
    Map<String, long[]> before = shapes(ir);
    Map<String, long[]> after = shapes(pruned);
    assertArrayEquals(new long[] {3, 3, 3, 3}, after.get("conv1/Conv2D"), "4 channels lose round(1.0) = 1");
    assertArrayEquals(new long[] {2, 2, 3, 4}, after.get("conv2/Conv2D"), "3 inputs left, 5 outputs lose 1");
    assertArrayEquals(new long[] {36, 6}, after.get("dense/MatMul"), "the flatten loses 9 positions of 1 channel");
    assertTrue(pruned.graphDefSizeBytes() < ir.graphDefSizeBytes());
    float[][] rows = Int8TestGraphs.rows(random, 32, 8 * 8 * 3, -1f, 1.5f);
    assertClose(Int8TestSupport.predict(zeroedReference(ir, before, after, 0.25), rows),
        Int8TestSupport.predict(pruned, rows));
  }

  @Test
  void poolingWithWindowInputsAndAnInt64FlattenArePrunedThrough() {
    Random random = new Random(11);
    ModelIr ir = Int8TestGraphs.convPoolChain("conv-pool-chain", random);
    assertTrue(ir.graphDef().getNodeList().stream().anyMatch(n -> n.getOp().equals("MaxPoolV2")));
    ModelIr pruned = method.apply(ir, fraction(0.25));
    Map<String, long[]> before = shapes(ir);
    Map<String, long[]> after = shapes(pruned);
    assertArrayEquals(new long[] {3, 3, 3, 3}, after.get("conv1/Conv2D"));
    assertArrayEquals(new long[] {2, 2, 3, 4}, after.get("conv2/Conv2D"));
    assertArrayEquals(new long[] {64, 6}, after.get("dense/MatMul"), "16 positions x 4 channels left");
    float[][] rows = Int8TestGraphs.rows(random, 32, 8 * 8 * 3, -1f, 1.5f);
    assertClose(Int8TestSupport.predict(zeroedReference(ir, before, after, 0.25), rows),
        Int8TestSupport.predict(pruned, rows));
  }

  @Test
  void aDepthwiseLayerLosesTheChannelsOfTheLayerBeforeIt() {
    Random random = new Random(13);
    ModelIr ir = Int8TestGraphs.separableChain("separable-chain", random);
    ModelIr pruned = method.apply(ir, fraction(0.5));
    Map<String, long[]> after = shapes(pruned);
    assertArrayEquals(new long[] {3, 3, 3, 2}, after.get("conv1/Conv2D"), "4 channels lose 2");
    assertArrayEquals(new long[] {3, 3, 2, 1}, after.get("dw/depthwise"), "the depthwise filters of those go");
    assertArrayEquals(new long[] {1, 1, 2, 2}, after.get("pw/Conv2D"), "2 inputs left, 5 outputs lose round(2.5) = 3");
    assertArrayEquals(new long[] {128, 6}, after.get("dense/MatMul"), "64 positions x 2 channels");
    // The reference: the original graph with conv1's removed channels zeroed along the whole path (conv1's filter
    // and bias, the depthwise filter and bias), and pw's removed channels zeroed (its filter and bias).
    Map<String, NodeDef> nodes = new HashMap<>();
    ir.graphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
    Map<String, List<NodeDef>> zeroed = new LinkedHashMap<>();
    List<Integer> conv1Removed = smallestL1(floats(nodes, "conv1/filter"), 4, 2);
    zero(zeroed, nodes, "conv1/filter", 4, conv1Removed);
    zero(zeroed, nodes, "conv1/bias", 4, conv1Removed);
    zero(zeroed, nodes, "dw/filter", 4, conv1Removed);
    zero(zeroed, nodes, "dw/bias", 4, conv1Removed);
    List<Integer> pwRemoved = smallestL1(floats(nodes, "pw/filter"), 5, 3);
    zero(zeroed, nodes, "pw/filter", 5, pwRemoved);
    zero(zeroed, nodes, "pw/bias", 5, pwRemoved);
    float[][] rows = Int8TestGraphs.rows(random, 32, 8 * 8 * 3, -1f, 1.5f);
    assertClose(Int8TestSupport.predict(LayerWeights.replace(ir, zeroed), rows), Int8TestSupport.predict(pruned, rows));
  }

  @Test
  void branchesOfAConcatenationLoseChannelsAtTheirOffsets() {
    Random random = new Random(17);
    ModelIr ir = Int8TestGraphs.concatChain("concat-chain", random);
    ModelIr pruned = method.apply(ir, fraction(0.5));
    Map<String, long[]> after = shapes(pruned);
    assertArrayEquals(new long[] {3, 3, 3, 2}, after.get("a/Conv2D"), "4 channels lose 2");
    assertArrayEquals(new long[] {1, 1, 3, 1}, after.get("b/Conv2D"), "3 channels lose round(1.5) = 2");
    assertArrayEquals(new long[] {2, 2, 3, 2}, after.get("conv2/Conv2D"), "7 concatenated inputs lose 4, 5 outputs 3");
    assertArrayEquals(new long[] {32, 6}, after.get("dense/MatMul"), "16 positions x 2 channels");
    // Reference: a's removed channels c and b's removed channels 4 + c zeroed along the path (filters, branch
    // biases, the bias after the concatenation; conv2's input rows need no zeroing: their inputs are zero), and
    // conv2's own removed output channels.
    Map<String, NodeDef> nodes = new HashMap<>();
    ir.graphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
    Map<String, List<NodeDef>> zeroed = new LinkedHashMap<>();
    List<Integer> aRemoved = smallestL1(floats(nodes, "a/filter"), 4, 2);
    List<Integer> bRemoved = smallestL1(floats(nodes, "b/filter"), 3, 2);
    zero(zeroed, nodes, "a/filter", 4, aRemoved);
    zero(zeroed, nodes, "a/bias", 4, aRemoved);
    zero(zeroed, nodes, "b/filter", 3, bRemoved);
    zero(zeroed, nodes, "b/bias", 3, bRemoved);
    List<Integer> mixedRemoved = new ArrayList<>(aRemoved);
    bRemoved.forEach(c -> mixedRemoved.add(4 + c));
    zero(zeroed, nodes, "mixed/bias", 7, mixedRemoved);
    zero(zeroed, nodes, "conv2/filter", 5, smallestL1(floats(nodes, "conv2/filter"), 5, 3));
    float[][] rows = Int8TestGraphs.rows(random, 32, 8 * 8 * 3, -1f, 1.5f);
    assertClose(Int8TestSupport.predict(LayerWeights.replace(ir, zeroed), rows), Int8TestSupport.predict(pruned, rows));
  }

  private static float[] floats(Map<String, NodeDef> nodes, String name) {
    return ConstTensors.floats(ConstTensors.value(nodes.get(name)));
  }

  /** The {@code count} channels (last axis of {@code channels}) of smallest L1 norm, ties to the lower index. */
  private static List<Integer> smallestL1(float[] w, int channels, int count) {
    double[] l1 = new double[channels];
    for (int i = 0; i < w.length; i++) {
      l1[i % channels] += Math.abs(w[i]);
    }
    return IntStream.range(0, channels).boxed().sorted(Comparator.<Integer>comparingDouble(c -> l1[c])
        .thenComparingInt(c -> c)).limit(count).toList();
  }

  /**
   * Puts {@code name} with the given channels zeroed: its last axis, which for a depthwise filter [h, w, c, 1] is
   * the same index modulo {@code channels}.
   */
  private static void zero(Map<String, List<NodeDef>> into, Map<String, NodeDef> nodes, String name, int channels,
      List<Integer> removed) {
    long[] shape = ConstTensors.shape(ConstTensors.value(nodes.get(name)));
    float[] v = floats(nodes, name);
    for (int i = 0; i < v.length; i++) {
      if (removed.contains(i % channels)) {
        v[i] = 0f;
      }
    }
    into.put(name, List.of(ConstTensors.constNode(name, ConstTensors.floatTensor(shape, v))));
  }

  @Test
  void hiddenLayersOfAnMlpArePrunedOnBothSidesAndTheOutputLayerIsLeftWhole() {
    ModelIr ir = TestGraphs.randomMlp("mlp", new Random(3), 20, 16, 12, 4);
    ModelIr pruned = method.apply(ir, fraction(0.5));
    Map<String, long[]> after = shapes(pruned);
    assertArrayEquals(new long[] {20, 8}, after.get("layer0/MatMul"));
    assertArrayEquals(new long[] {8, 6}, after.get("layer1/MatMul"));
    assertArrayEquals(new long[] {6, 4}, after.get("layer2/MatMul"), "the output layer keeps its 4 units");
    float[][] rows = Int8TestGraphs.rows(new Random(4), 50, 20, -2f, 2f);
    assertClose(Int8TestSupport.predict(zeroedReference(ir, shapes(ir), after, 0.5), rows),
        Int8TestSupport.predict(pruned, rows));
  }

  @Test
  void sharedMnistMlpMatchesTheZeroedGraphOnRealRows() {
    assumeTrue(SharedFixtures.available(), "shared models and data not found");
    ModelIr ir = SharedFixtures.mlp();
    ModelIr pruned = method.apply(ir, fraction(0.25));
    Map<String, long[]> after = shapes(pruned);
    assertTrue(pruned.parameterCount() < ir.parameterCount());
    Dataset rows = SharedFixtures.mnistHead(500);
    float[][] expected = Int8TestSupport.predict(zeroedReference(ir, shapes(ir), after, 0.25), rows.features());
    float[][] got = Int8TestSupport.predict(pruned, rows.features());
    assertClose(expected, got);
    assertArrayEquals(TopOne.argmax(expected), TopOne.argmax(got));
  }

  @Test
  void sharedMnistConvMatchesTheZeroedGraphOnRealRows() {
    assumeTrue(SharedFixtures.available(), "shared models and data not found");
    ModelIr ir = SharedFixtures.conv();
    ModelIr pruned = method.apply(ir, fraction(0.25));
    Map<String, long[]> after = shapes(pruned);
    Dataset rows = SharedFixtures.mnistHead(200);
    assertClose(Int8TestSupport.predict(zeroedReference(ir, shapes(ir), after, 0.25), rows.features()),
        Int8TestSupport.predict(pruned, rows.features()));
  }

  @Test
  void globalScopeRemovesTheShareOverAllLayersAndKeepsOneChannelEach() {
    ModelIr ir = TestGraphs.randomMlp("mlp", new Random(5), 10, 8, 6, 3);
    ModelIr pruned = method.apply(ir, MethodParameters.builder().fraction(0.5).scope(PruningScope.GLOBAL).build());
    Map<String, long[]> after = shapes(pruned);
    long kept = after.get("layer0/MatMul")[1] + after.get("layer1/MatMul")[1];
    assertEquals(14 - 7, kept, "round(0.5 x 14) of the 8 + 6 prunable channels removed");
    assertTrue(after.get("layer0/MatMul")[1] >= 1 && after.get("layer1/MatMul")[1] >= 1);
  }

  @Test
  void aModelWithNothingPrunableIsAnErrorWithTheReason() {
    ModelIr ir = TestGraphs.randomMlp("single", new Random(1), 6, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> method.apply(ir, fraction(0.5)));
    assertTrue(e.getMessage().contains("'single'") && e.getMessage().contains("model output"), e.getMessage());
  }

  @Test
  void parametersAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> method.apply(TestGraphs.randomMlp("m", new Random(1), 4, 4, 2),
        MethodParameters.builder().fraction(1.0).build()));
    assertThrows(IllegalArgumentException.class, () -> method.apply(TestGraphs.randomMlp("m", new Random(1), 4, 4, 2),
        MethodParameters.builder().sparsity(0.5).build()));
    assertEquals(ChannelCriterion.L2, MethodParameters.fromMap("channels", Map.of("criterion", "L2")).criterion());
  }

  /** Layer name → weight shape. */
  private static Map<String, long[]> shapes(ModelIr ir) {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (LayerInfo l : ir.layers()) {
      out.put(l.name(), l.weightShape());
    }
    return out;
  }

  /**
   * {@code ir} with, in every layer whose output channels shrank from {@code before} to {@code after}, the
   * round(fraction·C) channels of smallest L1 norm zeroed in its weight and in the bias it feeds.
   */
  private static ModelIr zeroedReference(ModelIr ir, Map<String, long[]> before, Map<String, long[]> after,
      double fraction) {
    Map<String, NodeDef> nodes = new HashMap<>();
    ir.graphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
    Map<String, List<NodeDef>> replacements = new LinkedHashMap<>();
    for (LayerInfo layer : ir.layers()) {
      long[] b = before.get(layer.name());
      long[] a = after.get(layer.name());
      int channels = (int) b[b.length - 1];
      if (a[a.length - 1] == channels) {
        continue;
      }
      float[] w = ConstTensors.floats(ConstTensors.value(nodes.get(layer.weightNodeName())));
      double[] l1 = new double[channels];
      for (int i = 0; i < w.length; i++) {
        l1[i % channels] += Math.abs(w[i]);
      }
      List<Integer> removed = new ArrayList<>(IntStream.range(0, channels).boxed()
          .sorted(Comparator.<Integer>comparingDouble(c -> l1[c]).thenComparingInt(c -> c))
          .limit(Math.round(fraction * channels)).toList());
      for (int i = 0; i < w.length; i++) {
        if (removed.contains(i % channels)) {
          w[i] = 0f;
        }
      }
      replacements.put(layer.weightNodeName(), List.of(ConstTensors.constNode(layer.weightNodeName(),
          ConstTensors.floatTensor(b, w))));
      NodeDef add = ir.graphDef().getNodeList().stream()
          .filter(n -> n.getInputCount() == 2 && TensorNames.nodeName(n.getInput(0)).equals(layer.name())
              && (n.getOp().equals("BiasAdd") || n.getOp().startsWith("Add")))
          .findFirst().orElse(null);
      if (add != null) {
        String biasName = TensorNames.nodeName(add.getInput(1));
        float[] bias = ConstTensors.floats(ConstTensors.value(nodes.get(biasName)));
        removed.forEach(c -> bias[c] = 0f);
        replacements.put(biasName, List.of(ConstTensors.constNode(biasName,
            ConstTensors.floatTensor(new long[] {channels}, bias))));
      }
    }
    return LayerWeights.replace(ir, replacements);
  }

  private static void assertClose(float[][] expected, float[][] got) {
    assertEquals(expected.length, got.length);
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].length, got[i].length);
      for (int j = 0; j < got[i].length; j++) {
        worst = Math.max(worst, Math.abs(expected[i][j] - got[i][j]));
      }
    }
    assertTrue(worst <= TOLERANCE, "max |difference| " + worst);
  }
}
