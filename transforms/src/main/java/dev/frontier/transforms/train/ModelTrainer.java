package dev.frontier.transforms.train;

import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.data.Splits;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.losses.CategoricalCrossentropy;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Trains one catalogue network on an in-memory dataset of raw 0–255 pixel rows with softmax cross-entropy
 * and Adam, the learning rate following a cosine decay from {@link ArchitectureSpec#learningRate()} to 0
 * over all steps, in a TF1-style graph built with {@link Ops}.
 *
 * <p>Deterministic: initial values come from stateless random ops seeded by {@link ArchitectureSpec#seed()},
 * epochs are shuffled by a {@link SplittableRandom} of the same seed, the session runs with one intra-op and
 * one inter-op thread, and no weight is updated before all gradients are computed, so the same spec and data
 * give bitwise the same weights (also when several models train at once in one JVM). Rows are scaled by {@link #PIXEL_SCALE} while
 * feeding; the exported model expects that scaling done by its caller. BatchNorm normalises with batch
 * statistics during training and keeps moving averages (momentum {@value Layers#BATCH_NORM_MOMENTUM}).
 */
public final class ModelTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(ModelTrainer.class);
  /** Pixels are fed as {@code raw * PIXEL_SCALE}, i.e. in [0, 1]; catalogues must declare this scale. */
  public static final double PIXEL_SCALE = 1.0 / 255.0;
  private static final double NANOS_PER_SECOND = 1e9;

  private ModelTrainer() {}

  /** Trains and returns the weights (including BatchNorm moving statistics). */
  public static TrainedWeights train(ArchitectureSpec spec, Dataset train) {
    return train(spec, train, null).weights();
  }

  /**
   * Trains, then scores {@code evaluation} (may be null) with the training graph's inference-mode forward
   * pass, using the very variables just trained.
   */
  public static TrainingResult train(ArchitectureSpec spec, Dataset train, Dataset evaluation) {
    if (train.size() < spec.batchSize()) {
      throw new IllegalArgumentException(spec.id() + ": " + train.size() + " training rows, fewer than one batch of "
          + spec.batchSize());
    }
    long start = System.nanoTime();
    Shape inputShape = Network.inputShape(spec.kind());
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(inputShape));
      Placeholder<TInt32> labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      SharedVariables params = SharedVariables.seeded(tf, spec.seed());
      Network.Output training = Network.build(tf, spec, images, params, Layers.BatchNormMode.TRAINING);
      Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(Network.CLASSES), tf.constant(1f), tf.constant(0f));
      Operand<TFloat32> loss = new CategoricalCrossentropy(true).call(tf, oneHot, training.logits, null);
      ScheduledAdam adam = new ScheduledAdam(graph, tf, loss, params.trainable());
      Network.Output inference = Network.build(tf.withSubScope("inference"), spec, images, params,
          Layers.BatchNormMode.INFERENCE);
      try (Session session = new Session(graph, SingleThreaded.CONFIG)) {
        session.initialize();
        runEpochs(spec, train, session, images, labels, loss, adam, training.statisticUpdates, inputShape);
        TrainedWeights weights = readWeights(session, params.all());
        double seconds = (System.nanoTime() - start) / NANOS_PER_SECOND;
        double accuracy = evaluation == null ? Double.NaN
            : Batches.top1Accuracy(Batches.scoreAll(evaluation, inputShape, batch -> {
              try (Result r = session.runner().feed(images, batch).fetch(inference.logits).run()) {
                return Batches.toRows((TFloat32) r.get(0));
              }
            }), evaluation.labels());
        return new TrainingResult(weights, accuracy, seconds);
      }
    }
  }

  private static void runEpochs(ArchitectureSpec spec, Dataset train, Session session, Operand<TFloat32> images,
      Operand<TInt32> labels, Operand<TFloat32> loss, ScheduledAdam adam, List<Op> updates, Shape inputShape) {
    SplittableRandom random = new SplittableRandom(spec.seed());
    int[] order = identity(train.size());
    int steps = train.size() / spec.batchSize();
    long totalSteps = (long) steps * spec.epochs();
    long done = 0;
    for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
      long epochStart = System.nanoTime();
      Splits.shuffle(order, random);
      double lossSum = 0;
      for (int s = 0; s < steps; s++) {
        int from = s * spec.batchSize();
        done++;
        try (TFloat32 x = Batches.images(train, order, from, spec.batchSize(), inputShape);
            TInt32 y = Batches.labels(train, order, from, spec.batchSize());
            ScheduledAdam.Feeds feeds = adam.feeds(done, cosineDecay(spec.learningRate(), done - 1, totalSteps))) {
          Session.Runner runner = feeds.addTo(session.runner().feed(images, x).feed(labels, y).fetch(loss));
          adam.updates().forEach(runner::addTarget);
          updates.forEach(runner::addTarget);
          try (Result r = runner.run()) {
            lossSum += ((TFloat32) r.get(0)).getFloat();
          }
        }
      }
      LOG.info("{}: epoch {}/{} mean loss {} ({} steps, {} s)", spec.id(), epoch, spec.epochs(),
          String.format("%.4f", lossSum / steps), steps,
          String.format("%.1f", (System.nanoTime() - epochStart) / NANOS_PER_SECOND));
    }
  }

  /** {@code base · ½(1 + cos(π · done / total))}: from the base rate at the first step towards 0 at the end. */
  static float cosineDecay(float base, long done, long total) {
    return (float) (base * 0.5 * (1 + Math.cos(Math.PI * done / total)));
  }

  private static TrainedWeights readWeights(Session session, Map<String, Variable<TFloat32>> variables) {
    TrainedWeights.Builder weights = TrainedWeights.builder();
    for (Map.Entry<String, Variable<TFloat32>> e : variables.entrySet()) {
      try (Result r = session.runner().fetch(e.getValue()).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] values = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(values, false, false));
        weights.put(e.getKey(), values, t.shape().asArray());
      }
    }
    return weights.build();
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}
