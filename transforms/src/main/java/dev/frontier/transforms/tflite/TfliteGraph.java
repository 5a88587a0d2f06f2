package dev.frontier.transforms.tflite;

import dev.frontier.transforms.model.ConstTensors;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.TensorNames;
import dev.frontier.transforms.model.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import tflite.ActivationFunctionType;
import tflite.BuiltinOperator;
import tflite.Padding;

/**
 * A frozen TensorFlow graph lowered to TFLite operators, before any scheme decides how tensors are stored.
 *
 * <p>Built from the primary output back to the single input, so only what the output needs is mapped.
 * MatMul, Conv2D and DepthwiseConv2dNative with a Const weight become FULLY_CONNECTED, CONV_2D and
 * DEPTHWISE_CONV_2D, taking the following bias add (BiasAdd / Add of a 1-D Const with one value per
 * output channel) and Relu / Relu6 as their bias and fused activation when nothing else reads the
 * intermediate tensor. The other ops map one to one (MaxPool, MaxPoolV2, AvgPool, Mean, Reshape, Softmax, Sigmoid,
 * Add/AddV2, Mul, ConcatV2, Pad and PadV2 with 0, Relu, Relu6); Identity-like nodes, a PlaceholderWithDefault (its default
 * is used) and inference-time dropout written out by TF1 ({@code x / keep · floor(keep + U[0,1))} with
 * keep = 1) pass their input through. Anything else is a {@link NotExportableToTfliteException} naming
 * the op and node. Shapes are inferred for a batch of one row (the TF graph's batch axis is -1), NHWC.
 */
final class TfliteGraph {
  /** An activation (non-constant) tensor: its TF name and inferred shape. */
  record Value(String name, int[] shape) {}

  /** A constant operand other than a layer's weight and bias: float values or int32 values. */
  record Constant(String name, int[] shape, float[] floats, int[] ints) {}

  /**
   * One TFLite operator.
   *
   * @param op builtin code ({@link BuiltinOperator})
   * @param node the TF node the op comes from (the layer node for a fused layer)
   * @param inputs activation inputs, by name
   * @param constant a constant second operand (ADD/MUL), the new shape (RESHAPE), axes (MEAN), paddings
   *     (PAD); else null
   * @param output the output value (named after the last TF node folded into the op)
   * @param layer weight, bias and attributes of FULLY_CONNECTED / CONV_2D / DEPTHWISE_CONV_2D; else null
   * @param ints the op's integer attributes: strides/filter sizes of pools and convolutions, axis of
   *     CONCATENATION, keep_dims of MEAN
   */
  static final class Op {
    final int op;
    final NodeDef node;
    final List<String> inputs;
    Constant constant;
    Value output;
    Layer layer;
    byte activation = ActivationFunctionType.NONE;
    byte padding = Padding.VALID;
    int[] ints = new int[0];

    Op(int op, NodeDef node, List<String> inputs) {
      this.op = op;
      this.node = node;
      this.inputs = List.copyOf(inputs);
    }
  }

  /**
   * A layer's weight in TensorFlow's layout (MatMul [in, out] after any transpose_b is undone; Conv2D
   * [h, w, in, out]; depthwise [h, w, in, mult]) and its bias (null when none was folded).
   */
  static final class Layer {
    final String tfOp;
    final String weightName;
    final long[] weightShape;
    final float[] weight;
    float[] bias;
    String biasName;

    Layer(String tfOp, String weightName, long[] weightShape, float[] weight) {
      this.tfOp = tfOp;
      this.weightName = weightName;
      this.weightShape = weightShape;
      this.weight = weight;
    }

    int channels() {
      return Math.toIntExact(tfOp.equals("DepthwiseConv2dNative")
          ? weightShape[2] * weightShape[3] : weightShape[weightShape.length - 1]);
    }
  }

  final String modelId;
  final TensorSpec inputSpec;
  final TensorSpec outputSpec;
  final Value input;
  final List<Op> ops = new ArrayList<>();
  Value output;

  private final Map<String, NodeDef> nodes = new HashMap<>();
  private final Map<String, Integer> consumers = new HashMap<>();
  /** TF tensor → the value (activation) it is, or the constant; filled as nodes are lowered. */
  private final Map<String, Value> values = new HashMap<>();
  private final Map<String, Constant> constants = new HashMap<>();
  /** Value name → the op that produces it. */
  private final Map<String, Op> producers = new LinkedHashMap<>();

  private TfliteGraph(ModelIr ir) {
    this.modelId = ir.modelId();
    if (ir.inputs().size() != 1) {
      throw new NotExportableToTfliteException(modelId, ir.inputs().size()
          + " signature inputs (the .tflite writer maps models with one input)");
    }
    this.inputSpec = ir.inputs().get(0);
    this.outputSpec = ir.primaryOutput();
    for (NodeDef n : ir.graphDef().getNodeList()) {
      nodes.put(n.getName(), n);
      for (String in : n.getInputList()) {
        if (!TensorNames.isControl(in)) {
          consumers.merge(TensorNames.withIndex(in), 1, Integer::sum);
        }
      }
    }
    if (inputSpec.dataType() != DataType.DT_FLOAT || !inputSpec.hasKnownRank()) {
      throw new NotExportableToTfliteException(modelId, "input '" + inputSpec.key() + "' of type "
          + inputSpec.dataType() + " and shape " + inputSpec.shapeString() + " (the .tflite writer maps a float input of known rank)");
    }
    long[] s = inputSpec.shape();
    int[] shape = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      if (i > 0 && s[i] < 0) {
        throw new NotExportableToTfliteException(modelId, "input '" + inputSpec.key() + "' of shape "
            + inputSpec.shapeString() + " (only the batch axis may be unknown)");
      }
      shape[i] = i == 0 ? 1 : Math.toIntExact(s[i]);
    }
    this.input = new Value(TensorNames.withIndex(inputSpec.tensorName()), shape);
    values.put(input.name(), input);
  }

  /** Lowers {@code ir}'s graph from its primary output. */
  static TfliteGraph of(ModelIr ir) {
    TfliteGraph g = new TfliteGraph(ir);
    Object out = g.resolve(g.outputSpec.tensorName());
    if (!(out instanceof Value v)) {
      throw new NotExportableToTfliteException(g.modelId, "a constant output '" + g.outputSpec.tensorName() + "'");
    }
    if (v == g.input) {
      throw new NotExportableToTfliteException(g.modelId, "an output that is the input");
    }
    g.output = v;
    return g;
  }

  /** The shape of the activation {@code value} (the input, or an op's output). */
  int[] producerShape(String value) {
    if (value.equals(input.name())) {
      return input.shape();
    }
    Op p = producers.get(value);
    if (p == null) {
      throw new IllegalArgumentException("no activation '" + value + "'");
    }
    return p.output.shape();
  }

  /** The op producing {@code value}, or null for the input. */
  Op producer(String value) {
    return producers.get(value);
  }

  // ---------------------------------------------------------------------------------------------------------

  /** The Value or Constant the TF tensor {@code ref} is, lowering its producers first. */
  private Object resolve(String ref) {
    String t = TensorNames.withIndex(ref);
    if (values.containsKey(t)) {
      return values.get(t);
    }
    if (constants.containsKey(t)) {
      return constants.get(t);
    }
    NodeDef n = nodes.get(TensorNames.nodeName(t));
    if (n == null) {
      throw new NotExportableToTfliteException(modelId, "a reference to missing tensor '" + t + "'");
    }
    if (TensorNames.outputIndex(t) != 0) {
      throw new NotExportableToTfliteException(modelId, "output " + TensorNames.outputIndex(t) + " of op "
          + n.getOp() + " (node '" + n.getName() + "')");
    }
    Object result = lower(n);
    if (result instanceof Value v) {
      values.put(t, v);
    } else {
      constants.put(t, (Constant) result);
    }
    return result;
  }

  private Object lower(NodeDef n) {
    switch (n.getOp()) {
      case "Const":
        return constant(n);
      case "Identity":
      case "StopGradient":
      case "Snapshot":
      case "PlaceholderWithDefault":
        return resolve(n.getInput(0));
      case "MatMul":
        return matMul(n);
      case "Conv2D":
      case "DepthwiseConv2dNative":
        return conv(n);
      case "BiasAdd":
        return add(n, true);
      case "Add":
      case "AddV2":
        return add(n, false);
      case "Mul":
        return mul(n);
      case "RealDiv":
        return realDiv(n);
      case "Relu":
      case "Relu6":
        return relu(n);
      case "MaxPool":
      case "MaxPoolV2":
      case "AvgPool":
        return pool(n);
      case "Reshape":
        return reshape(n);
      case "Softmax":
        return unary(n, BuiltinOperator.SOFTMAX);
      case "Sigmoid":
        return unary(n, BuiltinOperator.LOGISTIC);
      case "Mean":
        return mean(n);
      case "ConcatV2":
        return concat(n);
      case "Pad":
        return pad(n);
      case "PadV2":
        Float value = scalarConstant(n.getInput(2));
        if (value == null || value != 0f) {
          throw unsupported(n, "a padding value other than a constant 0");
        }
        return pad(n);
      default:
        throw unsupported(n, null);
    }
  }

  private NotExportableToTfliteException unsupported(NodeDef n, String detail) {
    return new NotExportableToTfliteException(modelId, "op " + n.getOp() + " (node '" + n.getName() + "'"
        + (detail == null ? "" : ", " + detail) + ")");
  }

  private Constant constant(NodeDef n) {
    var proto = ConstTensors.value(n);
    int[] shape = Arrays.stream(ConstTensors.shape(proto)).mapToInt(Math::toIntExact).toArray();
    String name = TensorNames.withIndex(n.getName());
    switch (proto.getDtype()) {
      case DT_FLOAT:
        return new Constant(name, shape, ConstTensors.floats(proto), null);
      case DT_INT32:
        return new Constant(name, shape, null, ConstTensors.ints(proto));
      case DT_INT64: // shapes and axes written as int64 (e.g. a flatten's [-1, N]): TFLite takes them as int32
        long[] longs = ConstTensors.longs(proto);
        int[] ints = new int[longs.length];
        for (int i = 0; i < longs.length; i++) {
          if (longs[i] != (int) longs[i]) {
            throw unsupported(n, "dtype DT_INT64 with a value beyond int32: " + longs[i]);
          }
          ints[i] = (int) longs[i];
        }
        return new Constant(name, shape, null, ints);
      default:
        throw unsupported(n, "dtype " + proto.getDtype());
    }
  }

  private Value activation(NodeDef n, int inputIndex) {
    Object o = resolve(n.getInput(inputIndex));
    if (!(o instanceof Value v)) {
      throw unsupported(n, "input " + inputIndex + " is a constant where an activation is expected");
    }
    return v;
  }

  private Constant constantInput(NodeDef n, int inputIndex) {
    Object o = resolve(n.getInput(inputIndex));
    if (!(o instanceof Constant c)) {
      throw unsupported(n, "input " + inputIndex + " is not a constant");
    }
    return c;
  }

  private Value emit(Op op, int[] shape) {
    op.output = new Value(TensorNames.withIndex(op.node.getName()), shape);
    ops.add(op);
    producers.put(op.output.name(), op);
    return op.output;
  }

  private static boolean attr(NodeDef n, String name) {
    AttrValue a = n.getAttrMap().get(name);
    return a != null && a.getB();
  }

  private void requireNhwc(NodeDef n) {
    AttrValue format = n.getAttrMap().get("data_format");
    if (format != null && !format.getS().toStringUtf8().equals("NHWC")) {
      throw unsupported(n, "data_format " + format.getS().toStringUtf8() + " (TFLite runs NHWC)");
    }
  }

  private int[] spatial(NodeDef n, String attr) {
    AttrValue a = n.getAttrMap().get(attr);
    if (a == null || a.getList().getICount() == 0) {
      return new int[] {1, 1};
    }
    List<Long> v = a.getList().getIList();
    if (v.size() != 4 || v.get(0) != 1 || v.get(3) != 1) {
      throw unsupported(n, attr + " " + v + " (only the spatial axes may differ from 1)");
    }
    return new int[] {Math.toIntExact(v.get(1)), Math.toIntExact(v.get(2))};
  }

  /** Spatial sizes from a constant input (MaxPoolV2's ksize and strides). */
  private int[] spatial(NodeDef n, String what, Constant c) {
    int[] v = c.ints();
    if (v == null || v.length != 4 || v[0] != 1 || v[3] != 1) {
      throw unsupported(n, what + " " + (v == null ? "not int32" : Arrays.toString(v)) + " (only the spatial axes may differ from 1)");
    }
    return new int[] {v[1], v[2]};
  }

  private byte padding(NodeDef n) {
    String p = n.getAttrMap().get("padding").getS().toStringUtf8();
    switch (p) {
      case "SAME":
        return Padding.SAME;
      case "VALID":
        return Padding.VALID;
      default:
        throw unsupported(n, "padding " + p);
    }
  }

  private static int outSize(int in, int kernel, int stride, int dilation, byte padding) {
    int effective = (kernel - 1) * dilation + 1;
    return padding == Padding.SAME ? (in + stride - 1) / stride : (in - effective + stride) / stride;
  }

  private Value matMul(NodeDef n) {
    if (attr(n, "transpose_a")) {
      throw unsupported(n, "transpose_a");
    }
    Value x = activation(n, 0);
    if (x.shape().length != 2) {
      throw unsupported(n, "input of rank " + x.shape().length);
    }
    Object w = resolve(n.getInput(1));
    if (!(w instanceof Constant c) || c.floats() == null) {
      throw unsupported(n, "a weight that is not a float Const");
    }
    long[] shape = {c.shape()[0], c.shape()[1]};
    float[] weight = c.floats();
    if (attr(n, "transpose_b")) {
      weight = transpose2d(weight, c.shape()[0], c.shape()[1]);
      shape = new long[] {c.shape()[1], c.shape()[0]};
    }
    if (shape[0] != x.shape()[1]) {
      throw unsupported(n, "weight shape " + Arrays.toString(shape) + " for input " + Arrays.toString(x.shape()));
    }
    Op op = new Op(BuiltinOperator.FULLY_CONNECTED, n, List.of(x.name()));
    op.layer = new Layer("MatMul", c.name(), shape, weight);
    return emit(op, new int[] {x.shape()[0], Math.toIntExact(shape[1])});
  }

  private static float[] transpose2d(float[] v, int rows, int cols) {
    float[] out = new float[v.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = v[r * cols + c];
      }
    }
    return out;
  }

  private Value conv(NodeDef n) {
    requireNhwc(n);
    boolean depthwise = n.getOp().equals("DepthwiseConv2dNative");
    Value x = activation(n, 0);
    Object w = resolve(n.getInput(1));
    if (!(w instanceof Constant c) || c.floats() == null || c.shape().length != 4) {
      throw unsupported(n, "a filter that is not a rank-4 float Const");
    }
    if (x.shape().length != 4 || x.shape()[3] != c.shape()[2]) {
      throw unsupported(n, "input shape " + Arrays.toString(x.shape()) + " for filter " + Arrays.toString(c.shape()));
    }
    int[] strides = spatial(n, "strides");
    int[] dilations = spatial(n, "dilations");
    byte padding = padding(n);
    long[] shape = Arrays.stream(c.shape()).asLongStream().toArray();
    Op op = new Op(depthwise ? BuiltinOperator.DEPTHWISE_CONV_2D : BuiltinOperator.CONV_2D, n, List.of(x.name()));
    op.layer = new Layer(n.getOp(), c.name(), shape, c.floats());
    op.padding = padding;
    op.ints = new int[] {strides[0], strides[1], dilations[0], dilations[1]};
    int outChannels = depthwise ? c.shape()[2] * c.shape()[3] : c.shape()[3];
    int h = outSize(x.shape()[1], c.shape()[0], strides[0], dilations[0], padding);
    int wd = outSize(x.shape()[2], c.shape()[1], strides[1], dilations[1], padding);
    return emit(op, new int[] {x.shape()[0], h, wd, outChannels});
  }

  /** The op that produced {@code v} when it may take one more fused step (nothing else reads v). */
  private Op fusable(Value v) {
    Op p = producers.get(v.name());
    if (p == null || p.activation != ActivationFunctionType.NONE || !p.output.name().equals(v.name())) {
      return null;
    }
    return consumers.getOrDefault(v.name(), 0) == 1 ? p : null;
  }

  private void rename(Op op, NodeDef n) {
    producers.remove(op.output.name());
    op.output = new Value(TensorNames.withIndex(n.getName()), op.output.shape());
    producers.put(op.output.name(), op);
  }

  private Object add(NodeDef n, boolean biasAdd) {
    if (biasAdd) {
      requireNhwc(n);
    }
    Object[] operands = operands(n);
    Value x = (Value) operands[0];
    Object b = operands[1];
    if (b instanceof Constant c && c.floats() != null && c.shape().length == 1) {
      Op p = fusable(x);
      if (p != null && p.layer != null && p.layer.bias == null && c.shape()[0] == p.layer.channels()) {
        p.layer.bias = c.floats();
        p.layer.biasName = c.name();
        rename(p, n);
        return p.output;
      }
    }
    return binary(n, BuiltinOperator.ADD, x, b);
  }

  /** The two inputs of a binary op, the activation first (a constant operand goes second). */
  private Object[] operands(NodeDef n) {
    Object a = resolve(n.getInput(0));
    Object b = resolve(n.getInput(1));
    if (a instanceof Constant && b instanceof Value) {
      return new Object[] {b, a};
    }
    if (!(a instanceof Value)) {
      throw unsupported(n, "two constant inputs");
    }
    return new Object[] {a, b};
  }

  private Value binary(NodeDef n, int builtin, Value x, Object b) {
    if (b instanceof Value y) {
      Op op = new Op(builtin, n, List.of(x.name(), y.name()));
      return emit(op, broadcast(n, x.shape(), y.shape()));
    }
    Constant c = (Constant) b;
    if (c.floats() == null) {
      throw unsupported(n, "an integer constant operand");
    }
    Op op = new Op(builtin, n, List.of(x.name()));
    op.constant = c;
    return emit(op, broadcast(n, x.shape(), c.shape()));
  }

  private int[] broadcast(NodeDef n, int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw unsupported(n, "shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
      }
      out[i] = Math.max(da, db);
    }
    return out;
  }

  private Object mul(NodeDef n) {
    for (int i = 0; i < 2; i++) {
      if (isDropoutMask(n.getInput(i))) {
        return activation(n, 1 - i);
      }
    }
    Object[] operands = operands(n);
    return binary(n, BuiltinOperator.MUL, (Value) operands[0], operands[1]);
  }

  /** {@code x / c} passes x through when c is all ones (dropout's {@code x / keep_prob} at keep = 1). */
  private Object realDiv(NodeDef n) {
    Object c = resolve(n.getInput(1));
    if (c instanceof Constant k && k.floats() != null && allEqual(k.floats(), 1f)) {
      return activation(n, 0);
    }
    throw unsupported(n, "a divisor that is not a constant 1");
  }

  private static boolean allEqual(float[] v, float x) {
    for (float f : v) {
      if (f != x) {
        return false;
      }
    }
    return v.length > 0;
  }

  /**
   * Whether {@code ref} is TF1 dropout's mask at keep probability 1: {@code Floor(keep + U)} with keep a
   * constant 1 and U uniform in [0, 1) ({@code RandomUniform}, optionally {@code · 1 + 0}), which is 1 for
   * every row.
   */
  private boolean isDropoutMask(String ref) {
    NodeDef floor = nodes.get(TensorNames.nodeName(ref));
    if (floor == null || !floor.getOp().equals("Floor")) {
      return false;
    }
    NodeDef add = nodes.get(TensorNames.nodeName(floor.getInput(0)));
    if (add == null || !(add.getOp().equals("Add") || add.getOp().equals("AddV2"))) {
      return false;
    }
    for (int i = 0; i < 2; i++) {
      Float keep = scalarConstant(add.getInput(i));
      if (keep != null && keep == 1f && isUniform01(add.getInput(1 - i))) {
        return true;
      }
    }
    return false;
  }

  private boolean isUniform01(String ref) {
    NodeDef n = nodes.get(TensorNames.nodeName(ref));
    if (n == null) {
      return false;
    }
    if (n.getOp().equals("RandomUniform")) {
      return true;
    }
    if (n.getOp().equals("Add") || n.getOp().equals("AddV2")) {
      Float zero = scalarConstant(n.getInput(1));
      return zero != null && zero == 0f && isUniform01(n.getInput(0));
    }
    if (n.getOp().equals("Mul")) {
      Float one = scalarConstant(n.getInput(1));
      return one != null && one == 1f && isUniform01(n.getInput(0));
    }
    return false;
  }

  /** The value of a scalar float constant (through Identity / PlaceholderWithDefault), or null. */
  private Float scalarConstant(String ref) {
    NodeDef n = nodes.get(TensorNames.nodeName(ref));
    while (n != null && (n.getOp().equals("Identity") || n.getOp().equals("PlaceholderWithDefault"))) {
      n = nodes.get(TensorNames.nodeName(n.getInput(0)));
    }
    if (n == null || !n.getOp().equals("Const")) {
      return null;
    }
    var proto = ConstTensors.value(n);
    if (proto.getDtype() != DataType.DT_FLOAT || ConstTensors.elementCount(ConstTensors.shape(proto)) != 1) {
      return null;
    }
    return ConstTensors.floats(proto)[0];
  }

  private Value relu(NodeDef n) {
    Value x = activation(n, 0);
    byte fused = n.getOp().equals("Relu") ? ActivationFunctionType.RELU : ActivationFunctionType.RELU6;
    Op p = fusable(x);
    if (p != null && (p.layer != null || p.op == BuiltinOperator.ADD || p.op == BuiltinOperator.MUL)) {
      p.activation = fused;
      rename(p, n);
      return p.output;
    }
    Op op = new Op(n.getOp().equals("Relu") ? BuiltinOperator.RELU : BuiltinOperator.RELU6, n, List.of(x.name()));
    return emit(op, x.shape());
  }

  private Value pool(NodeDef n) {
    requireNhwc(n);
    Value x = activation(n, 0);
    if (x.shape().length != 4) {
      throw unsupported(n, "input of rank " + x.shape().length);
    }
    boolean v2 = n.getOp().equals("MaxPoolV2");
    int[] k = v2 ? spatial(n, "ksize", constantInput(n, 1)) : spatial(n, "ksize");
    int[] s = v2 ? spatial(n, "strides", constantInput(n, 2)) : spatial(n, "strides");
    Op op = new Op(n.getOp().startsWith("MaxPool") ? BuiltinOperator.MAX_POOL_2D : BuiltinOperator.AVERAGE_POOL_2D, n,
        List.of(x.name()));
    op.padding = padding(n);
    op.ints = new int[] {s[0], s[1], k[0], k[1]};
    return emit(op, new int[] {x.shape()[0], outSize(x.shape()[1], k[0], s[0], 1, op.padding),
        outSize(x.shape()[2], k[1], s[1], 1, op.padding), x.shape()[3]});
  }

  private Value reshape(NodeDef n) {
    Value x = activation(n, 0);
    Constant c = constantInput(n, 1);
    if (c.ints() == null) {
      throw unsupported(n, "a non-int32 shape");
    }
    int[] shape = c.ints().clone();
    long total = Arrays.stream(x.shape()).asLongStream().reduce(1, (a, b) -> a * b);
    int unknown = -1;
    long known = 1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0) {
        if (unknown >= 0) {
          throw unsupported(n, "shape " + Arrays.toString(c.ints()));
        }
        unknown = i;
      } else {
        known *= shape[i];
      }
    }
    if (unknown >= 0) {
      shape[unknown] = Math.toIntExact(total / known);
    }
    if (Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != total) {
      throw unsupported(n, "shape " + Arrays.toString(c.ints()) + " for input " + Arrays.toString(x.shape()));
    }
    Op op = new Op(BuiltinOperator.RESHAPE, n, List.of(x.name()));
    op.constant = new Constant(c.name(), new int[] {shape.length}, null, shape);
    return emit(op, shape);
  }

  private Value unary(NodeDef n, int builtin) {
    Value x = activation(n, 0);
    return emit(new Op(builtin, n, List.of(x.name())), x.shape());
  }

  private Value mean(NodeDef n) {
    Value x = activation(n, 0);
    Constant axes = constantInput(n, 1);
    if (axes.ints() == null) {
      throw unsupported(n, "non-int32 axes");
    }
    boolean keep = attr(n, "keep_dims");
    int rank = x.shape().length;
    boolean[] reduced = new boolean[rank];
    int[] normalized = new int[axes.ints().length];
    for (int i = 0; i < normalized.length; i++) {
      normalized[i] = Math.floorMod(axes.ints()[i], rank);
      reduced[normalized[i]] = true;
    }
    List<Integer> shape = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      if (!reduced[i]) {
        shape.add(x.shape()[i]);
      } else if (keep) {
        shape.add(1);
      }
    }
    Op op = new Op(BuiltinOperator.MEAN, n, List.of(x.name()));
    op.constant = new Constant(axes.name(), new int[] {normalized.length}, null, normalized);
    op.ints = new int[] {keep ? 1 : 0};
    return emit(op, shape.stream().mapToInt(Integer::intValue).toArray());
  }

  private Value concat(NodeDef n) {
    int count = n.getInputList().stream().filter(s -> !TensorNames.isControl(s)).toList().size() - 1;
    Constant axisConst = constantInput(n, count);
    List<String> inputs = new ArrayList<>();
    int[] shape = null;
    int axis = 0;
    for (int i = 0; i < count; i++) {
      Value v = activation(n, i);
      inputs.add(v.name());
      if (shape == null) {
        shape = v.shape().clone();
        axis = Math.floorMod(axisConst.ints()[0], shape.length);
        shape[axis] = 0;
      }
      shape[axis] += v.shape()[axis];
    }
    Op op = new Op(BuiltinOperator.CONCATENATION, n, inputs);
    op.ints = new int[] {axis};
    return emit(op, shape);
  }

  private Value pad(NodeDef n) {
    Value x = activation(n, 0);
    Constant p = constantInput(n, 1);
    if (p.ints() == null) {
      throw unsupported(n, "non-int32 paddings");
    }
    int[] shape = x.shape().clone();
    for (int i = 0; i < shape.length; i++) {
      shape[i] += p.ints()[2 * i] + p.ints()[2 * i + 1];
    }
    Op op = new Op(BuiltinOperator.PAD, n, List.of(x.name()));
    op.constant = p;
    return emit(op, shape);
  }
}
