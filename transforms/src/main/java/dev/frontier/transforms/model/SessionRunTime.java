package dev.frontier.transforms.model;

import java.util.concurrent.atomic.LongAdder;

/**
 * Time spent inside {@code Session.run}, summed over the whole JVM: code that runs a session adds the
 * nanoseconds of each call. Read against the job's wall time it gives the share of time spent in
 * TensorFlow itself, i.e. how much of a sweep is framework overhead. Counters only grow; read
 * differences. Thread-safe and cheap under contention ({@link LongAdder}).
 */
public final class SessionRunTime {
  private static final LongAdder NANOS = new LongAdder();
  private static final LongAdder RUNS = new LongAdder();

  private SessionRunTime() {}

  /** Records one {@code Session.run} call that took {@code nanos} nanoseconds. */
  public static void add(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("a Session.run cannot take negative time: " + nanos + " ns");
    }
    NANOS.add(nanos);
    RUNS.increment();
  }

  /** Nanoseconds recorded so far in this JVM. */
  public static long totalNanos() {
    return NANOS.sum();
  }

  /** {@code Session.run} calls recorded so far in this JVM. */
  public static long runCount() {
    return RUNS.sum();
  }
}
