package dev.frontier.transforms.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * What a serving side needs to run a graph, read off the ops the graph holds rather than off the method
 * that made it, so it stays true for any graph.
 *
 * <p>TF's fused integer kernels ({@code QuantizedMatMulWithBiasAndDequantize}, {@code QuantizedConv2DWithBias}
 * and the rest of the {@code Quantized…With…} family) run only in TensorFlow's oneDNN CPU kernels, on x86-64,
 * and only when {@code TF_ENABLE_ONEDNN_OPTS=1} is set before TensorFlow starts; elsewhere (a build without
 * oneDNN, ARM, a GPU, TFLite) the same graph loads but fails at its first run with "Missing 0-th output"
 * or "no kernel registered". Every other graph Frontier writes uses TF's standard ops (Const, Cast, Mul,
 * bitwise unpacking for int4, MatMul, Conv2D) and runs on any TensorFlow 2 runtime.
 *
 * @param ops the distinct op types of the graph, sorted
 * @param oneDnnOps of those, the ones that run only on TF's oneDNN kernels
 * @param environment variables the serving process must have set before TensorFlow starts
 * @param runtime the runtimes that run the graph, in words
 */
public record ServingRuntime(List<String> ops, List<String> oneDnnOps, Map<String, String> environment,
    String runtime) implements Serializable {

  /** The environment variable that turns TF's oneDNN kernels on. */
  public static final String ONEDNN_ENV = "TF_ENABLE_ONEDNN_OPTS";
  private static final String ANY_TF = "any TensorFlow 2 runtime (standard TF ops only: TF Serving, TF Java, "
      + "Python); not TFLite (a TF graph, not a flatbuffer)";
  private static final String ONEDNN_TF = "TensorFlow's oneDNN CPU kernels on x86-64 only, with " + ONEDNN_ENV
      + "=1 set before TensorFlow starts (TF Serving and TF Java included); loads elsewhere but fails at the "
      + "first run";

  public ServingRuntime {
    ops = List.copyOf(ops);
    oneDnnOps = List.copyOf(oneDnnOps);
    environment = Map.copyOf(environment);
  }

  /** What running {@code graph} needs. */
  public static ServingRuntime of(GraphDef graph) {
    TreeSet<String> ops = new TreeSet<>();
    TreeSet<String> oneDnn = new TreeSet<>();
    for (NodeDef n : graph.getNodeList()) {
      ops.add(n.getOp());
      if (needsOneDnn(n.getOp())) {
        oneDnn.add(n.getOp());
      }
    }
    return oneDnn.isEmpty()
        ? new ServingRuntime(List.copyOf(ops), List.of(), Map.of(), ANY_TF)
        : new ServingRuntime(List.copyOf(ops), List.copyOf(oneDnn), Map.of(ONEDNN_ENV, "1"), ONEDNN_TF);
  }

  /** Whether the op's CPU kernel exists only in TF's oneDNN build: the fused {@code Quantized…With…} ops. */
  static boolean needsOneDnn(String op) {
    return op.startsWith("Quantized") && op.contains("With");
  }
}
