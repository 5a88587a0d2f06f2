package dev.frontier.transforms.train;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.ThreadPoolOptionProto;

/**
 * Session configuration with one intra-op thread and a private one-thread inter-op pool.
 *
 * <p>Why: with one thread TF runs ops in a fixed order and reduces in a fixed order, so training is bitwise
 * reproducible; parallelism comes from training several models at once (one per Beam worker thread). The
 * pool must be the session's own: by default every session of a JVM shares the inter-op pool created by
 * the first session, so with one thread concurrent sessions ran one op at a time between them (measured:
 * an MLP epoch took 41 s beside a CNN instead of 1.5 s alone).
 */
final class SingleThreaded {
  static final ConfigProto CONFIG = ConfigProto.newBuilder()
      .setIntraOpParallelismThreads(1)
      .setInterOpParallelismThreads(1)
      .addSessionInterOpThreadPool(ThreadPoolOptionProto.newBuilder().setNumThreads(1))
      .build();

  private SingleThreaded() {}
}
