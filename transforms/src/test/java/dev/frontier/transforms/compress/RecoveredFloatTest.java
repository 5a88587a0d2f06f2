package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.NodeDef;

/**
 * The float graph a writer that quantizes by itself lowers must carry the candidate's recovery: for bias
 * correction after weight-only quantization, the finished candidate's corrected biases beside the pruned weights.
 */
class RecoveredFloatTest {

  @Test
  void weightOnlyBiasCorrectionHandsOnTheCorrectedBiasesAndThePrunedWeights() {
    ModelIr mlp = SharedFixtures.mlp();
    Dataset rows = SharedFixtures.mnist().select("rows", IntStream.range(0, 300).toArray());
    ConfiguredMethod pruning = ConfiguredMethod.of(MagnitudePruning.NAME,
        MethodParameters.builder().sparsity(0.75).scope(PruningScope.GLOBAL).build());
    ConfiguredMethod int8 = ConfiguredMethod.of(Int8Weights.NAME);
    RecoveryData data = RecoveryData.calibration(rows);
    CandidateCompressor.Recovered built = CandidateCompressor.recover(mlp, pruning, int8, null,
        Recovery.BIAS_CORRECTION, data);
    ModelIr shipped = built.candidate().shipped();
    ModelIr recovered = built.recoveredFloat();
    ModelIr pruned = pruning.applyTo(mlp);
    List<LayerWeights.Weight> a = LayerWeights.read("test", pruned);
    List<LayerWeights.Weight> b = LayerWeights.read("test", recovered);
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).values(), b.get(i).values(), 0f, "pruned weights " + a.get(i).nodeName());
    }
    GraphIndex shippedGraph = new GraphIndex(shipped);
    GraphIndex sourceGraph = new GraphIndex(mlp);
    int biases = 0;
    for (var layer : mlp.layers()) {
      long[] s = layer.weightShape();
      BiasAdd bias = BiasAdd.find(layer.name(), (int) s[s.length - 1], new GraphIndex(recovered));
      NodeDef corrected = shippedGraph.node(bias.constNode());
      assertArrayEquals(ConstTensors.floats(ConstTensors.value(corrected)), bias.values(), 0f, bias.constNode());
      assertFalse(java.util.Arrays.equals(ConstTensors.floats(ConstTensors.value(sourceGraph.node(bias.constNode()))),
          bias.values()), "the bias was corrected: " + bias.constNode());
      biases++;
    }
    assertEquals(2, biases);
  }
}
