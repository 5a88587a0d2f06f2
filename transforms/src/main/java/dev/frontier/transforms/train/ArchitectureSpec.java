package dev.frontier.transforms.train;

import java.io.Serializable;
import java.util.Objects;

/**
 * What to train: the network family and size, and the training hyper-parameters, for one catalogue model.
 *
 * <p>Immutable and {@link Serializable} so it can travel as a pipeline element. The same spec (including
 * its {@link #seed()}) always yields bitwise the same weights: initializers and shuffling are seeded from
 * it and training runs single-threaded (see {@link ModelTrainer}).
 *
 * <p>{@link #width()} means hidden units per dense layer for {@link ArchitectureKind#MLP} and base
 * convolution channels for the CNN kinds (see {@link ArchitectureKind} for the layer lists).
 */
public final class ArchitectureSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String id;
  private final ArchitectureKind kind;
  private final int width;
  private final int epochs;
  private final int batchSize;
  private final float learningRate;
  private final long seed;

  private ArchitectureSpec(String id, ArchitectureKind kind, int width, int epochs, int batchSize,
      float learningRate, long seed) {
    this.id = Objects.requireNonNull(id, "id");
    this.kind = Objects.requireNonNull(kind, "kind");
    if (id.isBlank() || id.contains("/") || id.contains("\\")) {
      throw new IllegalArgumentException("model id must be a non-blank folder name, got '" + id + "'");
    }
    requirePositive("width", width);
    requirePositive("epochs", epochs);
    requirePositive("batchSize", batchSize);
    if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException(id + ": learningRate must be a positive number, got " + learningRate);
    }
    this.width = width;
    this.epochs = epochs;
    this.batchSize = batchSize;
    this.learningRate = learningRate;
    this.seed = seed;
  }

  /** A spec with every field given; throws {@link IllegalArgumentException} on a bad value. */
  public static ArchitectureSpec of(String id, ArchitectureKind kind, int width, int epochs, int batchSize,
      float learningRate, long seed) {
    return new ArchitectureSpec(id, kind, width, epochs, batchSize, learningRate, seed);
  }

  public String id() { return id; }

  public ArchitectureKind kind() { return kind; }

  /** Hidden units per dense layer (MLP) or base convolution channels (CNNs). */
  public int width() { return width; }

  /** Full passes over the training data. */
  public int epochs() { return epochs; }

  /** Rows per training step; a final partial batch of an epoch is dropped. */
  public int batchSize() { return batchSize; }

  /** Adam learning rate. */
  public float learningRate() { return learningRate; }

  /** Seeds the weight initializers and the per-epoch shuffle. */
  public long seed() { return seed; }

  /** This spec with a different number of epochs. */
  public ArchitectureSpec withEpochs(int newEpochs) {
    return new ArchitectureSpec(id, kind, width, newEpochs, batchSize, learningRate, seed);
  }

  /** This spec with a different seed. */
  public ArchitectureSpec withSeed(long newSeed) {
    return new ArchitectureSpec(id, kind, width, epochs, batchSize, learningRate, newSeed);
  }

  /** This spec under a different id (e.g. for a second seed of the same architecture). */
  public ArchitectureSpec withId(String newId) {
    return new ArchitectureSpec(newId, kind, width, epochs, batchSize, learningRate, seed);
  }

  private static void requirePositive(String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ArchitectureSpec)) {
      return false;
    }
    ArchitectureSpec s = (ArchitectureSpec) o;
    return id.equals(s.id) && kind == s.kind && width == s.width && epochs == s.epochs
        && batchSize == s.batchSize && Float.compare(learningRate, s.learningRate) == 0 && seed == s.seed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, kind, width, epochs, batchSize, learningRate, seed);
  }

  @Override
  public String toString() {
    return id + "{" + kind.configName() + ", width " + width + ", " + epochs + " epochs, batch " + batchSize
        + ", lr " + learningRate + ", seed " + seed + "}";
  }
}
