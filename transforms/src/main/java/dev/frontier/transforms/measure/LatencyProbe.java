package dev.frontier.transforms.measure;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.frontier.transforms.measure.LatencyReport.BatchLatency;
import dev.frontier.transforms.model.PredictorIo;
import dev.frontier.transforms.model.SessionRunTime;
import dev.frontier.transforms.model.TensorNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.GraphDef;

/**
 * Latency of a candidate artifact, measured as docs/DESIGN.md, "How it measures", describes: the artifact
 * loaded in TF, warm, median over many runs, at batch 1 and a larger batch, interleaved with the float
 * baseline in the same JVM, reported in ms and as a ratio to float.
 *
 * <p>How: holding the {@link BenchmarkSlot} throughout (loading and closing included, since they are
 * CPU work too), import each GraphDef into its own Graph and Session; for each batch size build the
 * input tensor once ({@link LatencyInput}, fed through {@link PredictorIo#inputTensor}, so float and
 * tf.Example inputs are fed exactly as predictors feed them); run both graphs
 * {@link LatencyConfig#warmupRuns()} times, then in rounds run float and candidate once each, alternating
 * which goes first, timing each {@code Session.run} with {@link System#nanoTime}. Interleaving makes slow
 * drift (clock, cache, other processes) hit both alike, so the paired ratio is more trustworthy than either
 * median. The ratio is the median of the per-round ratios, with a 95 % interval ({@link MedianInterval});
 * rounds are added in chunks of {@link LatencyConfig#rounds()} until the interval is as narrow as
 * {@link LatencyConfig#targetRelativeWidth()} asks or {@link LatencyConfig#maxRounds()} is reached. Every
 * run's time is added to {@link SessionRunTime}.
 *
 * <p>The timed region is {@code Session.Runner.run()} alone: feeding the prepared tensor, running the
 * graph, producing the output tensor. Building the runner and closing the result are outside it. Sessions run
 * their ops in the timing thread on TensorFlow's intra-op pool, which should have one thread
 * ({@link TimingThreads}); a JVM whose pool has more logs a warning once.
 */
public final class LatencyProbe {
  private static final double NANOS_PER_MS = 1e6;
  private static final String CANDIDATE = "candidate";
  private static final String FLOAT = "float";
  private static final Logger LOG = LoggerFactory.getLogger(LatencyProbe.class);
  private static final AtomicBoolean THREADS_CHECKED = new AtomicBoolean();

  private LatencyProbe() {}

  /**
   * Latency of {@code candidateGraphDef} against {@code floatGraphDef}, interleaved. Both graphs must
   * take {@link LatencyInput#input()} and produce {@link LatencyInput#outputTensorName()}.
   *
   * @throws IllegalArgumentException when a graph does not parse or load, lacks the input or output
   *     node, or the rows do not fit the input
   */
  public static LatencyReport compare(byte[] candidateGraphDef, byte[] floatGraphDef, LatencyInput input,
      LatencyConfig config) {
    return compare(candidateGraphDef, floatGraphDef, input, config, RunObserver.NONE);
  }

  /**
   * Latency of one graph alone, for the float baseline's own row, over exactly {@link LatencyConfig#rounds()}
   * rounds. It is reported as both candidate and float, so its ratio is exactly 1 with the interval [1, 1]:
   * the baseline against itself, by definition, rather than against a second noisy measurement of it.
   */
  public static LatencyReport measureAlone(byte[] graphDef, LatencyInput input, LatencyConfig config) {
    return measureAlone(graphDef, input, config, RunObserver.NONE);
  }

  static LatencyReport compare(byte[] candidateGraphDef, byte[] floatGraphDef, LatencyInput input,
      LatencyConfig config, RunObserver observer) {
    warnUnlessOneThread();
    try (BenchmarkSlot.Held slot = BenchmarkSlot.acquire();
        LoadedGraph baseline = LoadedGraph.load(FLOAT, floatGraphDef, input, observer);
        LoadedGraph candidate = LoadedGraph.load(CANDIDATE, candidateGraphDef, input, observer)) {
      List<BatchLatency> batches = new ArrayList<>();
      for (int batchSize : config.batchSizes()) {
        int baselineRunsBefore = baseline.runCount;
        int candidateRunsBefore = candidate.runCount;
        long[] baselineNanos = new long[config.maxRounds()];
        long[] candidateNanos = new long[config.maxRounds()];
        int rounds = 0;
        MedianInterval ratio;
        try (Tensor in = input.tensor(batchSize)) {
          for (int i = 0; i < config.warmupRuns(); i++) {
            baseline.run(in, batchSize);
            candidate.run(in, batchSize);
          }
          do {
            for (int chunkEnd = rounds + config.rounds(); rounds < chunkEnd; rounds++) {
              if (rounds % 2 == 0) {
                baselineNanos[rounds] = baseline.run(in, batchSize);
                candidateNanos[rounds] = candidate.run(in, batchSize);
              } else {
                candidateNanos[rounds] = candidate.run(in, batchSize);
                baselineNanos[rounds] = baseline.run(in, batchSize);
              }
            }
            ratio = pairedRatio(candidateNanos, baselineNanos, rounds);
          } while (ratio.hi() / ratio.lo() - 1 > config.targetRelativeWidth()
              && rounds + config.rounds() <= config.maxRounds());
        }
        batches.add(new BatchLatency(batchSize, medianMs(Arrays.copyOf(candidateNanos, rounds)),
            medianMs(Arrays.copyOf(baselineNanos, rounds)), ratio.estimate(), ratio.lo(), ratio.hi(), rounds,
            candidate.runCount - candidateRunsBefore, baseline.runCount - baselineRunsBefore));
      }
      return new LatencyReport(batches);
    }
  }

  /**
   * The candidate/float ratio over the first {@code rounds} paired rounds: the median of the per-round ratios
   * and its 95 % interval, computed on their logarithms (so that 2× slower and 2× faster are symmetric).
   */
  static MedianInterval pairedRatio(long[] candidateNanos, long[] floatNanos, int rounds) {
    double[] logRatios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      logRatios[r] = Math.log((double) Math.max(1, candidateNanos[r]) / Math.max(1, floatNanos[r]));
    }
    MedianInterval log = MedianInterval.of(logRatios);
    return new MedianInterval(Math.exp(log.estimate()), Math.exp(log.lo()), Math.exp(log.hi()), rounds);
  }

  static LatencyReport measureAlone(byte[] graphDef, LatencyInput input, LatencyConfig config,
      RunObserver observer) {
    warnUnlessOneThread();
    try (BenchmarkSlot.Held slot = BenchmarkSlot.acquire();
        LoadedGraph graph = LoadedGraph.load(FLOAT, graphDef, input, observer)) {
      List<BatchLatency> batches = new ArrayList<>();
      for (int batchSize : config.batchSizes()) {
        int runsBefore = graph.runCount;
        long[] nanos = new long[config.rounds()];
        try (Tensor in = input.tensor(batchSize)) {
          for (int i = 0; i < config.warmupRuns(); i++) {
            graph.run(in, batchSize);
          }
          for (int r = 0; r < config.rounds(); r++) {
            nanos[r] = graph.run(in, batchSize);
          }
        }
        double ms = medianMs(nanos);
        int runs = graph.runCount - runsBefore;
        batches.add(new BatchLatency(batchSize, ms, ms, 1, 1, 1, config.rounds(), runs, runs));
      }
      return new LatencyReport(batches);
    }
  }

  /** Logs {@link TimingThreads#warning} once per JVM, on the worker that times (its environment is what counts). */
  private static void warnUnlessOneThread() {
    if (THREADS_CHECKED.compareAndSet(false, true)) {
      TimingThreads.warning(System.getenv()).ifPresent(LOG::warn);
    }
  }

  /** Median in ms; for an even count, the mean of the two middle samples. */
  static double medianMs(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + (double) sorted[mid]) / 2;
    return median / NANOS_PER_MS;
  }

  /** Test hook: told after every {@code Session.run}, in the measuring thread, with the slot held. */
  @FunctionalInterface
  interface RunObserver {
    RunObserver NONE = (graph, batchSize, nanos) -> { };

    void afterRun(String graph, int batchSize, long nanos);
  }

  /** One GraphDef in its own Graph and Session; closes the Session before the Graph. */
  private static final class LoadedGraph implements AutoCloseable {
    private final String label;
    private final Graph graph;
    private final Session session;
    private final String inputName;
    private final String outputName;
    private final RunObserver observer;
    private int runCount;

    private LoadedGraph(String label, Graph graph, LatencyInput input, RunObserver observer) {
      this.label = label;
      this.graph = graph;
      this.inputName = input.input().tensorName();
      this.outputName = input.outputTensorName();
      this.observer = observer;
      this.session = new Session(graph, TimingThreads.SESSION_CONFIG);
    }

    static LoadedGraph load(String label, byte[] graphDefBytes, LatencyInput input, RunObserver observer) {
      String what = "model '" + input.modelId() + "': " + label + " graph";
      GraphDef def;
      try {
        def = GraphDef.parseFrom(Objects.requireNonNull(graphDefBytes, what));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException(what + " is not a GraphDef: " + e.getMessage(), e);
      }
      Graph g = new Graph();
      try {
        g.importGraphDef(def);
      } catch (RuntimeException e) {
        g.close();
        throw new IllegalArgumentException(what + " does not load: " + e.getMessage(), e);
      }
      String inputNode = input.input().nodeName();
      String outputNode = TensorNames.nodeName(input.outputTensorName());
      for (String node : List.of(inputNode, outputNode)) {
        if (g.operation(node) == null) {
          g.close();
          throw new IllegalArgumentException(what + " has no node '" + node + "' (input " + inputNode
              + ", output " + outputNode + ")");
        }
      }
      return new LoadedGraph(label, g, input, observer);
    }

    /** One timed Session.run; returns its nanoseconds. */
    long run(Tensor input, int batchSize) {
      Session.Runner runner = session.runner().feed(inputName, input).fetch(outputName);
      long start = System.nanoTime();
      long elapsedNanos;
      try (Result result = runner.run()) {
        elapsedNanos = System.nanoTime() - start;
      }
      runCount++;
      SessionRunTime.add(elapsedNanos);
      observer.afterRun(label, batchSize, elapsedNanos);
      return elapsedNanos;
    }

    @Override
    public void close() {
      session.close();
      graph.close();
    }
  }
}
