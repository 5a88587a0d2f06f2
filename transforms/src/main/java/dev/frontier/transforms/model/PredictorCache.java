package dev.frontier.transforms.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Loaded IR graphs (a Graph and its Session, as {@link IrPredictor}s) shared by every thread of a JVM, so
 * a graph used by several stages or candidates on one worker is imported once. Bounded by the serialized
 * size of the graphs it holds; the least recently used unleased entries are closed (Session before Graph)
 * when the bound is passed. Entries are leased: one in use is never closed under its user, it is closed
 * when the last lease ends if it was evicted meanwhile.
 *
 * <p>Keyed by the IR's model id and content, so two IRs with equal graphs share one session.
 */
public final class PredictorCache {
  /**
   * Default bound: 64 MiB of serialized graphs. Loaded sessions take a few times their graph in native
   * memory, so this keeps a worker's footprint flat. Meant for graphs used more than once (the float
   * baselines); a graph run once is better loaded outside it.
   */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;
  private static final PredictorCache SHARED =
      new PredictorCache(Long.getLong("frontier.predictorCacheBytes", DEFAULT_MAX_BYTES));

  private final long maxBytes;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;
  private long loads;
  private long evictions;

  public PredictorCache(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("cache bound must be positive, got " + maxBytes + " bytes");
    }
    this.maxBytes = maxBytes;
  }

  /** The JVM-wide cache (bound from system property {@code frontier.predictorCacheBytes}). */
  public static PredictorCache shared() {
    return SHARED;
  }

  /**
   * A lease on the predictor of {@code ir} reading output {@code outputKey} (null: the primary output),
   * loading it on a miss; close the lease when done.
   */
  public Lease lease(ModelIr ir, String outputKey) {
    String key = ir.modelId() + "@" + ir.contentSha256() + "/" + outputKey;
    Entry e;
    synchronized (this) {
      e = entries.get(key);
      if (e == null) {
        e = new Entry(key, new IrPredictor(ir, outputKey), ir.graphDefSizeBytes());
        entries.put(key, e);
        bytes += e.sizeBytes;
        loads++;
      }
      e.leases++;
      evictBeyondBound();
    }
    return new Lease(this, e);
  }

  /**
   * Closes the predictor of {@code ir} and {@code outputKey} now, if it is loaded and not leased: for a graph its
   * user knows it will not run again, so it need not wait for eviction.
   */
  public synchronized void discard(ModelIr ir, String outputKey) {
    String key = ir.modelId() + "@" + ir.contentSha256() + "/" + outputKey;
    Entry e = entries.get(key);
    if (e != null && e.leases == 0) {
      entries.remove(key);
      bytes -= e.sizeBytes;
      e.predictor.close();
    }
  }

  /** Graph imports this cache has done (misses). */
  public synchronized long loads() {
    return loads;
  }

  /** Entries closed to stay within the bound. */
  public synchronized long evictions() {
    return evictions;
  }

  /** Serialized bytes of the graphs held now. */
  public synchronized long sizeBytes() {
    return bytes;
  }

  private void evictBeyondBound() {
    var it = entries.values().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Entry e = it.next();
      if (e.leases == 0) {
        it.remove();
        bytes -= e.sizeBytes;
        evictions++;
        e.predictor.close();
      }
    }
  }

  private synchronized void release(Entry e) {
    e.leases--;
    evictBeyondBound();
  }

  private static final class Entry {
    final String key;
    final IrPredictor predictor;
    final long sizeBytes;
    int leases;

    Entry(String key, IrPredictor predictor, long sizeBytes) {
      this.key = key;
      this.predictor = predictor;
      this.sizeBytes = sizeBytes;
    }
  }

  /** Use of one cached predictor; closing it returns the predictor to the cache (it stays loaded). */
  public static final class Lease implements AutoCloseable {
    private final PredictorCache cache;
    private final Entry entry;
    private boolean closed;

    private Lease(PredictorCache cache, Entry entry) {
      this.cache = Objects.requireNonNull(cache);
      this.entry = entry;
    }

    public IrPredictor predictor() {
      return entry.predictor;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        cache.release(entry);
      }
    }
  }
}
