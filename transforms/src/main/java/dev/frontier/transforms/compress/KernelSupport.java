package dev.frontier.transforms.compress;

import java.util.List;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;

/**
 * Which layers {@link FullInt8Kernels} can map exactly onto TF's integer kernels
 * ({@code QuantizedMatMulWithBiasAndDequantize}, {@code QuantizedConv2DWithBias},
 * {@code QuantizedDepthwiseConv2DWithBias} and their requantizing forms), and why not otherwise.
 * A layer that cannot be mapped exactly stays float in both graphs of the scheme.
 */
final class KernelSupport {
  private static final String NHWC = "NHWC";
  private static final String SAME = "SAME";
  private static final List<String> PADDINGS = List.of(SAME, "VALID");

  private KernelSupport() {}

  /** Why {@code layer} (reading {@code w}) cannot run on an integer kernel, or null when it can. */
  static String whyNot(NodeDef layer, LayerWeights.Weight w, GraphIndex graph) {
    if (w.layerNames().size() > 1) {
      return "its weight '" + w.nodeName() + "' is shared by layers " + w.layerNames();
    }
    if (graph.referrers(w.nodeName()).size() != 1) {
      return "its weight '" + w.nodeName() + "' is also read by " + graph.referrers(w.nodeName());
    }
    switch (layer.getOp()) {
      case "MatMul":
        return flag(layer, "transpose_a") || flag(layer, "transpose_b")
            ? "MatMul with transpose_a/transpose_b (the integer MatMul kernel reads [batch, in] × [in, out])" : null;
      case "Conv2D":
      case "DepthwiseConv2dNative":
        if (layer.containsAttr("data_format") && !NHWC.equals(text(layer, "data_format"))) {
          return layer.getOp() + " with data_format " + text(layer, "data_format") + " (the integer kernel is NHWC)";
        }
        if (layer.containsAttr("dilations") && layer.getAttrOrThrow("dilations").getList().getIList().stream().anyMatch(d -> d != 1)) {
          return layer.getOp() + " with dilations " + layer.getAttrOrThrow("dilations").getList().getIList();
        }
        if ("DepthwiseConv2dNative".equals(layer.getOp()) && w.shape().length == 4 && w.shape()[3] != 1) {
          return "DepthwiseConv2dNative with channel multiplier " + w.shape()[3] + " (the integer kernels are used for multiplier 1)";
        }
        return PADDINGS.contains(text(layer, "padding")) ? null : layer.getOp() + " with padding " + text(layer, "padding");
      default:
        return "no integer kernel for op " + layer.getOp();
    }
  }

  /**
   * Why {@code layer} cannot run on an integer kernel with this input {@code grid}, or null. A Conv2D with
   * SAME padding pads its quint8 input with level 0; when the zero-point is not 0 that level is not real 0,
   * so border outputs would differ from the float convolution of the quantized input.
   */
  static String whyNotWithZeroPoint(NodeDef layer, LayerWeights.Weight w, ActivationGrid grid) {
    boolean spatial = w.shape().length == 4 && (w.shape()[0] > 1 || w.shape()[1] > 1);
    boolean conv = "Conv2D".equals(layer.getOp()) || "DepthwiseConv2dNative".equals(layer.getOp());
    if (conv && SAME.equals(text(layer, "padding")) && spatial && grid.zeroPoint() != 0) {
      return "its input range [" + grid.min() + ", " + grid.max() + "] reaches below 0 (zero-point " + grid.zeroPoint()
          + ") and SAME padding would pad with level 0, not the zero-point";
    }
    return null;
  }

  private static boolean flag(NodeDef n, String attr) {
    return n.containsAttr(attr) && n.getAttrOrThrow(attr).getB();
  }

  private static String text(NodeDef n, String attr) {
    AttrValue v = n.getAttrOrDefault(attr, null);
    return v == null ? "" : v.getS().toStringUtf8();
  }
}
