package dev.frontier.transforms.measure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/**
 * Where a graph's time goes, op type by op type: TF's own step statistics ({@code RunOptions} with a full
 * trace, {@code RunMetadata.step_stats}) over timed runs after warm-ups, each node's kernel time
 * ({@code op_end_rel_micros}) summed per kernel op type (as TF ran it, after its graph rewrites fused ops) and
 * averaged per run. Tracing adds overhead to every node, so
 * the totals are above an untraced run's latency; the shares are what to compare between a float and a
 * compressed graph. Nodes TF adds itself ({@code _SOURCE}, {@code _retval}, …) are counted under their own
 * names.
 */
public final class OpProfile {
  /**
   * One op type.
   *
   * @param op the op type, e.g. {@code Conv2D}, {@code QuantizedConv2DAndRequantize}
   * @param nodes how many nodes of that type ran in one run
   * @param microsPerRun their kernel time summed, per run, in microseconds
   */
  public record OpTime(String op, int nodes, double microsPerRun) {}

  /**
   * One node.
   *
   * @param node the node's name (as traced: a fused kernel runs under its last node's name)
   * @param op the kernel it ran as
   * @param microsPerRun its kernel time per run, in microseconds
   */
  public record NodeTime(String node, String op, double microsPerRun) {}

  private static final long SEED = 42;
  private final List<OpTime> ops;
  private final List<NodeTime> nodes;
  private final double wallMicrosMedian;
  private final int runs;

  private OpProfile(List<OpTime> ops, List<NodeTime> nodes, double wallMicrosMedian, int runs) {
    this.ops = List.copyOf(ops);
    this.nodes = List.copyOf(nodes);
    this.wallMicrosMedian = wallMicrosMedian;
    this.runs = runs;
  }

  /**
   * Profiles {@code runs} traced runs of {@code session} feeding {@code input} to {@code inputName} and
   * fetching {@code outputName}, after {@code warmups} untraced ones.
   *
   * @param graph the session's graph, to name each node's op type
   * @throws IllegalArgumentException when {@code runs} is below 1 or {@code warmups} negative
   */
  public static OpProfile of(Session session, GraphDef graph, String inputName, Tensor input, String outputName,
      int warmups, int runs) {
    if (runs < 1 || warmups < 0) {
      throw new IllegalArgumentException("profiling needs runs >= 1 and warmups >= 0, got " + runs + " and "
          + warmups);
    }
    Map<String, String> opOf = new HashMap<>();
    for (NodeDef n : graph.getNodeList()) {
      opOf.put(n.getName(), n.getOp());
    }
    for (int i = 0; i < warmups; i++) {
      try (Result r = session.runner().feed(inputName, input).fetch(outputName).run()) {
        // warm-up: kernels chosen, caches filled
      }
    }
    RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
    Map<String, double[]> totals = new LinkedHashMap<>(); // op → {micros, node executions}
    Map<List<String>, double[]> byNode = new LinkedHashMap<>(); // [node, op] → {micros}
    double[] walls = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      try (Result r = session.runner().feed(inputName, input).fetch(outputName).setOptions(trace)
          .runAndFetchMetadata()) {
        walls[i] = (System.nanoTime() - start) / 1e3;
        RunMetadata metadata = r.getMetadata().orElseThrow(
            () -> new IllegalStateException("TF returned no run metadata for a traced run"));
        for (DeviceStepStats device : metadata.getStepStats().getDevStatsList()) {
          for (NodeExecStats node : device.getNodeStatsList()) {
            String op = kernel(node, opOf);
            double[] t = totals.computeIfAbsent(op, k -> new double[2]);
            t[0] += node.getOpEndRelMicros();
            t[1] += 1;
            byNode.computeIfAbsent(List.of(node.getNodeName(), op), k -> new double[1])[0] += node.getOpEndRelMicros();
          }
        }
      }
    }
    List<OpTime> ops = new ArrayList<>();
    totals.forEach((op, t) -> ops.add(new OpTime(op, (int) Math.round(t[1] / runs), t[0] / runs)));
    ops.sort(Comparator.comparingDouble(OpTime::microsPerRun).reversed().thenComparing(OpTime::op));
    List<NodeTime> nodes = new ArrayList<>();
    byNode.forEach((k, t) -> nodes.add(new NodeTime(k.get(0), k.get(1), t[0] / runs)));
    nodes.sort(Comparator.comparingDouble(NodeTime::microsPerRun).reversed().thenComparing(NodeTime::node));
    Arrays.sort(walls);
    return new OpProfile(ops, nodes, walls[runs / 2], runs);
  }

  /**
   * Profiles signature {@code signatureKey} of the SavedModel in {@code dir} (tag {@code serve}) at
   * {@code batchRows} rows of seeded uniform [0, 1) values: kernels' time does not depend on the values, so no
   * dataset is needed. The signature must have one float input whose only unknown dimension is the batch.
   *
   * @throws IllegalArgumentException naming the folder and the problem (no such signature, other inputs)
   */
  public static OpProfile ofSavedModel(Path dir, String signatureKey, int batchRows, int warmups, int runs) {
    try (SavedModelBundle bundle = SavedModelBundle.loader(dir.toString()).withTags("serve").load()) {
      SignatureDef signature = bundle.metaGraphDef().getSignatureDefMap().get(signatureKey);
      if (signature == null) {
        throw new IllegalArgumentException(dir + ": no signature '" + signatureKey + "' (signatures: "
            + bundle.metaGraphDef().getSignatureDefMap().keySet() + ")");
      }
      if (signature.getInputsCount() != 1 || signature.getOutputsCount() < 1) {
        throw new IllegalArgumentException(dir + ": signature '" + signatureKey + "' has "
            + signature.getInputsCount() + " inputs; profiling feeds exactly one");
      }
      TensorInfo input = signature.getInputsMap().values().iterator().next();
      if (input.getDtype() != DataType.DT_FLOAT) {
        throw new IllegalArgumentException(dir + ": the input is " + input.getDtype() + "; profiling feeds floats");
      }
      long[] shape = input.getTensorShape().getDimList().stream().mapToLong(d -> d.getSize()).toArray();
      for (int i = 0; i < shape.length; i++) {
        if (shape[i] < 0) {
          if (i > 0) {
            throw new IllegalArgumentException(dir + ": input dimension " + i + " is unknown; only the batch may be");
          }
          shape[i] = batchRows;
        }
      }
      float[] values = new float[Math.toIntExact(Shape.of(shape).size())];
      SplittableRandom random = new SplittableRandom(SEED);
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) random.nextDouble();
      }
      String output = new java.util.TreeMap<>(signature.getOutputsMap()).firstEntry().getValue().getName();
      try (TFloat32 in = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(values, true, false))) {
        return of(bundle.session(), bundle.metaGraphDef().getGraphDef(), input.getName(), in, output, warmups, runs);
      }
    }
  }

  /**
   * The op a node ran as: TF's timeline label ({@code "name = _MklFusedConv2D(…)"}) names the kernel after graph
   * rewrites (fused Conv2D + BiasAdd + Relu runs under the Relu node's name); else the graph's op of that name.
   */
  private static String kernel(NodeExecStats node, Map<String, String> opOf) {
    String label = node.getTimelineLabel();
    int eq = label.indexOf(" = ");
    int paren = label.indexOf('(', eq + 3);
    if (eq >= 0 && paren > eq + 3) {
      return label.substring(eq + 3, paren);
    }
    String name = node.getNodeName();
    return opOf.getOrDefault(name.contains(":") ? name.substring(0, name.indexOf(':')) : name, name);
  }

  /** Op types, most time first. */
  public List<OpTime> ops() {
    return ops;
  }

  /** Nodes, most time first. */
  public List<NodeTime> nodes() {
    return nodes;
  }

  /** Kernel time of all nodes per run, in microseconds. */
  public double totalMicrosPerRun() {
    return ops.stream().mapToDouble(OpTime::microsPerRun).sum();
  }

  /** Median wall time of one traced run, in microseconds (tracing included). */
  public double wallMicrosMedian() {
    return wallMicrosMedian;
  }

  /** A Markdown table: op, nodes, µs per run, share of the kernel time. */
  public String table() {
    StringBuilder b = new StringBuilder("| op | nodes | µs / run | share |\n|---|---:|---:|---:|\n");
    double total = totalMicrosPerRun();
    for (OpTime t : ops) {
      b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f %% |%n", t.op(), t.nodes(), t.microsPerRun(),
          total == 0 ? 0 : 100 * t.microsPerRun() / total));
    }
    b.append(String.format(Locale.ROOT, "| **all** | | %.1f | 100 %% |%n", total));
    b.append(String.format(Locale.ROOT, "%d traced runs; median wall time of a traced run %.1f µs%n", runs,
        wallMicrosMedian));
    return b.toString();
  }

  /** A Markdown table of the {@code top} slowest nodes: node, kernel, µs per run, share of the kernel time. */
  public String nodeTable(int top) {
    StringBuilder b = new StringBuilder("| node | kernel | µs / run | share |\n|---|---|---:|---:|\n");
    double total = totalMicrosPerRun();
    for (NodeTime t : nodes.subList(0, Math.min(top, nodes.size()))) {
      b.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f %% |%n", t.node(), t.op(), t.microsPerRun(),
          total == 0 ? 0 : 100 * t.microsPerRun() / total));
    }
    return b.toString();
  }
}
