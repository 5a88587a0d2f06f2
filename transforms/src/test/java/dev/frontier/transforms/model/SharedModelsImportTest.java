package dev.frontier.transforms.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.data.Dataset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.proto.NodeDef;

/**
 * Every shared real SavedModel imports to an IR that reproduces its signature and its published
 * accuracy. Each model is imported and loaded once for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedModelsImportTest {
  private static final String CSDAI = "mnist-mlp-csdai0324";
  private static final String HRITIK = "mnist-mlp-hritikvalluvar";
  private static final String CONV = "mnist-conv-tf1-dotnet";
  private static final String IRIS = "iris-keras-tfx";
  private static final Map<String, Double> README_ACCURACY =
      Map.of(CSDAI, 0.9771, HRITIK, 0.9770, CONV, 0.7813, IRIS, 0.96);
  private static final int EXACTNESS_ROWS = 500;
  private static final float TOLERANCE = 1e-5f;

  private final Map<String, ModelIr> irs = new LinkedHashMap<>();
  private final Map<String, IrPredictor> irPredictors = new LinkedHashMap<>();
  private final Map<String, SignaturePredictor> signaturePredictors = new LinkedHashMap<>();

  @BeforeAll
  void importAll() {
    for (String name : README_ACCURACY.keySet()) {
      ImportRequest req = ImportRequest.of(name, SharedFixtures.model(name));
      ModelIr ir = SavedModelImporter.importModel(req);
      irs.put(name, ir);
      irPredictors.put(name, new IrPredictor(ir));
      signaturePredictors.put(name, SignaturePredictor.open(req));
    }
  }

  @AfterAll
  void closeAll() {
    irPredictors.values().forEach(IrPredictor::close);
    signaturePredictors.values().forEach(SignaturePredictor::close);
  }

  private static Dataset data(String model) {
    return IRIS.equals(model) ? SharedData.iris() : SharedFixtures.mnist();
  }

  @ParameterizedTest
  @ValueSource(strings = {CSDAI, HRITIK, CONV, IRIS})
  void irReproducesTheSignature(String model) {
    Dataset d = IRIS.equals(model) ? SharedData.iris() : SharedFixtures.mnistHead(EXACTNESS_ROWS);
    float[][] expected = signaturePredictors.get(model).predict(d.features(), d.featureNames());
    float[][] actual = irPredictors.get(model).predict(d.features(), d.featureNames());
    assertEquals(d.size(), actual.length);
    assertEquals(expected[0].length, actual[0].length);
    float diff = SharedData.maxAbsDiff(expected, actual);
    System.out.printf("%s: IR vs signature on %d rows: max |diff| %.3g%n", model, d.size(), diff);
    assertTrue(diff <= TOLERANCE, model + ": IR differs from the signature by " + diff);
  }

  @ParameterizedTest
  @ValueSource(strings = {CSDAI, HRITIK, CONV, IRIS})
  void irAccuracyMatchesReadme(String model) {
    double acc = SharedData.accuracy(irPredictors.get(model), data(model), 1000);
    System.out.printf("%s: IR top-1 %.4f (README %.4f)%n", model, acc, README_ACCURACY.get(model));
    assertEquals(README_ACCURACY.get(model), acc, 0.00005, model);
  }

  @ParameterizedTest
  @ValueSource(strings = {CSDAI, HRITIK, CONV, IRIS})
  void irIsFlatAndFrozen(String model) {
    ModelIr ir = irs.get(model);
    Set<String> ops = ir.graphDef().getNodeList().stream().map(NodeDef::getOp).collect(Collectors.toSet());
    for (String banned : List.of("PartitionedCall", "StatefulPartitionedCall", "VarHandleOp", "ReadVariableOp",
        "VariableV2", "NoOp", "SaveV2", "RestoreV2")) {
      assertFalse(ops.contains(banned), model + " IR still has " + banned + ": " + ops);
    }
    assertEquals(0, ir.graphDef().getLibrary().getFunctionCount(), model + ": library left");
    for (NodeDef n : ir.graphDef().getNodeList()) {
      assertEquals("", n.getDevice(), n.getName());
    }
    for (TensorSpec in : ir.inputs()) {
      NodeDef node = ir.graphDef().getNodeList().stream()
          .filter(n -> n.getName().equals(in.nodeName())).findFirst().orElseThrow();
      assertEquals("Placeholder", node.getOp());
      assertEquals(in.dataType(), node.getAttrOrThrow("dtype").getType());
    }
    System.out.println(model + ": " + ir + " ops " + ops);
  }

  @Test
  void mlpsHaveTwoDenseLayers() {
    for (String model : List.of(CSDAI, HRITIK)) {
      ModelIr ir = irs.get(model);
      List<LayerInfo> layers = ir.layers();
      assertEquals(2, layers.size(), model + " " + layers);
      assertEquals("MatMul", layers.get(0).op());
      assertArrayEquals(new long[] {784, 128}, layers.get(0).weightShape());
      assertArrayEquals(new long[] {128, 10}, layers.get(1).weightShape());
      assertEquals(784 * 128 + 128 + 128 * 10 + 10, ir.parameterCount(), model);
      assertEquals("flatten_input", ir.inputs().get(0).key());
      assertEquals("serving_default_flatten_input:0", ir.inputs().get(0).tensorName());
      assertArrayEquals(new long[] {-1, 28, 28}, ir.inputs().get(0).shape());
      assertEquals("dense_1", ir.primaryOutput().key());
      // Placeholder, flatten (Reshape + shape), 2 x (MatMul + weight, BiasAdd + bias), Relu, Softmax, output.
      assertEquals(14, ir.nodeCount(), ir.graphDef().getNodeList().stream().map(NodeDef::getName)
          .collect(Collectors.joining(", ")));
    }
  }

  @Test
  void tf1ConvModelHasThreeConvsAndTwoDenseLayers() {
    ModelIr ir = irs.get(CONV);
    List<String> ops = ir.layers().stream().map(LayerInfo::op).collect(Collectors.toList());
    assertEquals(List.of("Conv2D", "Conv2D", "Conv2D", "MatMul", "MatMul"), ops, ir.layers().toString());
    List<String> shapes = ir.layers().stream().map(l -> java.util.Arrays.toString(l.weightShape()))
        .collect(Collectors.toList());
    assertEquals(List.of("[6, 6, 1, 6]", "[5, 5, 6, 12]", "[4, 4, 12, 24]", "[1176, 200]", "[200, 10]"), shapes);
    // Weights plus the per-channel biases each layer adds (Add of a Const in this TF1 graph).
    assertEquals(216 + 6 + 1800 + 12 + 4608 + 24 + 235200 + 200 + 2000 + 10, ir.parameterCount());
    System.out.println(CONV + " layers: " + ir.layers());
  }

  @Test
  void irisHasFourDenseLayersAndAStringInput() {
    ModelIr ir = irs.get(IRIS);
    assertEquals(4, ir.layers().size(), ir.layers().toString());
    assertEquals(org.tensorflow.proto.DataType.DT_STRING, ir.inputs().get(0).dataType());
    assertArrayEquals(new long[] {4, 8}, ir.layers().get(0).weightShape());
    assertArrayEquals(new long[] {8, 3}, ir.layers().get(3).weightShape());
  }
}
