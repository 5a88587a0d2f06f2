package dev.frontier.transforms.measure;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The per-JVM benchmark slot: one fair lock that every latency measurement holds while it times, so no
 * two candidates are ever timed at the same time in one JVM. Concurrent work on a worker distorts
 * timings (DESIGN.md, "Measuring honestly"); Beam runs DoFns in several threads of one JVM, so without
 * the slot two latency probes would share the cores and each would report the other's load.
 *
 * <p>Fair: waiting measurements get the slot in arrival order, none starves. Reentrant: a thread that
 * holds the slot may acquire it again (each acquisition is released by closing its {@link Held}).
 * It orders measurements within one JVM only; other processes on the machine are not covered.
 *
 * <pre>{@code
 * try (BenchmarkSlot.Held slot = BenchmarkSlot.acquire()) {
 *   ... time Session.run ...
 * }
 * }</pre>
 */
public final class BenchmarkSlot {
  private static final ReentrantLock LOCK = new ReentrantLock(true);

  private BenchmarkSlot() {}

  /**
   * Waits for the slot and holds it until the returned handle is closed.
   *
   * @throws IllegalStateException when interrupted while waiting (the interrupt flag is kept)
   */
  public static Held acquire() {
    try {
      LOCK.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the benchmark slot", e);
    }
    return new Held();
  }

  /** The slot if it is free (or already held by this thread) right now; empty otherwise. No waiting. */
  public static Optional<Held> tryAcquire() {
    return LOCK.tryLock() ? Optional.of(new Held()) : Optional.empty();
  }

  /** Whether some thread holds the slot now. */
  public static boolean isHeld() {
    return LOCK.isLocked();
  }

  /** Whether the calling thread holds the slot. */
  public static boolean isHeldByCurrentThread() {
    return LOCK.isHeldByCurrentThread();
  }

  /** An estimate of how many threads wait for the slot. */
  public static int waitingThreads() {
    return LOCK.getQueueLength();
  }

  /** One acquisition of the slot; closing releases it (once; later closes do nothing). */
  public static final class Held implements AutoCloseable {
    private boolean released;

    private Held() {}

    @Override
    public void close() {
      if (!released) {
        released = true;
        LOCK.unlock();
      }
    }
  }
}
