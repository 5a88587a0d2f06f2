package dev.frontier.transforms.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.commons.io.FileUtils;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes trained weights as an inference-only TF1-style SavedModel: the forward pass alone (BatchNorm as
 * FusedBatchNormV3 with {@code is_training=false}), {@code VariableV2} weights in {@code variables/}, and one
 * signature {@value #SIGNATURE_KEY}: input {@value #INPUT_NAME} (float pixels already multiplied by
 * {@link ModelTrainer#PIXEL_SCALE}; {@code [-1, 784]} for MLPs, {@code [-1, 28, 28, 1]} for CNNs) →
 * output {@value #OUTPUT_NAME} (softmax probabilities {@code [-1, 10]}).
 *
 * <p>Why this way: TF Java's exporter saves the session's whole graph, so exporting the training session
 * would ship the optimizer state and the training branch. Here the weights are first saved to a scratch
 * checkpoint from a graph of constant-initialised variables, then restored into a fresh forward-only graph
 * whose variables have no initializer — the exported graph holds no weight constants, and a loader that
 * forgets to restore gets errors, not silently random weights.
 */
public final class SavedModelWriter {
  public static final String SIGNATURE_KEY = "serving_default";
  public static final String INPUT_NAME = "images";
  public static final String OUTPUT_NAME = "scores";

  private SavedModelWriter() {}

  /** Writes the SavedModel into {@code dir}, replacing whatever was there (written aside, then moved in). */
  public static void write(ArchitectureSpec spec, TrainedWeights weights, Path dir) throws IOException {
    Path target = dir.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path staging = Files.createTempDirectory("frontier-weights-");
    Path partial = target.resolveSibling(target.getFileName() + ".partial-" + UUID.randomUUID());
    try {
      String checkpoint = staging.resolve("weights").toString();
      saveCheckpoint(weights, checkpoint);
      exportForwardPass(spec, weights, checkpoint, partial);
      FileUtils.deleteDirectory(target.toFile());
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      FileUtils.deleteDirectory(staging.toFile());
      FileUtils.deleteDirectory(partial.toFile());
    }
  }

  /** The model's input shape (batch dimension -1). */
  public static long[] inputShape(ArchitectureKind kind) {
    return Network.inputShape(kind).asArray();
  }

  private static void saveCheckpoint(TrainedWeights weights, String checkpoint) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      for (String name : weights.names()) {
        Shape shape = Shape.of(weights.shape(name));
        tf.withName(name).variable(tf.withInitScope().constant(shape, DataBuffers.of(weights.values(name))));
      }
      try (Session session = new Session(graph, SingleThreaded.CONFIG)) {
        session.initialize();
        session.save(checkpoint);
      }
    }
  }

  private static void exportForwardPass(ArchitectureSpec spec, TrainedWeights weights, String checkpoint,
      Path out) throws IOException {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> images = tf.withName(INPUT_NAME)
          .placeholder(TFloat32.class, Placeholder.shape(Network.inputShape(spec.kind())));
      SharedVariables params = SharedVariables.restoredLater(tf);
      Network.Output forward = Network.build(tf, spec, images, params, Layers.BatchNormMode.INFERENCE);
      var scores = tf.withName(OUTPUT_NAME).nn.softmax(forward.logits);
      if (!params.all().keySet().equals(weights.names())) {
        throw new IllegalArgumentException(spec.id() + ": the network's variables " + params.all().keySet()
            + " differ from the weights' " + weights.names());
      }
      try (Session session = new Session(graph, SingleThreaded.CONFIG)) {
        session.restore(checkpoint);
        SavedModelBundle.exporter(out.toString())
            .withSession(session)
            .withSignature(Signature.builder().key(SIGNATURE_KEY).input(INPUT_NAME, images)
                .output(OUTPUT_NAME, scores).build())
            .export();
      }
    }
  }
}
