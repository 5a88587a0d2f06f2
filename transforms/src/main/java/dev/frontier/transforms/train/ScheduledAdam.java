package dev.frontier.transforms.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyAdam;
import org.tensorflow.types.TFloat32;

/**
 * Adam (TF's {@code ApplyAdam} kernel) whose learning rate is fed at every step, so training can follow a
 * cosine decay. The bias-correction powers β₁ᵗ, β₂ᵗ are fed too, computed in Java from the step number.
 *
 * <p>Why not {@code org.tensorflow.framework.optimizers.Adam}: in TF Java 1.1.0 it bakes the learning rate
 * into a constant; with a constant rate the small CNNs land at ≈0.90 after 3 epochs instead of ≈0.91.
 * Slots are plain variables {@code <var>_adam_m} / {@code <var>_adam_v}; they live only in the training graph.
 */
final class ScheduledAdam {
  static final float BETA_1 = 0.9f;
  static final float BETA_2 = 0.999f;
  /** Keras' default (TF1's was 1e-8). */
  static final float EPSILON = 1e-7f;

  private final Placeholder<TFloat32> learningRate;
  private final Placeholder<TFloat32> beta1Power;
  private final Placeholder<TFloat32> beta2Power;
  private final List<Op> updates = new ArrayList<>();

  ScheduledAdam(Graph graph, Ops tf, Operand<TFloat32> loss, List<Variable<TFloat32>> trainable) {
    Ops adam = tf.withSubScope("adam");
    learningRate = adam.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    beta1Power = adam.withName("beta1_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    beta2Power = adam.withName("beta2_power").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    Output<?>[] vars = trainable.stream().map(Variable::asOutput).toArray(Output<?>[]::new);
    Output<?>[] rawGrads = graph.addGradients(loss.asOutput(), vars);
    List<Identity<TFloat32>> grads = new ArrayList<>();
    for (Output<?> g : rawGrads) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> typed = (Operand<TFloat32>) g;
      grads.add(adam.identity(typed));
    }
    // No variable may be written before every gradient (and so every read of the old weights) is done:
    // without this, an update can race a backprop op still reading the same variable and runs differ.
    Ops afterAllGradients = adam.withControlDependencies(new ArrayList<Op>(grads));
    Operand<TFloat32> beta1 = adam.constant(BETA_1);
    Operand<TFloat32> beta2 = adam.constant(BETA_2);
    Operand<TFloat32> epsilon = adam.constant(EPSILON);
    for (int i = 0; i < vars.length; i++) {
      Variable<TFloat32> var = trainable.get(i);
      String name = var.op().name();
      Variable<TFloat32> m = zerosLike(tf, name + "_adam_m", var.shape());
      Variable<TFloat32> v = zerosLike(tf, name + "_adam_v", var.shape());
      updates.add(afterAllGradients.train.applyAdam(var, m, v, beta1Power, beta2Power, learningRate, beta1, beta2,
          epsilon, grads.get(i), ApplyAdam.useLocking(false)));
    }
  }

  /** The per-variable update ops; run them all (with {@link #feed}) for one step. */
  List<Op> updates() {
    return updates;
  }

  /** The scalar inputs of 1-based step {@code step} at learning rate {@code rate}; close after the run. */
  Feeds feeds(long step, float rate) {
    return new Feeds(step, rate);
  }

  /** The learning rate and bias-correction powers of one step, as tensors to feed. */
  final class Feeds implements AutoCloseable {
    private final TFloat32 rate;
    private final TFloat32 b1Power;
    private final TFloat32 b2Power;

    private Feeds(long step, float learningRateValue) {
      rate = TFloat32.scalarOf(learningRateValue);
      b1Power = TFloat32.scalarOf((float) Math.pow(BETA_1, step));
      b2Power = TFloat32.scalarOf((float) Math.pow(BETA_2, step));
    }

    Session.Runner addTo(Session.Runner runner) {
      return runner.feed(learningRate, rate).feed(beta1Power, b1Power).feed(beta2Power, b2Power);
    }

    @Override
    public void close() {
      rate.close();
      b1Power.close();
      b2Power.close();
    }
  }

  private static Variable<TFloat32> zerosLike(Ops tf, String name, Shape shape) {
    Ops init = tf.withInitScope();
    return tf.withName(name).variable(init.zeros(init.constant(shape.asArray()), TFloat32.class));
  }
}
