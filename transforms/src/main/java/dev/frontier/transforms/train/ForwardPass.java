package dev.frontier.transforms.train;

import dev.frontier.transforms.data.Dataset;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The inference-mode network built straight from in-memory {@link TrainedWeights}, without any file: the
 * reference an exported SavedModel is compared against.
 *
 * <p>Takes raw-pixel datasets (scaled by {@link ModelTrainer#PIXEL_SCALE} while feeding) and returns
 * softmax scores. Owns a Graph and a Session: close it.
 */
public final class ForwardPass implements AutoCloseable {
  private final Graph graph;
  private final Session session;
  private final Placeholder<TFloat32> images;
  private final Operand<TFloat32> scores;
  private final Shape inputShape;

  private ForwardPass(ArchitectureSpec spec, TrainedWeights weights) {
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      inputShape = Network.inputShape(spec.kind());
      images = tf.withName(SavedModelWriter.INPUT_NAME).placeholder(TFloat32.class, Placeholder.shape(inputShape));
      Network.Output forward = Network.build(tf, spec, images, SharedVariables.fromWeights(tf, weights),
          Layers.BatchNormMode.INFERENCE);
      scores = tf.withName(SavedModelWriter.OUTPUT_NAME).nn.softmax(forward.logits);
      session = initializedSession(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  private static Session initializedSession(Graph graph) {
    Session s = new Session(graph, SingleThreaded.CONFIG);
    try {
      s.initialize();
      return s;
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Builds the network for {@code spec} with {@code weights} as its variables' values. */
  public static ForwardPass of(ArchitectureSpec spec, TrainedWeights weights) {
    return new ForwardPass(spec, weights);
  }

  /** Softmax scores for every row, in order. */
  public float[][] scores(Dataset data) {
    return Batches.scoreAll(data, inputShape, batch -> {
      try (Result r = session.runner().feed(images, batch).fetch(scores).run()) {
        return Batches.toRows((TFloat32) r.get(0));
      }
    });
  }

  /** Top-1 accuracy on {@code data}. */
  public double accuracy(Dataset data) {
    return Batches.top1Accuracy(scores(data), data.labels());
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
