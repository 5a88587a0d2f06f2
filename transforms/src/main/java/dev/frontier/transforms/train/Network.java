package dev.frontier.transforms.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The forward pass of each {@link ArchitectureKind}, from scaled pixels to logits, built over a
 * {@link SharedVariables} so training, staging and export build the very same network.
 */
final class Network {
  static final int IMAGE_SIDE_PIXELS = 28;
  static final int PIXELS = IMAGE_SIDE_PIXELS * IMAGE_SIDE_PIXELS;
  static final int CLASSES = 10;
  /** Hidden units of the dense layer between the convolutional features and the logits. */
  static final int CNN_DENSE_UNITS = 128;
  private static final int KERNEL_SIDE = 3;
  /** Spatial side after the two 2×2 poolings. */
  private static final int POOLED_SIDE = IMAGE_SIDE_PIXELS / 4;

  /** Logits plus, in training mode, the BatchNorm moving-average updates to run with each step. */
  static final class Output {
    final Operand<TFloat32> logits;
    final List<Op> statisticUpdates;

    Output(Operand<TFloat32> logits, List<Op> statisticUpdates) {
      this.logits = logits;
      this.statisticUpdates = List.copyOf(statisticUpdates);
    }
  }

  private Network() {}

  /** The model input's shape: {@code [-1, 784]} for MLPs, {@code [-1, 28, 28, 1]} for CNNs. */
  static Shape inputShape(ArchitectureKind kind) {
    return kind.isConvolutional()
        ? Shape.of(-1, IMAGE_SIDE_PIXELS, IMAGE_SIDE_PIXELS, 1)
        : Shape.of(-1, PIXELS);
  }

  static Output build(Ops tf, ArchitectureSpec spec, Operand<TFloat32> input, SharedVariables p,
      Layers.BatchNormMode mode) {
    List<Op> updates = new ArrayList<>();
    Operand<TFloat32> logits;
    switch (spec.kind()) {
      case MLP:
        logits = mlp(tf, spec.width(), input, p);
        break;
      case CNN_BN:
        logits = cnn(tf, spec.width(), input, p, mode, updates);
        break;
      case DWSEP_CNN_BN:
        logits = separableCnn(tf, spec.width(), input, p, mode, updates);
        break;
      default:
        throw new IllegalArgumentException("no network for " + spec.kind());
    }
    return new Output(logits, updates);
  }

  private static Operand<TFloat32> mlp(Ops tf, int width, Operand<TFloat32> x, SharedVariables p) {
    Operand<TFloat32> h1 = Layers.dense(tf, p, "dense1", x, PIXELS, width, true, SharedVariables.Init.HE_NORMAL);
    Operand<TFloat32> h2 = Layers.dense(tf, p, "dense2", h1, width, width, true, SharedVariables.Init.HE_NORMAL);
    return Layers.dense(tf, p, "logits", h2, width, CLASSES, false, SharedVariables.Init.GLOROT_UNIFORM);
  }

  private static Operand<TFloat32> cnn(Ops tf, int width, Operand<TFloat32> x, SharedVariables p,
      Layers.BatchNormMode mode, List<Op> updates) {
    Operand<TFloat32> c1 = Layers.conv(tf, p, "conv1", x, KERNEL_SIDE, 1, width);
    Operand<TFloat32> a1 = Layers.maxPool2(tf, "pool1", Layers.batchNormRelu(tf, p, "bn1", c1, width, mode, updates));
    Operand<TFloat32> c2 = Layers.conv(tf, p, "conv2", a1, KERNEL_SIDE, width, 2L * width);
    Operand<TFloat32> a2 = Layers.maxPool2(tf, "pool2",
        Layers.batchNormRelu(tf, p, "bn2", c2, 2L * width, mode, updates));
    return head(tf, p, a2, 2L * width);
  }

  private static Operand<TFloat32> separableCnn(Ops tf, int width, Operand<TFloat32> x, SharedVariables p,
      Layers.BatchNormMode mode, List<Op> updates) {
    Operand<TFloat32> c1 = Layers.conv(tf, p, "conv1", x, KERNEL_SIDE, 1, width);
    Operand<TFloat32> a1 = Layers.maxPool2(tf, "pool1", Layers.batchNormRelu(tf, p, "bn1", c1, width, mode, updates));
    Operand<TFloat32> d2 = Layers.depthwise(tf, p, "dwconv2", a1, KERNEL_SIDE, width);
    Operand<TFloat32> a2 = Layers.batchNormRelu(tf, p, "bn2", d2, width, mode, updates);
    Operand<TFloat32> c3 = Layers.conv(tf, p, "pwconv3", a2, 1, width, 2L * width);
    Operand<TFloat32> a3 = Layers.maxPool2(tf, "pool3",
        Layers.batchNormRelu(tf, p, "bn3", c3, 2L * width, mode, updates));
    return head(tf, p, a3, 2L * width);
  }

  /** Flatten, dense ReLU, dense logits. */
  private static Operand<TFloat32> head(Ops tf, SharedVariables p, Operand<TFloat32> features, long channels) {
    long flat = (long) POOLED_SIDE * POOLED_SIDE * channels;
    Operand<TFloat32> f = Layers.flatten(tf, "flatten", features, flat);
    Operand<TFloat32> h = Layers.dense(tf, p, "dense1", f, flat, CNN_DENSE_UNITS, true, SharedVariables.Init.HE_NORMAL);
    return Layers.dense(tf, p, "logits", h, CNN_DENSE_UNITS, CLASSES, false, SharedVariables.Init.GLOROT_UNIFORM);
  }
}
