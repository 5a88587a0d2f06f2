package dev.frontier.transforms.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.compress.ExportLevels;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorNames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tflite.ActivationFunctionType;
import tflite.AddOptions;
import tflite.Buffer;
import tflite.BuiltinOperator;
import tflite.BuiltinOptions;
import tflite.ConcatenationOptions;
import tflite.Conv2DOptions;
import tflite.DepthwiseConv2DOptions;
import tflite.FullyConnectedOptions;
import tflite.FullyConnectedOptionsWeightsFormat;
import tflite.Model;
import tflite.MulOptions;
import tflite.Operator;
import tflite.OperatorCode;
import tflite.Pool2DOptions;
import tflite.QuantizationParameters;
import tflite.ReducerOptions;
import tflite.ReshapeOptions;
import tflite.SignatureDef;
import tflite.SoftmaxOptions;
import tflite.SubGraph;
import tflite.Tensor;
import tflite.TensorMap;
import tflite.TensorType;

/**
 * Writes a candidate as a TFLite flatbuffer (schema version 3, identifier "TFL3") in one of the
 * {@link TfliteScheme}s, from the float (possibly pruned) IR the candidate was compressed from.
 *
 * <p>Weights are stored as the compression methods store them ({@link ExportLevels}: the same int8 levels
 * and scales, float16 bits and int32 biases as the TF artifact), re-laid out for TFLite: FULLY_CONNECTED
 * weights [out, in] (TF MatMul [in, out]), CONV_2D filters OHWI (TF HWIO), DEPTHWISE_CONV_2D filters
 * [1, h, w, in·mult] (TF [h, w, in, mult], the same bytes). Per-channel scales run along the output-channel
 * axis: quantized_dimension 0, and 3 for depthwise filters. In the full-integer scheme every activation
 * tensor is int8 with a scale and zero-point from its calibrated [min, max] (widened to include 0), chosen
 * as TFLite's own converter chooses them; biases are int32 with scale {@code s_in · s_w} per output channel
 * (the float32 product) and zero-point 0; SOFTMAX and LOGISTIC outputs have TFLite's fixed 1/256, -128;
 * MAX_POOL_2D, AVERAGE_POOL_2D, RESHAPE and PAD outputs keep their input's parameters. The file's input and
 * output stay float32 (QUANTIZE after the input, DEQUANTIZE before the output), so every scheme is fed and
 * read alike. Layers the full-integer scheme keeps float run in float32 between a DEQUANTIZE of their int8
 * input and a QUANTIZE of their output. The batch axis is fixed at 1 (shape_signature -1 on the input and output). Deterministic:
 * the same IR, scheme and ranges give the same bytes.
 */
public final class TfliteWriter {
  /** TFLite's fixed output parameters of SOFTMAX and LOGISTIC in int8. */
  static final QuantParams PROBABILITY_PARAMS = new QuantParams(1f / 256, -128);
  private static final int SCHEMA_VERSION = 3;

  private TfliteWriter() {}

  /** An int8 activation's scale and zero-point. */
  public record QuantParams(float scale, int zeroPoint) {
    /**
     * The parameters TFLite's converter gives a tensor calibrated to [min, max]: the range widened to
     * include 0, {@code scale = (max - min) / 255}, and the zero-point (from min or from max, whichever
     * has the smaller error) rounded and clamped to [-128, 127].
     */
    public static QuantParams of(float min, float max) {
      double lo = Math.min(min, 0.0);
      double hi = Math.max(max, 0.0);
      if (hi == lo) {
        return new QuantParams(1f, 0);
      }
      double scale = (hi - lo) / 255.0;
      double zpFromMin = -128 - lo / scale;
      double zpFromMax = 127 - hi / scale;
      double errMin = Math.abs(-128.0) + Math.abs(lo / scale);
      double errMax = Math.abs(127.0) + Math.abs(hi / scale);
      double zp = errMin < errMax ? zpFromMin : zpFromMax;
      int nudged = (int) Math.max(-128, Math.min(127, Math.round(zp)));
      return new QuantParams((float) scale, nudged);
    }

    /** {@code clamp(round(x / scale) + zeroPoint, -128, 127)}. */
    public int quantize(float x) {
      long q = Math.round((double) x / scale) + zeroPoint;
      return (int) Math.max(-128, Math.min(127, q));
    }
  }

  /**
   * The TF tensors (as {@code node:index}) whose calibrated ranges the full-integer scheme needs for
   * {@code floatIr}: the input and the output of every op whose output parameters are not fixed by its
   * input or by TFLite.
   *
   * @throws NotExportableToTfliteException when the graph cannot be mapped
   */
  public static List<String> rangeTensors(ModelIr floatIr) {
    TfliteGraph g = TfliteGraph.of(floatIr);
    Set<String> names = new LinkedHashSet<>();
    names.add(g.input.name());
    for (TfliteGraph.Op op : g.ops) {
      if (ownsRange(op.op)) {
        names.add(op.output.name());
      }
    }
    return List.copyOf(names);
  }

  private static boolean ownsRange(int op) {
    return switch (op) {
      case BuiltinOperator.MAX_POOL_2D, BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.RESHAPE,
          BuiltinOperator.PAD, BuiltinOperator.SOFTMAX, BuiltinOperator.LOGISTIC -> false;
      default -> true;
    };
  }

  /**
   * The .tflite bytes of {@code floatIr} in {@code scheme}.
   *
   * @param ranges calibrated ranges of at least {@link #rangeTensors} for the full-integer scheme; ignored
   *     (may be null) otherwise
   * @throws NotExportableToTfliteException when an op cannot be mapped, naming it, its node and the model
   * @throws IllegalArgumentException when the full-integer scheme misses a range, or a bias leaves int32
   */
  public static byte[] write(ModelIr floatIr, TfliteScheme scheme, ActivationRanges ranges) {
    Objects.requireNonNull(scheme, "scheme");
    TfliteGraph g = TfliteGraph.of(floatIr);
    List<String> layers = g.ops.stream().filter(op -> op.layer != null).map(op -> op.node.getName()).toList();
    for (String name : scheme.floatLayers()) {
      if (!layers.contains(name)) {
        throw new IllegalArgumentException("TFLite " + scheme + " of model '" + floatIr.modelId() + "': no layer '"
            + name + "' to keep float; its layers are " + layers);
      }
    }
    if (scheme.fullInteger() && ranges == null) {
      throw new IllegalArgumentException("TFLite " + scheme + " of model '" + floatIr.modelId()
          + "' needs calibrated activation ranges, got none");
    }
    return new Builder(g, scheme, ranges).build();
  }

  /** One flatbuffer being built: tensors, buffers, operator codes and operators. */
  private static final class Builder {
    private final TfliteGraph g;
    private final TfliteScheme scheme;
    private final ActivationRanges ranges;
    private final FlatBufferBuilder fb = new FlatBufferBuilder(1 << 16);
    private final List<Integer> buffers = new ArrayList<>();
    private final List<Integer> tensors = new ArrayList<>();
    private final List<Integer> operators = new ArrayList<>();
    private final List<Integer> opcodeKeys = new ArrayList<>();
    private final Map<String, Integer> activationTensors = new HashMap<>();
    private final Map<String, QuantParams> activationParams = new HashMap<>();

    Builder(TfliteGraph g, TfliteScheme scheme, ActivationRanges ranges) {
      this.g = g;
      this.scheme = scheme;
      this.ranges = ranges;
      buffers.add(Buffer.createBuffer(fb, 0, 0, 0));
    }

    byte[] build() {
      int modelInput;
      if (scheme.fullInteger()) {
        modelInput = tensor(g.input.name() + "/float", g.input.shape(), TensorType.FLOAT32, 0, 0, true);
        QuantParams p = rangeParams(g.input.name());
        int q = activation(g.input, p);
        operator(BuiltinOperator.QUANTIZE, new int[] {modelInput}, new int[] {q}, BuiltinOptions.NONE, 0);
      } else {
        modelInput = activation(g.input, null);
      }
      for (TfliteGraph.Op op : g.ops) {
        write(op);
      }
      int modelOutput = activationTensors.get(g.output.name());
      if (scheme.fullInteger()) {
        int out = tensor(g.output.name() + "/float", g.output.shape(), TensorType.FLOAT32, 0, 0, true);
        operator(BuiltinOperator.DEQUANTIZE, new int[] {modelOutput}, new int[] {out}, BuiltinOptions.NONE, 0);
        modelOutput = out;
      }
      return finish(modelInput, modelOutput);
    }

    private byte[] finish(int modelInput, int modelOutput) {
      int tensorsVec = SubGraph.createTensorsVector(fb, ints(tensors));
      int inputsVec = SubGraph.createInputsVector(fb, new int[] {modelInput});
      int outputsVec = SubGraph.createOutputsVector(fb, new int[] {modelOutput});
      int opsVec = SubGraph.createOperatorsVector(fb, ints(operators));
      int subgraph = SubGraph.createSubGraph(fb, tensorsVec, inputsVec, outputsVec, opsVec, fb.createString("main"), 0);
      int[] codes = new int[opcodeKeys.size()];
      for (int i = 0; i < codes.length; i++) {
        int code = opcodeKeys.get(i);
        codes[i] = OperatorCode.createOperatorCode(fb, (byte) Math.min(code, BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES),
            0, 1, code);
      }
      int codesVec = Model.createOperatorCodesVector(fb, codes);
      int subgraphsVec = Model.createSubgraphsVector(fb, new int[] {subgraph});
      int buffersVec = Model.createBuffersVector(fb, ints(buffers));
      int in = TensorMap.createTensorMap(fb, fb.createString(g.inputSpec.key()), modelInput);
      int out = TensorMap.createTensorMap(fb, fb.createString(g.outputSpec.key()), modelOutput);
      int signature = SignatureDef.createSignatureDef(fb, SignatureDef.createInputsVector(fb, new int[] {in}),
          SignatureDef.createOutputsVector(fb, new int[] {out}), fb.createString("serving_default"), 0);
      int signatures = Model.createSignatureDefsVector(fb, new int[] {signature});
      int description = fb.createString("Frontier " + scheme + " of " + g.modelId);
      int model = Model.createModel(fb, SCHEMA_VERSION, codesVec, subgraphsVec, description, buffersVec, 0, 0,
          signatures, 0, 0);
      Model.finishModelBuffer(fb, model);
      return fb.sizedByteArray();
    }

    // ------------------------------------------------------------------------------------------- tensors

    private static int[] ints(List<Integer> list) {
      return list.stream().mapToInt(Integer::intValue).toArray();
    }

    private int buffer(byte[] data) {
      fb.startVector(1, data.length, 16);
      for (int i = data.length - 1; i >= 0; i--) {
        fb.addByte(data[i]);
      }
      int vec = fb.endVector();
      buffers.add(Buffer.createBuffer(fb, vec, 0, 0));
      return buffers.size() - 1;
    }

    /** A tensor; {@code quantization} is an offset or 0; {@code batchSignature} marks axis 0 as -1. */
    private int tensor(String name, int[] shape, byte type, int bufferIndex, int quantization, boolean batchSignature) {
      int nameOff = fb.createString(name);
      int shapeOff = Tensor.createShapeVector(fb, shape);
      int signatureOff = 0;
      if (batchSignature && shape.length > 0) {
        int[] sig = shape.clone();
        sig[0] = -1;
        signatureOff = Tensor.createShapeSignatureVector(fb, sig);
      }
      tensors.add(Tensor.createTensor(fb, shapeOff, type, bufferIndex, nameOff, quantization, false, 0, signatureOff,
          false, 0, 0));
      return tensors.size() - 1;
    }

    private int quantization(float[] scales, int[] zeroPoints, int dimension) {
      long[] zps = new long[zeroPoints.length];
      for (int i = 0; i < zps.length; i++) {
        zps[i] = zeroPoints[i];
      }
      int scaleOff = QuantizationParameters.createScaleVector(fb, scales);
      int zpOff = QuantizationParameters.createZeroPointVector(fb, zps);
      return QuantizationParameters.createQuantizationParameters(fb, 0, 0, scaleOff, zpOff, (byte) 0, 0, dimension);
    }

    /** The tensor of activation {@code v}: float32, or int8 with {@code params}. */
    private int activation(TfliteGraph.Value v, QuantParams params) {
      boolean io = v == g.input || v.name().equals(g.output.name());
      int t;
      if (params == null) {
        t = tensor(v.name(), v.shape(), TensorType.FLOAT32, 0, 0, io);
      } else {
        int q = quantization(new float[] {params.scale()}, new int[] {params.zeroPoint()}, 0);
        t = tensor(v.name(), v.shape(), TensorType.INT8, 0, q, io && !scheme.fullInteger());
        activationParams.put(v.name(), params);
      }
      activationTensors.put(v.name(), t);
      return t;
    }

    private QuantParams rangeParams(String tensor) {
      ActivationRanges.Range r = ranges.ranges().get(TensorNames.withIndex(tensor));
      if (r == null) {
        r = ranges.ranges().get(TensorNames.normalize(tensor));
      }
      if (r == null) {
        throw new IllegalArgumentException("TFLite " + scheme + " of model '" + g.modelId
            + "': no calibrated range for tensor '" + tensor + "' (" + ranges.method() + " calibration has "
            + ranges.ranges().keySet() + ")");
      }
      return QuantParams.of(r.min(), r.max());
    }

    private int floatConstant(String name, int[] shape, float[] values) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float v : values) {
        b.putFloat(v);
      }
      return tensor(name, shape, TensorType.FLOAT32, buffer(b.array()), 0, false);
    }

    private int intConstant(String name, int[] shape, int[] values, int quantization) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (int v : values) {
        b.putInt(v);
      }
      return tensor(name, shape, TensorType.INT32, buffer(b.array()), quantization, false);
    }

    // ------------------------------------------------------------------------------------------- operators

    private void operator(int builtin, int[] inputs, int[] outputs, byte optionsType, int options) {
      int index = opcodeKeys.indexOf(builtin);
      if (index < 0) {
        opcodeKeys.add(builtin);
        index = opcodeKeys.size() - 1;
      }
      int in = Operator.createInputsVector(fb, inputs);
      int out = Operator.createOutputsVector(fb, outputs);
      operators.add(Operator.createOperator(fb, index, in, out, optionsType, options, 0, (byte) 0, 0, 0, 0, 0,
          (byte) 0, 0, 0));
    }

    private int input(String name) {
      Integer t = activationTensors.get(name);
      if (t == null) {
        throw new IllegalStateException("tensor '" + name + "' used before it is written");
      }
      return t;
    }

    private QuantParams outputParams(TfliteGraph.Op op) {
      if (!scheme.fullInteger()) {
        return null;
      }
      return switch (op.op) {
        case BuiltinOperator.SOFTMAX, BuiltinOperator.LOGISTIC -> PROBABILITY_PARAMS;
        case BuiltinOperator.MAX_POOL_2D, BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.RESHAPE,
            BuiltinOperator.PAD -> activationParams.get(op.inputs.get(0));
        default -> rangeParams(op.output.name());
      };
    }

    private void write(TfliteGraph.Op op) {
      if (op.layer != null) {
        writeLayer(op);
        return;
      }
      int[] inputs = new int[op.inputs.size() + (op.constant == null ? 0 : 1)];
      for (int i = 0; i < op.inputs.size(); i++) {
        inputs[i] = input(op.inputs.get(i));
      }
      if (op.constant != null) {
        inputs[inputs.length - 1] = constantOperand(op);
      }
      int output = activation(op.output, outputParams(op));
      byte type = BuiltinOptions.NONE;
      int options = 0;
      switch (op.op) {
        case BuiltinOperator.MAX_POOL_2D, BuiltinOperator.AVERAGE_POOL_2D -> {
          type = BuiltinOptions.Pool2DOptions;
          options = Pool2DOptions.createPool2DOptions(fb, op.padding, op.ints[1], op.ints[0], op.ints[3], op.ints[2],
              ActivationFunctionType.NONE);
        }
        case BuiltinOperator.RESHAPE -> {
          type = BuiltinOptions.ReshapeOptions;
          options = ReshapeOptions.createReshapeOptions(fb, ReshapeOptions.createNewShapeVector(fb, op.constant.ints()));
        }
        case BuiltinOperator.SOFTMAX -> {
          type = BuiltinOptions.SoftmaxOptions;
          options = SoftmaxOptions.createSoftmaxOptions(fb, 1f);
        }
        case BuiltinOperator.ADD -> {
          type = BuiltinOptions.AddOptions;
          options = AddOptions.createAddOptions(fb, op.activation, false);
        }
        case BuiltinOperator.MUL -> {
          type = BuiltinOptions.MulOptions;
          options = MulOptions.createMulOptions(fb, op.activation);
        }
        case BuiltinOperator.CONCATENATION -> {
          type = BuiltinOptions.ConcatenationOptions;
          options = ConcatenationOptions.createConcatenationOptions(fb, op.ints[0], ActivationFunctionType.NONE);
        }
        case BuiltinOperator.MEAN -> {
          type = BuiltinOptions.ReducerOptions;
          options = ReducerOptions.createReducerOptions(fb, op.ints[0] == 1);
        }
        default -> { }
      }
      operator(op.op, inputs, new int[] {output}, type, options);
    }

    /** The constant operand of ADD/MUL (float, or int8 in the full-integer scheme) or RESHAPE/MEAN/PAD (int32). */
    private int constantOperand(TfliteGraph.Op op) {
      TfliteGraph.Constant c = op.constant;
      if (c.ints() != null) {
        return intConstant(c.name(), c.shape(), c.ints(), 0);
      }
      if (!scheme.fullInteger()) {
        return floatConstant(c.name(), c.shape(), c.floats());
      }
      float min = 0;
      float max = 0;
      for (float v : c.floats()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      QuantParams p = QuantParams.of(min, max);
      byte[] levels = new byte[c.floats().length];
      for (int i = 0; i < levels.length; i++) {
        levels[i] = (byte) p.quantize(c.floats()[i]);
      }
      int q = quantization(new float[] {p.scale()}, new int[] {p.zeroPoint()}, 0);
      return tensor(c.name(), c.shape(), TensorType.INT8, buffer(levels), q, false);
    }

    private void writeLayer(TfliteGraph.Op op) {
      TfliteGraph.Layer layer = op.layer;
      boolean depthwise = op.op == BuiltinOperator.DEPTHWISE_CONV_2D;
      int channels = layer.channels();
      int[] shape = tfliteWeightShape(layer);
      int[] order = tfliteOrder(layer);
      int quantizedDimension = depthwise ? 3 : 0;
      String layerName = op.node.getName();
      boolean keptFloat = scheme.floatLayers().contains(layerName);
      int x = input(op.inputs.get(0));
      if (keptFloat) {
        int floatInput = tensor(op.inputs.get(0) + "/float", g.producerShape(op.inputs.get(0)), TensorType.FLOAT32,
            0, 0, false);
        operator(BuiltinOperator.DEQUANTIZE, new int[] {x}, new int[] {floatInput}, BuiltinOptions.NONE, 0);
        x = floatInput;
      }
      int weightTensor;
      int biasTensor;
      float[] bias = layer.bias != null ? layer.bias : new float[channels];
      String biasName = layer.biasName != null ? layer.biasName : layerName + "/bias";
      switch (keptFloat ? TfliteScheme.FLOAT32 : scheme.name()) {
        case TfliteScheme.FLOAT32 -> {
          weightTensor = floatConstant(layer.weightName, shape, permute(layer.weight, order));
          biasTensor = floatConstant(biasName, new int[] {channels}, bias);
        }
        case TfliteScheme.FP16 -> {
          float[] w = permute(layer.weight, order);
          ByteBuffer b = ByteBuffer.allocate(w.length * 2).order(ByteOrder.LITTLE_ENDIAN);
          for (float v : w) {
            b.putShort(ExportLevels.float16(v));
          }
          int half = tensor(layer.weightName + "/fp16", shape, TensorType.FLOAT16, buffer(b.array()), 0, false);
          weightTensor = dequantized(layer.weightName, shape, half);
          biasTensor = floatConstant(biasName, new int[] {channels}, bias);
        }
        case TfliteScheme.INT8_WEIGHT -> {
          ExportLevels.WeightLevels levels = ExportLevels.int8Weight(layerName, layer.tfOp, layer.weightShape,
              layer.weight, scheme.granularity());
          int q = quantization(levels.scales(), new int[levels.scales().length],
              levels.scales().length == 1 ? 0 : quantizedDimension);
          int int8 = tensor(layer.weightName + "/int8", shape, TensorType.INT8,
              buffer(permute(levels.levels(), order)), q, false);
          weightTensor = dequantized(layer.weightName, shape, int8);
          biasTensor = floatConstant(biasName, new int[] {channels}, bias);
        }
        default -> {
          ExportLevels.WeightLevels levels = ExportLevels.int8Weight(layerName, layer.tfOp, layer.weightShape,
              layer.weight, scheme.granularity());
          QuantParams in = activationParams.get(op.inputs.get(0));
          float[] accumulatorScales = new float[levels.scales().length];
          for (int j = 0; j < accumulatorScales.length; j++) {
            accumulatorScales[j] = in.scale() * levels.scales()[j];
          }
          int dimension = accumulatorScales.length == 1 ? 0 : quantizedDimension;
          int q = quantization(levels.scales(), new int[levels.scales().length], dimension);
          weightTensor = tensor(layer.weightName, shape, TensorType.INT8, buffer(permute(levels.levels(), order)), q,
              false);
          int[] biasLevels = ExportLevels.int32Bias(bias, accumulatorScales);
          int bq = quantization(accumulatorScales, new int[accumulatorScales.length], 0);
          biasTensor = intConstant(biasName, new int[] {channels}, biasLevels, bq);
        }
      }
      int output = keptFloat
          ? tensor(op.output.name() + "/float", op.output.shape(), TensorType.FLOAT32, 0, 0, false)
          : activation(op.output, outputParams(op));
      byte type;
      int options;
      switch (op.op) {
        case BuiltinOperator.FULLY_CONNECTED -> {
          type = BuiltinOptions.FullyConnectedOptions;
          options = FullyConnectedOptions.createFullyConnectedOptions(fb, op.activation,
              FullyConnectedOptionsWeightsFormat.DEFAULT, false, false, (byte) 0);
        }
        case BuiltinOperator.CONV_2D -> {
          type = BuiltinOptions.Conv2DOptions;
          options = Conv2DOptions.createConv2DOptions(fb, op.padding, op.ints[1], op.ints[0], op.activation, op.ints[3],
              op.ints[2], (byte) 0);
        }
        default -> {
          type = BuiltinOptions.DepthwiseConv2DOptions;
          options = DepthwiseConv2DOptions.createDepthwiseConv2DOptions(fb, op.padding, op.ints[1], op.ints[0],
              Math.toIntExact(layer.weightShape[3]), op.activation, op.ints[3], op.ints[2]);
        }
      }
      operator(op.op, new int[] {x, weightTensor, biasTensor}, new int[] {output}, type, options);
      if (keptFloat) {
        int quantized = activation(op.output, outputParams(op));
        operator(BuiltinOperator.QUANTIZE, new int[] {output}, new int[] {quantized}, BuiltinOptions.NONE, 0);
      }
    }

    /** A float32 tensor {@code name} computed from the stored weight tensor by DEQUANTIZE. */
    private int dequantized(String name, int[] shape, int stored) {
      int t = tensor(name, shape, TensorType.FLOAT32, 0, 0, false);
      operator(BuiltinOperator.DEQUANTIZE, new int[] {stored}, new int[] {t}, BuiltinOptions.NONE, 0);
      return t;
    }
  }

  /** FULLY_CONNECTED [out, in]; CONV_2D [out, h, w, in]; DEPTHWISE_CONV_2D [1, h, w, in·mult]. */
  static int[] tfliteWeightShape(TfliteGraph.Layer layer) {
    long[] s = layer.weightShape;
    return switch (layer.tfOp) {
      case "MatMul" -> new int[] {(int) s[1], (int) s[0]};
      case "Conv2D" -> new int[] {(int) s[3], (int) s[0], (int) s[1], (int) s[2]};
      default -> new int[] {1, (int) s[0], (int) s[1], (int) (s[2] * s[3])};
    };
  }

  /** For each index of the TFLite weight, the index of the same value in the TF weight. */
  static int[] tfliteOrder(TfliteGraph.Layer layer) {
    long[] s = layer.weightShape;
    int n = layer.weight.length;
    int[] order = new int[n];
    switch (layer.tfOp) {
      case "MatMul" -> {
        int in = (int) s[0];
        int out = (int) s[1];
        for (int o = 0; o < out; o++) {
          for (int i = 0; i < in; i++) {
            order[o * in + i] = i * out + o;
          }
        }
      }
      case "Conv2D" -> {
        int kh = (int) s[0];
        int kw = (int) s[1];
        int ci = (int) s[2];
        int co = (int) s[3];
        int d = 0;
        for (int o = 0; o < co; o++) {
          for (int h = 0; h < kh; h++) {
            for (int w = 0; w < kw; w++) {
              for (int c = 0; c < ci; c++) {
                order[d++] = ((h * kw + w) * ci + c) * co + o;
              }
            }
          }
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
      }
    }
    return order;
  }

  static float[] permute(float[] v, int[] order) {
    float[] out = new float[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = v[order[i]];
    }
    return out;
  }

  static byte[] permute(byte[] v, int[] order) {
    byte[] out = new byte[order.length];
    for (int i = 0; i < order.length; i++) {
      out[i] = v[order[i]];
    }
    return out;
  }
}
