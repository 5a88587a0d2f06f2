package dev.frontier.transforms.train;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * He-normal and Glorot-uniform initial values from TF's stateless random ops, so a seed fixes them bitwise.
 *
 * <p>Why not {@code org.tensorflow.framework.initializers.He}: in TF Java 1.1.0 its fan computation for
 * rank-4 kernels counts the input channels twice (fan_in = in²·h·w; measured std 0.029 instead of 0.118
 * for a [3,3,16,32] kernel). Fans here follow Keras: fan_in = h·w·in, fan_out = h·w·out.
 */
final class SeededInitializers {
  /** 1 / std of a unit normal truncated at ±2 std (as Keras uses for truncated He-normal). */
  private static final double TRUNCATED_NORMAL_STD_CORRECTION = 0.87962566103423978;
  private static final double HE_SCALE = 2.0;
  private static final double GLOROT_SCALE = 6.0;

  private SeededInitializers() {}

  /** Initial value of a variable; {@code index} makes each variable's stream distinct under one seed. */
  static Operand<TFloat32> value(Ops tf, Shape shape, SharedVariables.Init init, long seed, int index) {
    Operand<org.tensorflow.types.TInt64> dims = tf.constant(shape.asArray());
    Operand<org.tensorflow.types.TInt64> seeds = tf.constant(new long[] {seed, index});
    switch (init) {
      case ZEROS:
        return tf.zeros(dims, TFloat32.class);
      case ONES:
        return tf.fill(dims, tf.constant(1f));
      case HE_NORMAL: {
        double std = Math.sqrt(HE_SCALE / fanIn(shape)) / TRUNCATED_NORMAL_STD_CORRECTION;
        return tf.math.mul(tf.random.statelessTruncatedNormal(dims, seeds, TFloat32.class), tf.constant((float) std));
      }
      case GLOROT_UNIFORM: {
        float limit = (float) Math.sqrt(GLOROT_SCALE / (fanIn(shape) + fanOut(shape)));
        Operand<TFloat32> unit = tf.random.statelessRandomUniform(dims, seeds, TFloat32.class);
        return tf.math.sub(tf.math.mul(unit, tf.constant(2f * limit)), tf.constant(limit));
      }
      default:
        throw new IllegalArgumentException("unknown initializer " + init);
    }
  }

  /** Inputs feeding one output unit: h·w·in for conv kernels [h,w,in,out], in for dense [in,out]. */
  static double fanIn(Shape shape) {
    return receptiveField(shape) * shape.size(shape.numDimensions() - 2);
  }

  static double fanOut(Shape shape) {
    return receptiveField(shape) * shape.size(shape.numDimensions() - 1);
  }

  private static double receptiveField(Shape shape) {
    double field = 1;
    for (int i = 0; i < shape.numDimensions() - 2; i++) {
      field *= shape.size(i);
    }
    return field;
  }
}
