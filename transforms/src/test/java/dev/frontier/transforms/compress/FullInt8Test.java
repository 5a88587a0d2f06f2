package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;

/**
 * The {@code int8} method through the registry and {@link CandidateCompressor}: it needs ranges (and says
 * so), returns the simulated graph to evaluate and the integer graph to ship, composes with pruning, keeps
 * {@code skipLayers} float; other methods pass through the four-argument {@code compress} unchanged.
 */
class FullInt8Test {
  private final Random random = new Random(21);
  private final ModelIr mlp = TestGraphs.randomMlp("mlp", random, 16, 8, 4);
  private final ActivationRanges ranges = Int8TestSupport.minMaxRanges(mlp, Int8TestGraphs.rows(random, 32, 16, 0f, 1f));
  private final ConfiguredMethod int8 = ConfiguredMethod.of(FullInt8.NAME);

  @Test
  void registeredAsACalibratedQuantizationMethod() {
    CompressionMethod m = CompressionRegistry.get("int8");
    assertTrue(m instanceof CalibratedCompressionMethod);
    assertTrue(m.requiresCalibration());
    assertEquals(CompressionMethod.Kind.QUANTIZATION, m.kind());
    for (String other : List.of("float", "fp16", "int8-weight", "int4-weight", "magnitude")) {
      assertFalse(CompressionRegistry.get(other).requiresCalibration(), other);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConfiguredMethod.of("int8", MethodParameters.builder().groupSize(8).build()));
    assertEquals("int8: unknown parameter 'groupSize'; it accepts [granularity, skipLayers]", e.getMessage());
  }

  @Test
  void compressReturnsTheSimulatedGraphToEvaluateAndTheIntegerGraphToShip() {
    CompressedCandidate c = CandidateCompressor.compress(mlp, null, int8, ranges);
    assertEquals(List.of(), c.floatLayers());
    assertEquals("FakeQuantWithMinMaxVars", TfOracles.node(c.evaluated(), "layer0/MatMul/int8/input").getOp());
    assertEquals("MatMul", TfOracles.node(c.evaluated(), "layer0/MatMul").getOp());
    assertEquals("QuantizedMatMulWithBiasAndDequantize", TfOracles.node(c.shipped(), "layer0/MatMul").getOp());
    assertEquals(DataType.DT_QINT8, TfOracles.constValue(c.shipped(), "layer0/kernel").getDtype());
    assertEquals(FullInt8Simulated.simulate(mlp, ranges, MethodParameters.DEFAULT_GRANULARITY).graphDef(), c.evaluated().graphDef());
    assertEquals(FullInt8Kernels.build(mlp, ranges, MethodParameters.DEFAULT_GRANULARITY).ir().graphDef(), c.shipped().graphDef());
  }

  @Test
  void withoutRangesItFailsSayingWhy() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CandidateCompressor.compress(mlp, null, int8, null));
    assertEquals("step 'int8' needs calibrated activation ranges for model 'mlp', got none", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CandidateCompressor.compress(mlp, null, int8));
    assertTrue(e.getMessage().startsWith("int8: needs calibrated activation ranges (model 'mlp')"), e.getMessage());
  }

  @Test
  void otherMethodsPassThroughWithOneGraphAndNoRangesNeeded() {
    ConfiguredMethod weightOnly = ConfiguredMethod.of(Int8Weights.NAME);
    CompressedCandidate c = CandidateCompressor.compress(mlp, null, weightOnly, null);
    assertSame(c.evaluated(), c.shipped());
    assertEquals(CandidateCompressor.compress(mlp, null, weightOnly).graphDef(), c.shipped().graphDef());
    assertEquals(List.of(), c.floatLayers());
    assertSame(mlp, CandidateCompressor.compress(mlp, null, ConfiguredMethod.of(FloatBaseline.NAME), ranges).shipped());
  }

  @Test
  void pruningComposesAndItsZerosSurviveInBothGraphs() {
    ConfiguredMethod prune = ConfiguredMethod.of(MagnitudePruning.NAME, MethodParameters.builder().sparsity(0.5).build());
    CompressedCandidate c = CandidateCompressor.compress(mlp, prune, int8, ranges);
    TensorProto shipped = TfOracles.constValue(c.shipped(), "layer0/kernel");
    float[] evaluated = ConstTensors.floats(TfOracles.constValue(c.evaluated(), "layer0/kernel"));
    byte[] levels = shipped.getTensorContent().toByteArray();
    int zeros = 0;
    for (int i = 0; i < levels.length; i++) {
      assertEquals(levels[i] == 0, evaluated[i] == 0f, "weight " + i);
      zeros += levels[i] == 0 ? 1 : 0;
    }
    assertTrue(zeros >= levels.length / 2, zeros + " zeros of " + levels.length);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CandidateCompressor.compress(mlp, int8, int8, ranges));
    assertEquals("step 'int8' is a QUANTIZATION method, given as PRUNING", e.getMessage());
  }

  @Test
  void skipLayersStayFloatAndAreReported() {
    ConfiguredMethod keepLast = ConfiguredMethod.of(FullInt8.NAME,
        MethodParameters.builder().skipLayers(List.of("layer1/MatMul")).build());
    CompressedCandidate c = CandidateCompressor.compress(mlp, null, keepLast, ranges);
    assertEquals(List.of("layer1/MatMul"), c.floatLayers());
    assertEquals("MatMul", TfOracles.node(c.shipped(), "layer1/MatMul").getOp());
    assertEquals(DataType.DT_FLOAT, TfOracles.constValue(c.shipped(), "layer1/kernel").getDtype());
    assertNotEquals(DataType.DT_FLOAT, TfOracles.constValue(c.shipped(), "layer0/kernel").getDtype());
  }

  @Test
  void activationTensorsAreTheLayerInputs() {
    assertEquals(List.of("x:0", "Relu:0"), FullInt8.activationTensors(mlp));
  }
}
