package dev.frontier.transforms.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.calibrate.ActivationTaps;
import dev.frontier.transforms.calibrate.CalibrationParams;
import dev.frontier.transforms.calibrate.Calibrator;
import dev.frontier.transforms.compress.ConfiguredMethod;
import dev.frontier.transforms.compress.ExportLevels;
import dev.frontier.transforms.compress.Granularity;
import dev.frontier.transforms.model.ImportRequest;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.SavedModelImporter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tflite.BuiltinOperator;
import tflite.Model;
import tflite.Operator;
import tflite.SubGraph;
import tflite.Tensor;
import tflite.TensorType;

/**
 * The written flatbuffer, read back with the generated schema classes: structure, every tensor's quantization
 * parameters, int32 bias scales, determinism and the refusals. No runtime needed (LiteRtCheckTest runs the files).
 */
class TfliteWriterTest {

  static ActivationRanges ranges(ModelIr ir, float[][] rows) {
    dev.frontier.transforms.data.Dataset d = new dev.frontier.transforms.data.Dataset("rows", List.of(), rows, new int[rows.length]);
    return Calibrator.calibrate(ir, ActivationTaps.tensors(ir, TfliteWriter.rangeTensors(ir)), d, rows.length, "minmax",
        CalibrationParams.DEFAULTS);
  }

  @Test
  void float32DenseLayerIsFullyConnectedWithTransposedWeights() {
    ModelIr ir = TfliteTestGraphs.dense("dense", 5, 3, true, 1);
    Model m = TfliteFiles.parse(TfliteWriter.write(ir, TfliteScheme.float32(), null));
    assertEquals(3, m.version());
    assertEquals(List.of(BuiltinOperator.FULLY_CONNECTED), TfliteFiles.opCodes(m));
    SubGraph g = m.subgraphs(0);
    Operator fc = g.operators(0);
    Tensor w = g.tensors(fc.inputs(1));
    assertEquals(3, w.shape(0));
    assertEquals(5, w.shape(1));
    assertEquals(tflite.ActivationFunctionType.RELU,
        ((tflite.FullyConnectedOptions) fc.builtinOptions(new tflite.FullyConnectedOptions())).fusedActivationFunction());
    assertEquals("serving_default", m.signatureDefs(0).signatureKey());
    assertEquals(-1, g.tensors(g.inputs(0)).shapeSignature(0));
  }

  @Test
  void sameInputsGiveTheSameBytes() {
    ModelIr ir = TfliteTestGraphs.conv("conv", 6, 6, 2, 4, 3, 1, "SAME", true, 2);
    float[][] rows = TfliteTestGraphs.rows(32, 72, 3, 1f);
    ActivationRanges r = ranges(ir, rows);
    assertArrayEquals(TfliteWriter.write(ir, TfliteScheme.int8(Granularity.PER_CHANNEL), r),
        TfliteWriter.write(ir, TfliteScheme.int8(Granularity.PER_CHANNEL), r));
  }

  @ParameterizedTest
  @EnumSource(Granularity.class)
  void int8RoundTripsEveryQuantizationParameter(Granularity granularity) {
    ModelIr ir = TfliteTestGraphs.conv("conv", 6, 6, 2, 4, 3, 2, "SAME", true, 4);
    float[][] rows = TfliteTestGraphs.rows(64, 72, 5, 1f);
    ActivationRanges r = ranges(ir, rows);
    Model m = TfliteFiles.parse(TfliteWriter.write(ir, TfliteScheme.int8(granularity), r));
    assertEquals(List.of(BuiltinOperator.QUANTIZE, BuiltinOperator.CONV_2D, BuiltinOperator.DEQUANTIZE),
        TfliteFiles.opCodes(m));
    SubGraph g = m.subgraphs(0);
    Operator conv = g.operators(1);
    Tensor in = g.tensors(conv.inputs(0));
    Tensor w = g.tensors(conv.inputs(1));
    Tensor out = g.tensors(conv.outputs(0));
    assertEquals(TensorType.INT8, in.type());
    TfliteWriter.QuantParams inParams = TfliteWriter.QuantParams.of(r.of("x:0").min(), r.of("x:0").max());
    assertArrayEquals(new float[] {inParams.scale()}, TfliteFiles.scales(in));
    assertArrayEquals(new long[] {inParams.zeroPoint()}, TfliteFiles.zeroPoints(in));
    TfliteWriter.QuantParams outParams = TfliteWriter.QuantParams.of(r.of("Relu:0").min(), r.of("Relu:0").max());
    assertArrayEquals(new float[] {outParams.scale()}, TfliteFiles.scales(out));
    assertArrayEquals(new long[] {outParams.zeroPoint()}, TfliteFiles.zeroPoints(out));
    // weights: the TF artifact's levels and scales, OHWI, zero-points 0, output-channel axis
    ExportLevels.WeightLevels levels = ExportLevels.int8Weight("Conv2D", "Conv2D", new long[] {3, 3, 2, 4},
        TfliteTestGraphs.conv("conv", 6, 6, 2, 4, 3, 2, "SAME", true, 4).graphDef().getNodeList().stream()
            .filter(n -> n.getName().equals("filter")).findFirst()
            .map(n -> dev.frontier.transforms.model.ConstTensors.floats(dev.frontier.transforms.model.ConstTensors.value(n)))
            .orElseThrow(), granularity);
    assertArrayEquals(levels.scales(), TfliteFiles.scales(w));
    assertArrayEquals(new long[levels.scales().length], TfliteFiles.zeroPoints(w));
    assertEquals(0, w.quantization().quantizedDimension());
    assertEquals(4, w.shape(0));
    for (int o = 0; o < 4; o++) {
      for (int i = 0; i < 18; i++) {
        // TFLite [o, h, w, c] at o*18 + i; TF [h, w, c, o] at i*4 + o
        assertEquals(levels.levels()[i * 4 + o], (byte) m.buffers((int) w.buffer()).data(o * 18 + i));
      }
    }
  }

  /** The int32 bias scale must be exactly input_scale × weight_scale; no interpreter checks it. */
  @Test
  void everyInt32BiasHasScaleInputTimesWeight() {
    assumeTrue(SharedFixtures.available(), "shared models absent");
    for (ModelIr ir : List.of(SharedFixtures.mlp(), SharedFixtures.conv(),
        TfliteTestGraphs.allOps("all", 7))) {
      float[][] rows = ir.modelId().equals("all") ? TfliteTestGraphs.rows(64, 72, 8, 1f)
          : SharedFixtures.mnistHead(200).features();
      ActivationRanges r = ranges(ir, rows);
      for (Granularity granularity : Granularity.values()) {
        Model m = TfliteFiles.parse(TfliteWriter.write(ir, TfliteScheme.int8(granularity), r));
        SubGraph g = m.subgraphs(0);
        int biases = 0;
        for (int i = 0; i < g.operatorsLength(); i++) {
          Operator op = g.operators(i);
          int code = m.operatorCodes((int) op.opcodeIndex()).builtinCode();
          if (code != BuiltinOperator.FULLY_CONNECTED && code != BuiltinOperator.CONV_2D
              && code != BuiltinOperator.DEPTHWISE_CONV_2D) {
            continue;
          }
          float inScale = TfliteFiles.scales(g.tensors(op.inputs(0)))[0];
          float[] w = TfliteFiles.scales(g.tensors(op.inputs(1)));
          Tensor bias = g.tensors(op.inputs(2));
          assertEquals(TensorType.INT32, bias.type());
          float[] b = TfliteFiles.scales(bias);
          assertEquals(w.length, b.length);
          for (int c = 0; c < b.length; c++) {
            assertEquals(inScale * w[c], b[c], 0f, ir.modelId() + " op " + i + " channel " + c);
          }
          assertArrayEquals(new long[b.length], TfliteFiles.zeroPoints(bias));
          biases++;
        }
        assertTrue(biases >= 2, ir.modelId() + ": " + biases + " int32 biases");
      }
    }
  }

  @Test
  void fp16AndInt8WeightStoreWeightsBehindDequantize() {
    ModelIr ir = TfliteTestGraphs.dense("dense", 6, 4, false, 9);
    Model fp16 = TfliteFiles.parse(TfliteWriter.write(ir, TfliteScheme.fp16(), null));
    assertEquals(List.of(BuiltinOperator.DEQUANTIZE, BuiltinOperator.FULLY_CONNECTED), TfliteFiles.opCodes(fp16));
    assertEquals(TensorType.FLOAT16, fp16.subgraphs(0).tensors(fp16.subgraphs(0).operators(0).inputs(0)).type());
    Model int8 = TfliteFiles.parse(TfliteWriter.write(ir, TfliteScheme.int8Weight(Granularity.PER_CHANNEL), null));
    Tensor w = int8.subgraphs(0).tensors(int8.subgraphs(0).operators(0).inputs(0));
    assertEquals(TensorType.INT8, w.type());
    assertEquals(4, TfliteFiles.scales(w).length);
    assertEquals(TensorType.FLOAT32, int8.subgraphs(0).tensors(int8.subgraphs(0).operators(1).inputs(0)).type());
  }

  @Test
  void anUnmappableOpIsNamedWithItsModel() {
    NotExportableToTfliteException e = assertThrows(NotExportableToTfliteException.class,
        () -> TfliteWriter.write(TfliteTestGraphs.tanh("tanh-model"), TfliteScheme.float32(), null));
    assertEquals("not exportable to TFLite: op Tanh (node 'y') in model 'tanh-model'", e.getMessage());
  }

  @Test
  void theIrisModelsExampleParsingIsNotExportable() {
    assumeTrue(SharedFixtures.available(), "shared models absent");
    ModelIr iris = SavedModelImporter.importModel(ImportRequest.of("iris-keras-tfx", SharedFixtures.model("iris-keras-tfx")));
    NotExportableToTfliteException e = assertThrows(NotExportableToTfliteException.class,
        () -> TfliteWriter.write(iris, TfliteScheme.float32(), null));
    assertTrue(e.getMessage().startsWith("not exportable to TFLite: input 'examples' of type DT_STRING"), e.getMessage());
    assertTrue(e.getMessage().endsWith("in model 'iris-keras-tfx'"), e.getMessage());
  }

  @Test
  void int4GroupsHaveNoTfliteScheme() {
    NotExportableToTfliteException e = assertThrows(NotExportableToTfliteException.class,
        () -> TfliteScheme.of("m", ConfiguredMethod.of("int4-weight")));
    assertTrue(e.getMessage().startsWith("not exportable to TFLite: scheme int4-weight"), e.getMessage());
  }

  @Test
  void fullIntegerNeedsRanges() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TfliteWriter.write(TfliteTestGraphs.dense("d", 3, 2, false, 1), TfliteScheme.int8(Granularity.PER_TENSOR), null));
    assertTrue(e.getMessage().contains("needs calibrated activation ranges"), e.getMessage());
  }

  /**
   * In the full-integer files of the shared MNIST models every tensor reads back with the parameters the
   * scheme gives it: activations from their calibrated range (or their input's, or TFLite's fixed 1/256 for
   * SOFTMAX), weights with zero-point 0 on the output-channel axis, the float interface unquantized.
   */
  @Test
  void everyTensorOfTheSharedModelsRoundTripsItsQuantization() {
    assumeTrue(SharedFixtures.available(), "shared models absent");
    for (ModelIr ir : List.of(SharedFixtures.mlp(), SharedFixtures.conv())) {
      ActivationRanges r = ranges(ir, SharedFixtures.mnistHead(200).features());
      Model m = TfliteFiles.parse(TfliteWriter.write(ir, TfliteScheme.int8(Granularity.PER_CHANNEL), r));
      SubGraph g = m.subgraphs(0);
      int checked = 0;
      for (int i = 0; i < g.operatorsLength(); i++) {
        Operator op = g.operators(i);
        int code = m.operatorCodes((int) op.opcodeIndex()).builtinCode();
        Tensor in = g.tensors(op.inputs(0));
        Tensor out = g.tensors(op.outputs(0));
        if (code == BuiltinOperator.QUANTIZE) {
          assertEquals(TensorType.FLOAT32, in.type());
          assertEquals(null, in.quantization());
        } else if (code == BuiltinOperator.DEQUANTIZE) {
          assertEquals(TensorType.FLOAT32, out.type());
          continue;
        }
        TfliteWriter.QuantParams expected = switch (code) {
          case BuiltinOperator.SOFTMAX -> new TfliteWriter.QuantParams(1f / 256, -128);
          case BuiltinOperator.RESHAPE, BuiltinOperator.MAX_POOL_2D -> new TfliteWriter.QuantParams(
              TfliteFiles.scales(in)[0], (int) TfliteFiles.zeroPoints(in)[0]);
          default -> TfliteWriter.QuantParams.of(r.of(out.name()).min(), r.of(out.name()).max());
        };
        assertEquals(TensorType.INT8, out.type(), out.name());
        assertArrayEquals(new float[] {expected.scale()}, TfliteFiles.scales(out), out.name());
        assertArrayEquals(new long[] {expected.zeroPoint()}, TfliteFiles.zeroPoints(out), out.name());
        if (code == BuiltinOperator.FULLY_CONNECTED || code == BuiltinOperator.CONV_2D) {
          Tensor w = g.tensors(op.inputs(1));
          assertEquals(TensorType.INT8, w.type());
          assertEquals(w.shape(0), TfliteFiles.scales(w).length, w.name() + ": one scale per output channel");
          assertArrayEquals(new long[w.shape(0)], TfliteFiles.zeroPoints(w), w.name());
          assertEquals(0, w.quantization().quantizedDimension(), w.name());
        }
        checked++;
      }
      assertTrue(checked >= 4, ir.modelId() + ": " + checked + " ops checked");
    }
  }
}
