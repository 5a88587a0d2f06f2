package dev.frontier.transforms.train;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The network families the demo catalogue trainer can build, each named as in configs and model ids.
 *
 * <p>Why a closed set: every family has an exporter path and an input layout that the rest of Frontier
 * (import, compression, evaluation) is tested against; a new family is one constant plus one builder in
 * {@link Network}.
 */
public enum ArchitectureKind {
  /** Two dense ReLU layers of {@code width} units, then dense logits. Input {@code [-1, 784]}. */
  MLP("mlp", false),
  /**
   * Two 3×3 convolutions ({@code width}, {@code 2·width} channels), each with BatchNorm, ReLU and 2×2
   * max-pooling, then a dense ReLU layer and dense logits. Input {@code [-1, 28, 28, 1]}.
   */
  CNN_BN("cnn-bn", true),
  /**
   * A 3×3 convolution ({@code width} channels) followed by a depthwise-separable block (3×3 depthwise,
   * 1×1 pointwise to {@code 2·width}), BatchNorm after every convolution, ReLU, 2×2 max-pooling, then a
   * dense ReLU layer and dense logits. Input {@code [-1, 28, 28, 1]}.
   */
  DWSEP_CNN_BN("dwsep-cnn-bn", true);

  private final String configName;
  private final boolean convolutional;

  ArchitectureKind(String configName, boolean convolutional) {
    this.configName = configName;
    this.convolutional = convolutional;
  }

  /** The name used in ids and configs, e.g. {@code cnn-bn}. */
  public String configName() {
    return configName;
  }

  /** True when the model takes images as {@code [-1, 28, 28, 1]} rather than flat rows {@code [-1, 784]}. */
  public boolean isConvolutional() {
    return convolutional;
  }

  /** Parses a config name ({@code mlp}, {@code cnn-bn}, {@code dwsep-cnn-bn}). */
  public static ArchitectureKind fromConfigName(String name) {
    for (ArchitectureKind kind : values()) {
      if (kind.configName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown architecture kind '" + name + "'; known: "
        + Arrays.stream(values()).map(ArchitectureKind::configName).collect(Collectors.joining(", ")));
  }
}
