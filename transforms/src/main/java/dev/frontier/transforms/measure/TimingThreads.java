package dev.frontier.transforms.measure;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.tensorflow.proto.ConfigProto;

/**
 * How many threads TensorFlow gives one op while Frontier times it: one, so that a latency ratio says what the
 * artifact's arithmetic costs on one core, whatever the machine's core count and load.
 *
 * <p>Why one: a small model at batch 1 runs each op in tens of microseconds, and with a multi-threaded pool the
 * hand-offs between threads cost as much as the arithmetic. Timed that way on 2 cores, the same full-integer
 * candidate of {@code mnist-conv-tf1-dotnet} came out anywhere in 0.51–0.75× float at batch 1 from run to run
 * (each run's 95 % interval ±0.03), so the front moved with machine noise; on one thread its ratio stayed
 * within 0.91–0.97× across runs. A multi-threaded latency also depends on the worker's core count, so two
 * runners (a laptop, a 16-slot TaskManager) would rank candidates differently. Mobile and IoT targets run
 * a request on one core, and servers scale by serving requests side by side.
 *
 * <p>How: TensorFlow sizes its process-wide intra-op pool once per process, from {@value #ENV} when set
 * (else the first session's config, else the core count); a session's own {@code ConfigProto} cannot change
 * it afterwards. So the {@code frontier} launcher and the test build set {@value #ENV}=1 before the JVM
 * starts (a cluster's workers need it in their environment, like {@code TF_ENABLE_ONEDNN_OPTS}), and every
 * other piece of TF work in the JVM runs on one intra-op thread as well: a sweep's parallelism comes from
 * Beam's worker threads, one TF call each. The timed sessions also run their ops in the calling thread
 * ({@link #SESSION_CONFIG}), so no inter-op hand-off is timed either.
 */
public final class TimingThreads {
  /** The environment variable TensorFlow sizes its intra-op pool from. */
  public static final String ENV = "TF_NUM_INTRAOP_THREADS";
  /** The intra-op threads latency is meant to be timed with. */
  public static final int TIMED = 1;
  /**
   * Config of a timed session: one intra-op thread (honoured only where the process-wide pool is not yet
   * sized, see above) and ops run in the thread that calls {@code Session.run} (a negative inter-op count).
   */
  public static final ConfigProto SESSION_CONFIG = ConfigProto.newBuilder()
      .setIntraOpParallelismThreads(TIMED)
      .setInterOpParallelismThreads(-1)
      .build();

  private TimingThreads() {}

  /**
   * The intra-op threads {@value #ENV} asks for: empty when unset, empty or 0 (TensorFlow then uses every
   * core).
   *
   * @throws IllegalArgumentException when it is set to something other than a whole number ≥ 0
   */
  public static OptionalInt configured(Map<String, String> environment) {
    String value = environment.get(ENV);
    if (value == null || value.isBlank()) {
      return OptionalInt.empty();
    }
    int threads;
    try {
      threads = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(ENV + " must be a whole number of threads (1 for Frontier's timing), got '"
          + value + "'", e);
    }
    if (threads < 0) {
      throw new IllegalArgumentException(ENV + " must be 0 or more (1 for Frontier's timing), got " + threads);
    }
    return threads == 0 ? OptionalInt.empty() : OptionalInt.of(threads);
  }

  /**
   * What to tell a user whose environment does not time on one thread, or empty when it does: the latency
   * columns then describe a multi-threaded pool, and the front may differ between runs and machines.
   */
  public static Optional<String> warning(Map<String, String> environment) {
    OptionalInt threads = configured(environment);
    if (threads.isPresent() && threads.getAsInt() == TIMED) {
      return Optional.empty();
    }
    String pool = threads.isPresent() ? threads.getAsInt() + " threads" : "every core";
    return Optional.of(ENV + " is " + (threads.isPresent() ? threads.getAsInt() : "not set")
        + ", so TensorFlow's intra-op pool has " + pool + ": latencies are timed multi-threaded, which on small"
        + " models varies from run to run and with the machine's core count, and can move the front. Set "
        + ENV + "=1 before the JVM starts (./frontier does) to time on one thread.");
  }
}
