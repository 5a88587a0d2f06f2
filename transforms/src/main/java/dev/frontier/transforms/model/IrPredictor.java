package dev.frontier.transforms.model;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * Runs an IR graph: imports its GraphDef into a fresh Graph with one Session, feeds rows to the single
 * input and reads the primary output (or the output named at construction).
 *
 * <p>This is what compressed candidates are evaluated with, so the IR is tested against the original
 * signature ({@link SignaturePredictor}) through exactly the same feeding code ({@link PredictorIo}).
 * Thread-safe (TF sessions are); close it when done: the Session is closed before the Graph.
 */
public final class IrPredictor implements Predictor {
  private final ModelIr ir;
  private final TensorSpec input;
  private final TensorSpec output;
  private final Graph graph;
  private final Session session;
  private boolean closed;

  /** A predictor reading the IR's primary output. */
  public IrPredictor(ModelIr ir) {
    this(ir, null);
  }

  /** A predictor reading the output with signature key {@code outputKey} (null: primary). */
  public IrPredictor(ModelIr ir, String outputKey) {
    this.ir = ir;
    this.input = PredictorIo.singleInput(ir.modelId(), ir.inputs());
    this.output = PredictorIo.output(ir.modelId(), ir.outputs(), outputKey);
    Graph g = new Graph();
    try {
      g.importGraphDef(ir.graphDef());
    } catch (RuntimeException e) {
      g.close();
      throw new IllegalStateException("model '" + ir.modelId() + "': IR graph does not load: " + e.getMessage(), e);
    }
    this.graph = g;
    this.session = new Session(g);
  }

  public ModelIr ir() {
    return ir;
  }

  @Override
  public float[][] predict(float[][] rows, List<String> featureNames) {
    return PredictorIo.run(session, ir.modelId(), input, output, rows, featureNames);
  }

  /** Whether {@link #close} was called (a closed predictor must not be used). */
  public synchronized boolean isClosed() {
    return closed;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      session.close();
      graph.close();
    }
  }
}
