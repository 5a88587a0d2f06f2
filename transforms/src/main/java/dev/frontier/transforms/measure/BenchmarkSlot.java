package dev.frontier.transforms.measure;

import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The per-JVM benchmark slot: while a candidate is timed, no other TensorFlow work of the job runs in this
 * JVM. Timing holds the slot exclusively ({@link #acquire()}); every other piece of TF work of a sweep
 * (import and the float baseline's evaluation, calibration, compression, evaluation, export) holds it
 * shared ({@link #shared()}), so any number of those run together, but a timing waits until they have
 * finished and they wait while it runs. Concurrent work on a worker distorts timings
 * (docs/DESIGN.md, "How it measures"): Beam runs DoFns in several threads of one JVM, and an evaluation
 * next to a timing shares the cores and the memory bandwidth with it.
 *
 * <p>Fair: threads get the slot in arrival order, so a waiting timing is not starved by a stream of new
 * evaluations (they queue behind it), and evaluations are not starved by timings. Reentrant in both modes;
 * a thread that holds the shared slot must release it before it asks for the exclusive one (a lock cannot
 * be upgraded; asking is an error, not a deadlock). It orders work within one JVM only: other processes
 * on the machine (another TaskManager on the same host included) are not covered.
 *
 * <pre>{@code
 * try (BenchmarkSlot.Held slot = BenchmarkSlot.acquire()) {   // exclusive: time Session.run
 *   ...
 * }
 * try (BenchmarkSlot.Held slot = BenchmarkSlot.shared()) {    // shared: any other TF work
 *   ...
 * }
 * }</pre>
 */
public final class BenchmarkSlot {
  private static final ReentrantReadWriteLock LOCK = new ReentrantReadWriteLock(true);

  private BenchmarkSlot() {}

  /**
   * Waits until no other thread holds the slot in any mode and holds it exclusively until the returned handle
   * is closed: for timing.
   *
   * @throws IllegalStateException when the calling thread holds the slot shared (it would wait for itself),
   *     or when interrupted while waiting (the interrupt flag is kept)
   */
  public static Held acquire() {
    if (LOCK.getReadHoldCount() > 0) {
      throw new IllegalStateException("this thread holds the benchmark slot shared; release it before timing");
    }
    return hold(LOCK.writeLock());
  }

  /**
   * Waits while a timing holds the slot (or waits for it) and holds it shared until the returned handle is
   * closed: for TF work that is not timing.
   *
   * @throws IllegalStateException when interrupted while waiting (the interrupt flag is kept)
   */
  public static Held shared() {
    return hold(LOCK.readLock());
  }

  /** The exclusive slot if it is free (or already held by this thread) right now; empty otherwise. No waiting. */
  public static Optional<Held> tryAcquire() {
    return LOCK.writeLock().tryLock() ? Optional.of(new Held(LOCK.writeLock())) : Optional.empty();
  }

  /** Whether some thread holds the slot exclusively (is timing) now. */
  public static boolean isHeld() {
    return LOCK.isWriteLocked();
  }

  /** Whether the calling thread holds the slot exclusively. */
  public static boolean isHeldByCurrentThread() {
    return LOCK.isWriteLockedByCurrentThread();
  }

  /** How many threads hold the slot shared now. */
  public static int sharedHolders() {
    return LOCK.getReadLockCount();
  }

  /** An estimate of how many threads wait for the slot, in either mode. */
  public static int waitingThreads() {
    return LOCK.getQueueLength();
  }

  private static Held hold(Lock lock) {
    try {
      lock.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the benchmark slot", e);
    }
    return new Held(lock);
  }

  /** One acquisition of the slot; closing releases it (once; later closes do nothing). */
  public static final class Held implements AutoCloseable {
    private final Lock lock;
    private boolean released;

    private Held(Lock lock) {
      this.lock = lock;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        lock.unlock();
      }
    }
  }
}
