package dev.frontier.transforms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One-layer SavedModels written by TF Java for tests: signature {@code serving_default}, input
 * {@value #INPUT} (float {@code [-1, inputs]}) fed straight into the MatMul of variable {@value #KERNEL}
 * ({@code [inputs, classes]}), plus variable {@value #BIAS}, then Softmax as output {@value #OUTPUT}.
 *
 * <p>The variables are TF1 {@code VariableV2}s initialised to zero and assigned their values before the
 * SavedModel is exported, as after training: the values are only in the checkpoint, so an importer that
 * does not restore it sees zeros.
 */
public final class DenseSavedModels {
  public static final String INPUT = "features";
  public static final String OUTPUT = "probabilities";
  public static final String KERNEL = "dense_kernel";
  public static final String BIAS = "dense_bias";

  private DenseSavedModels() {}

  /**
   * Writes the model into {@code dir} (which must not exist yet).
   *
   * @param kernel row-major {@code [inputs, classes]}
   * @param bias {@code [classes]}
   */
  public static Path write(Path dir, int inputs, float[] kernel, float[] bias) {
    int classes = bias.length;
    if ((long) inputs * classes != kernel.length) {
      throw new IllegalArgumentException("kernel has " + kernel.length + " values, not " + inputs + " x " + classes);
    }
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.withName(INPUT).placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, inputs)));
      Variable<TFloat32> w = tf.withName(KERNEL).variable(tf.zeros(tf.constant(new long[] {inputs, classes}),
          TFloat32.class));
      Variable<TFloat32> b = tf.withName(BIAS).variable(tf.zeros(tf.constant(new long[] {classes}), TFloat32.class));
      Operand<TFloat32> probabilities = tf.withName(OUTPUT).nn.softmax(tf.nn.biasAdd(tf.linalg.matMul(x, w), b));
      var setKernel = tf.assign(w, tf.constant(Shape.of(inputs, classes), DataBuffers.of(kernel, true, false)));
      var setBias = tf.assign(b, tf.constant(Shape.of(classes), DataBuffers.of(bias, true, false)));
      try (Session s = new Session(g)) {
        s.initialize();
        s.runner().addTarget(setKernel).addTarget(setBias).run();
        SavedModelBundle.exporter(dir.toString()).withSession(s)
            .withSignature(Signature.builder().key("serving_default").input(INPUT, x).output(OUTPUT, probabilities)
                .build())
            .export();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }
}
