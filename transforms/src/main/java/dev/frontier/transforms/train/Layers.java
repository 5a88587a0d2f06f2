package dev.frontier.transforms.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * The building blocks of the catalogue networks, as plain TF ops in NHWC layout.
 *
 * <p>Compute ops get stable names ({@code conv1}, {@code bn1}, {@code dense1}, …) so layers are
 * recognisable after import; variables are {@code <layer>_kernel}, {@code <layer>_bias},
 * {@code <bn>_gamma}, {@code <bn>_beta}, {@code <bn>_moving_mean}, {@code <bn>_moving_variance}.
 */
final class Layers {
  /** Keras' BatchNormalization defaults. */
  static final float BATCH_NORM_EPSILON = 1e-3f;
  static final float BATCH_NORM_MOMENTUM = 0.99f;
  private static final List<Long> UNIT_STRIDES = List.of(1L, 1L, 1L, 1L);
  private static final String SAME = "SAME";

  /** Whether BatchNorm normalises with the batch's statistics (and updates the moving ones) or the moving ones. */
  enum BatchNormMode { TRAINING, INFERENCE }

  private Layers() {}

  /** {@code x · kernel + bias}, then ReLU when asked. */
  static Operand<TFloat32> dense(Ops tf, SharedVariables p, String name, Operand<TFloat32> x, long in, long out,
      boolean relu, SharedVariables.Init init) {
    Variable<TFloat32> kernel = p.trainable(name + "_kernel", Shape.of(in, out), init);
    Variable<TFloat32> bias = p.trainable(name + "_bias", Shape.of(out), SharedVariables.Init.ZEROS);
    Operand<TFloat32> z = tf.withName(name + "_bias_add").nn.biasAdd(tf.withName(name).linalg.matMul(x, kernel), bias);
    return relu ? tf.withName(name + "_relu").nn.relu(z) : z;
  }

  /** A SAME-padded, stride-1 convolution without bias (the following BatchNorm supplies the offset). */
  static Operand<TFloat32> conv(Ops tf, SharedVariables p, String name, Operand<TFloat32> x, long kernelSide,
      long in, long out) {
    Variable<TFloat32> kernel = p.trainable(name + "_kernel", Shape.of(kernelSide, kernelSide, in, out),
        SharedVariables.Init.HE_NORMAL);
    return tf.withName(name).nn.conv2d(x, kernel, UNIT_STRIDES, SAME);
  }

  /** A SAME-padded, stride-1 depthwise convolution (channel multiplier 1), without bias. */
  static Operand<TFloat32> depthwise(Ops tf, SharedVariables p, String name, Operand<TFloat32> x, long kernelSide,
      long channels) {
    Variable<TFloat32> kernel = p.trainable(name + "_kernel", Shape.of(kernelSide, kernelSide, channels, 1),
        SharedVariables.Init.HE_NORMAL);
    return tf.withName(name).nn.depthwiseConv2dNative(x, kernel, UNIT_STRIDES, SAME);
  }

  /**
   * BatchNorm over the channel axis as TF's FusedBatchNormV3, then ReLU. In training mode the moving
   * averages are updated by assignments added to {@code updates}, to run with the training step.
   */
  static Operand<TFloat32> batchNormRelu(Ops tf, SharedVariables p, String name, Operand<TFloat32> x, long channels,
      BatchNormMode mode, List<Op> updates) {
    Shape shape = Shape.of(channels);
    Variable<TFloat32> gamma = p.trainable(name + "_gamma", shape, SharedVariables.Init.ONES);
    Variable<TFloat32> beta = p.trainable(name + "_beta", shape, SharedVariables.Init.ZEROS);
    Variable<TFloat32> movingMean = p.statistic(name + "_moving_mean", shape, SharedVariables.Init.ZEROS);
    Variable<TFloat32> movingVariance = p.statistic(name + "_moving_variance", shape, SharedVariables.Init.ONES);
    FusedBatchNorm<TFloat32, TFloat32> bn;
    if (mode == BatchNormMode.TRAINING) {
      Operand<TFloat32> empty = tf.constant(new float[0]);
      bn = tf.withName(name).nn.fusedBatchNorm(x, gamma, beta, empty, empty,
          FusedBatchNorm.isTraining(true), FusedBatchNorm.epsilon(BATCH_NORM_EPSILON));
      updates.add(movingAverage(tf, movingMean, bn.batchMean()));
      updates.add(movingAverage(tf, movingVariance, bn.batchVariance()));
    } else {
      bn = tf.withName(name).nn.fusedBatchNorm(x, gamma, beta, movingMean, movingVariance,
          FusedBatchNorm.isTraining(false), FusedBatchNorm.epsilon(BATCH_NORM_EPSILON));
    }
    return tf.withName(name + "_relu").nn.relu(bn.y());
  }

  /** 2×2 max-pooling with stride 2. */
  static Operand<TFloat32> maxPool2(Ops tf, String name, Operand<TFloat32> x) {
    Operand<org.tensorflow.types.TInt32> window = tf.constant(new int[] {1, 2, 2, 1});
    return tf.withName(name).nn.maxPool(x, window, window, "VALID");
  }

  /** Reshapes to {@code [-1, features]}. */
  static Operand<TFloat32> flatten(Ops tf, String name, Operand<TFloat32> x, long features) {
    return tf.withName(name).reshape(x, tf.constant(new long[] {-1, features}));
  }

  /** {@code average ← momentum·average + (1−momentum)·batchValue}. */
  private static Op movingAverage(Ops tf, Variable<TFloat32> average, Operand<TFloat32> batchValue) {
    Operand<TFloat32> kept = tf.math.mul(average, tf.constant(BATCH_NORM_MOMENTUM));
    Operand<TFloat32> added = tf.math.mul(batchValue, tf.constant(1f - BATCH_NORM_MOMENTUM));
    return tf.assign(average, tf.math.add(kept, added));
  }
}
