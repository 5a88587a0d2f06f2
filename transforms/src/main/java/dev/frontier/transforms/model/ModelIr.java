package dev.frontier.transforms.model;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.tensorflow.proto.GraphDef;

/**
 * The IR of one model: a frozen, flat GraphDef (no function calls, no variables) plus what callers need
 * to feed it and to compress it: signature inputs and outputs, compressible layers, parameter count.
 *
 * <p>Why a GraphDef: every compression is then a pure function GraphDef → GraphDef, and any TF runtime
 * can run the result (docs/DESIGN.md, "The IR: a frozen GraphDef"). Immutable and {@link Serializable}
 * (the graph is held as its serialized bytes), so it can travel through a Beam pipeline with a plain
 * serializable coder.
 *
 * <p>{@code outputs().get(0)} is the primary output: the one predictors read.
 */
public final class ModelIr implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String modelId;
  private final byte[] graphDefBytes;
  private final List<TensorSpec> inputs;
  private final List<TensorSpec> outputs;
  private final List<LayerInfo> layers;
  private final long parameterCount;
  private transient volatile GraphDef graphDef;
  private transient volatile String contentSha256;

  private ModelIr(String modelId, GraphDef graph, List<TensorSpec> inputs, List<TensorSpec> outputs,
      List<LayerInfo> layers, long parameterCount) {
    this.modelId = Objects.requireNonNull(modelId, "modelId");
    this.graphDef = graph;
    this.graphDefBytes = graph.toByteArray();
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    this.layers = List.copyOf(layers);
    this.parameterCount = parameterCount;
    if (this.outputs.isEmpty()) {
      throw new IllegalArgumentException("model '" + modelId + "': an IR needs at least one output");
    }
  }

  /**
   * An IR for a frozen graph: layers and parameter count are derived from the graph (see
   * {@link LayerFinder}). Compressions use this to wrap the graphs they produce.
   */
  public static ModelIr of(String modelId, GraphDef graph, List<TensorSpec> inputs, List<TensorSpec> outputs) {
    List<LayerInfo> layers = LayerFinder.find(graph);
    return new ModelIr(modelId, graph, inputs, outputs, layers, LayerFinder.parameterCount(graph, layers));
  }

  /** The same model with another graph (same inputs and outputs), layers recomputed. */
  public ModelIr withGraph(GraphDef graph) {
    return of(modelId, graph, inputs, outputs);
  }

  public String modelId() { return modelId; }

  /** Hex SHA-256 of the serialized graph: the model's content, weights included. Computed once. */
  public String contentSha256() {
    String sha = contentSha256;
    if (sha == null) {
      sha = Sha256.hex(graphDefBytes);
      contentSha256 = sha;
    }
    return sha;
  }

  /** The frozen graph. Parsed once per instance and cached. */
  public GraphDef graphDef() {
    GraphDef g = graphDef;
    if (g == null) {
      try {
        g = GraphDef.parseFrom(graphDefBytes);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("model '" + modelId + "': corrupt IR bytes", e);
      }
      graphDef = g;
    }
    return g;
  }

  /** The frozen graph, serialized (a copy). */
  public byte[] graphDefBytes() { return graphDefBytes.clone(); }

  /** Size of the serialized graph, without copying it. */
  public long graphDefSizeBytes() { return graphDefBytes.length; }

  /** Signature inputs, sorted by key; each is a Placeholder in the graph. */
  public List<TensorSpec> inputs() { return inputs; }

  /** Signature outputs; the primary (predicted) output first, the rest sorted by key. */
  public List<TensorSpec> outputs() { return outputs; }

  /** The primary output, {@code outputs().get(0)}. */
  public TensorSpec primaryOutput() { return outputs.get(0); }

  /** Compressible layers in graph order. */
  public List<LayerInfo> layers() { return layers; }

  /** Float weight + bias elements of the layers; see {@link LayerFinder} for exactly what counts. */
  public long parameterCount() { return parameterCount; }

  public int nodeCount() { return graphDef().getNodeCount(); }

  @Override
  public String toString() {
    return "ModelIr[" + modelId + ", " + nodeCount() + " nodes, inputs " + inputs + ", outputs " + outputs
        + ", " + layers.size() + " layers, " + parameterCount + " params]";
  }
}
