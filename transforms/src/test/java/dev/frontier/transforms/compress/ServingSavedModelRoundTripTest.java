package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.measure.BatchedPredictions;
import dev.frontier.transforms.measure.TopOne;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.IrPredictor;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.ServingRuntime;
import dev.frontier.transforms.model.ServingSavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/**
 * Every compression family on two real models (the Keras MNIST MLP of TF 2.2 and the TF1 MNIST CNN), written
 * as a SavedModel by {@link ServingSavedModel} and loaded back with TF Java's {@link SavedModelBundle} alone:
 * fed and fetched through its serving signature by hand, no Frontier IR or predictor code on that side.
 * The loaded artifact predicts, row for row, what the shipped graph the sweep measures predicts; its
 * signature has the source SavedModel's key, input and output keys, dtypes and shapes; its weights are stored
 * as the method stores them (no float copy of a compressed layer); it has no variables; writing it twice gives
 * the same bytes. The float artifacts also score the accuracy published for the models (models/README.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingSavedModelRoundTripTest {
  private static final String SIGNATURE = "serving_default";
  private static final List<String> TAGS = List.of("serve");
  private static final int CALIBRATION_ROWS = 300;
  private static final int BATCH_ROWS = 500;
  /** Float top-1 on the 10k MNIST test rows, measured elsewhere (../shared/models/README.md). */
  private static final Map<String, Double> PUBLISHED_ACCURACY =
      Map.of(SharedFixtures.MNIST_MLP, 0.9771, SharedFixtures.MNIST_CONV, 0.7813);

  private Dataset evaluation;
  private float[][] calibration;

  @BeforeAll
  void data() {
    assumeTrue(SharedFixtures.available(), "shared models and data not found");
    Dataset mnist = SharedFixtures.mnist();
    calibration = Arrays.copyOfRange(mnist.features(), 0, CALIBRATION_ROWS);
    evaluation = mnist;
  }

  static Stream<Arguments> candidates() {
    List<String> families = List.of("float", "fp16", "int8-weight per-tensor", "int8-weight per-channel",
        "int4-weight", "int8 full-integer", "magnitude 50% + int8-weight", "magnitude 75% global + int4-weight",
        "magnitude 50% + int8 full-integer");
    return Stream.of(SharedFixtures.MNIST_MLP, SharedFixtures.MNIST_CONV)
        .flatMap(model -> families.stream().map(f -> Arguments.of(model, f)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("candidates")
  void artifactLoadsAloneAndPredictsAsTheMeasuredGraph(String model, String family, @TempDir Path dir)
      throws IOException {
    ModelIr floatIr = model.equals(SharedFixtures.MNIST_MLP) ? SharedFixtures.mlp() : SharedFixtures.conv();
    ModelIr shipped = compress(floatIr, family);
    byte[] bytes = ServingSavedModel.bytes(shipped, SIGNATURE, TAGS);
    assertArrayEquals(bytes, ServingSavedModel.bytes(shipped, SIGNATURE, TAGS), "two writes differ");
    Files.write(dir.resolve(ServingSavedModel.FILE), bytes);

    GraphDef stored = SavedModel.parseFrom(bytes).getMetaGraphs(0).getGraphDef();
    assertArrayEquals(shipped.graphDefBytes(), stored.toByteArray(), "the artifact holds another graph");
    assertFalse(Files.exists(dir.resolve("variables")), "no variables: weights are constants");
    checkWeightsStoredAsCompressed(family, floatIr, stored);

    int[] loaded;
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), TAGS.toArray(String[]::new))) {
      SignatureDef signature = bundle.metaGraphDef().getSignatureDefMap().get(SIGNATURE);
      assertSameSignature(sourceSignature(model), signature);
      loaded = predictThroughSignature(bundle, signature, shipped.primaryOutput().key());
    }
    int[] measured;
    try (IrPredictor predictor = new IrPredictor(shipped, null)) {
      measured = BatchedPredictions.topOne(predictor, evaluation, BATCH_ROWS);
    }
    assertArrayEquals(measured, loaded, "the loaded artifact predicts other classes than the measured graph");
    double accuracy = TopOne.accuracy(loaded, evaluation.labels());
    if (family.equals("float")) {
      assertEquals(PUBLISHED_ACCURACY.get(model), accuracy, 5e-5, model + " float artifact");
    }
    boolean integerKernels = family.contains("full-integer");
    assertEquals(integerKernels, !ServingRuntime.of(stored).oneDnnOps().isEmpty(),
        "only the full-integer artifact needs TF's oneDNN kernels");
    System.out.printf("%-26s %-36s top-1 %.4f  saved_model.pb %,9d B%n", model, family, accuracy, bytes.length);
  }

  private ModelIr compress(ModelIr floatIr, String family) {
    ConfiguredMethod pruning = family.startsWith("magnitude 50%")
        ? ConfiguredMethod.of(MagnitudePruning.NAME, MethodParameters.builder().sparsity(0.5).build())
        : family.startsWith("magnitude 75%")
            ? ConfiguredMethod.of(MagnitudePruning.NAME,
                MethodParameters.builder().sparsity(0.75).scope(PruningScope.GLOBAL).build())
            : null;
    String q = family.replaceFirst("^magnitude [^+]*\\+ ", "");
    if (q.equals("int8 full-integer")) {
      ConfiguredMethod int8 = ConfiguredMethod.of(FullInt8.NAME,
          MethodParameters.builder().granularity(Granularity.PER_CHANNEL).build());
      return CandidateCompressor.compress(floatIr, pruning, int8,
          Int8TestSupport.minMaxRanges(floatIr, calibration)).shipped();
    }
    ConfiguredMethod quantization = switch (q) {
      case "float" -> ConfiguredMethod.of(FloatBaseline.NAME);
      case "fp16" -> ConfiguredMethod.of(Fp16Weights.NAME);
      case "int8-weight per-tensor" -> ConfiguredMethod.of(Int8Weights.NAME,
          MethodParameters.builder().granularity(Granularity.PER_TENSOR).build());
      case "int8-weight", "int8-weight per-channel" -> ConfiguredMethod.of(Int8Weights.NAME,
          MethodParameters.builder().granularity(Granularity.PER_CHANNEL).build());
      case "int4-weight" -> ConfiguredMethod.of(Int4GroupWeights.NAME);
      default -> throw new IllegalArgumentException(family);
    };
    return CandidateCompressor.compress(floatIr, pruning, quantization);
  }

  /**
   * A compressed artifact keeps no float copy of a layer's weights: no DT_FLOAT constant has as many values as
   * a layer weight of the float model (fp16 stores DT_HALF, int8 DT_INT8 or qint8, int4 packed bytes; their
   * scales and biases are far smaller).
   */
  private static void checkWeightsStoredAsCompressed(String family, ModelIr floatIr, GraphDef stored) {
    if (family.equals("float")) {
      return;
    }
    Set<Long> layerWeightSizes = floatIr.layers().stream()
        .map(l -> ConstTensors.elementCount(l.weightShape())).collect(Collectors.toSet());
    for (NodeDef n : stored.getNodeList()) {
      if (ConstTensors.isConst(n) && ConstTensors.value(n).getDtype() == DataType.DT_FLOAT) {
        long elements = ConstTensors.elementCount(ConstTensors.shape(ConstTensors.value(n)));
        assertFalse(layerWeightSizes.contains(elements), family + ": float constant '" + n.getName() + "' of "
            + elements + " values, the size of a layer's weights");
      }
    }
  }

  /** Top-1 of the artifact through its signature: rows fed to the input key, scores read from {@code outputKey}. */
  private int[] predictThroughSignature(SavedModelBundle bundle, SignatureDef signature, String outputKey) {
    TensorInfo input = signature.getInputsMap().values().iterator().next();
    TensorInfo output = signature.getOutputsOrThrow(outputKey);
    long[] shape = ConstTensors.shape(input.getTensorShape());
    float[][] rows = evaluation.features();
    int width = rows[0].length;
    int[] top1 = new int[rows.length];
    for (int start = 0; start < rows.length; start += BATCH_ROWS) {
      int n = Math.min(BATCH_ROWS, rows.length - start);
      float[] flat = new float[n * width];
      for (int i = 0; i < n; i++) {
        System.arraycopy(rows[start + i], 0, flat, i * width, width);
      }
      long[] batchShape = shape.clone();
      batchShape[0] = n;
      try (Tensor in = TFloat32.tensorOf(Shape.of(batchShape), DataBuffers.of(flat, true, false));
          Result r = bundle.session().runner().feed(input.getName(), in).fetch(output.getName()).run()) {
        TFloat32 scores = (TFloat32) r.get(0);
        long classes = scores.shape().size(1);
        for (int i = 0; i < n; i++) {
          int best = 0;
          for (int c = 1; c < classes; c++) {
            if (scores.getFloat(i, c) > scores.getFloat(i, best)) {
              best = c;
            }
          }
          top1[start + i] = best;
        }
      }
    }
    return top1;
  }

  private static SignatureDef sourceSignature(String model) throws IOException {
    byte[] pb = Files.readAllBytes(SharedFixtures.model(model).resolve(ServingSavedModel.FILE));
    return SavedModel.parseFrom(pb).getMetaGraphs(0).getSignatureDefOrThrow(SIGNATURE);
  }

  /** Same input and output keys, each with the same dtype and shape. */
  private static void assertSameSignature(SignatureDef source, SignatureDef artifact) {
    assertEquals(source.getInputsMap().keySet(), artifact.getInputsMap().keySet(), "input keys");
    assertEquals(source.getOutputsMap().keySet(), artifact.getOutputsMap().keySet(), "output keys");
    for (var io : List.of(Map.entry(source.getInputsMap(), artifact.getInputsMap()),
        Map.entry(source.getOutputsMap(), artifact.getOutputsMap()))) {
      io.getKey().forEach((key, info) -> {
        TensorInfo other = io.getValue().get(key);
        assertEquals(info.getDtype(), other.getDtype(), key + " dtype");
        assertArrayEquals(ConstTensors.shape(info.getTensorShape()), ConstTensors.shape(other.getTensorShape()),
            key + " shape");
      });
    }
  }
}
