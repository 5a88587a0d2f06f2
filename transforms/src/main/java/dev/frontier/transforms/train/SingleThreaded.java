package dev.frontier.transforms.train;

import org.tensorflow.proto.ConfigProto;

/**
 * Session configuration with one intra-op and one inter-op thread.
 *
 * <p>Why: with one thread TF runs ops in a fixed order and reduces in a fixed order, so training is bitwise
 * reproducible; parallelism comes from training several models at once (one per Beam worker thread).
 */
final class SingleThreaded {
  static final ConfigProto CONFIG = ConfigProto.newBuilder()
      .setIntraOpParallelismThreads(1)
      .setInterOpParallelismThreads(1)
      .build();

  private SingleThreaded() {}
}
