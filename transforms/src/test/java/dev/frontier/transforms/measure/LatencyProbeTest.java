package dev.frontier.transforms.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.data.IdxReader;
import dev.frontier.transforms.measure.LatencyReport.BatchLatency;
import dev.frontier.transforms.model.ImportRequest;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.SavedModelImporter;
import dev.frontier.transforms.model.SessionRunTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The latency probe on real shared models. Asserts structure that could fail (medians positive and
 * finite, run counts, the slot held throughout and waited for, ratio 1 for a graph alone, more work at
 * batch 32 than at batch 1), never a speed target.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatencyProbeTest {
  private static final String MLP = "mnist-mlp-csdai0324";
  private static final String CONV = "mnist-conv-tf1-dotnet";
  private static final String IRIS = "iris-keras-tfx";
  private static final List<String> IRIS_FEATURES =
      List.of("sepal_length", "sepal_width", "petal_length", "petal_width");
  /** Three real Iris rows (iris.csv lines 2-4), one of each class. */
  private static final float[][] IRIS_ROWS = {{5.1f, 3.4f, 1.5f, 0.2f}, {7.7f, 3.0f, 6.1f, 2.3f},
      {5.7f, 2.8f, 4.5f, 1.3f}};
  private static final int MNIST_ROWS = 40;
  private static final float PIXEL_SCALE = 255f;
  private static final LatencyConfig SHORT = new LatencyConfig(2, 6, new int[] {1, 32});
  private static final long WAIT_SECONDS = 60;

  private ModelIr mlp;
  private ModelIr conv;
  private ModelIr iris;
  private float[][] mnistRows;
  private ExecutorService other;

  private static ModelIr importShared(String name) {
    return SavedModelImporter.importModel(ImportRequest.of(name, SharedFixtures.root().resolve("models").resolve(name)));
  }

  @BeforeAll
  void load() throws IOException {
    mlp = importShared(MLP);
    conv = importShared(CONV);
    iris = importShared(IRIS);
    Path mnist = SharedFixtures.root().resolve("data").resolve("mnist");
    Dataset test = IdxReader.read("mnist-test", mnist.resolve("t10k-images-idx3-ubyte.gz"),
        mnist.resolve("t10k-labels-idx1-ubyte.gz"));
    mnistRows = new float[MNIST_ROWS][];
    for (int i = 0; i < MNIST_ROWS; i++) {
      float[] r = test.features()[i].clone();
      for (int j = 0; j < r.length; j++) {
        r[j] /= PIXEL_SCALE;
      }
      mnistRows[i] = r;
    }
    other = Executors.newSingleThreadExecutor();
  }

  @AfterAll
  void stop() {
    other.shutdownNow();
  }

  private LatencyInput mnistInput(ModelIr ir) {
    return LatencyInput.of(ir, mnistRows, List.of());
  }

  /** Whether another thread could take the slot right now (it takes and releases it if so). */
  private boolean freeForAnotherThread() {
    try {
      return other.submit(() -> {
        Optional<BenchmarkSlot.Held> held = BenchmarkSlot.tryAcquire();
        held.ifPresent(BenchmarkSlot.Held::close);
        return held.isPresent();
      }).get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Each batch size ran the warm-up and whole chunks of rounds, no more than the cap, and stopped early only
   * with an interval as narrow as the target; the interval holds the ratio.
   */
  private static void assertRunCounts(LatencyReport report, LatencyConfig config) {
    assertEquals(config.batchSizes().length, report.batches().size());
    for (BatchLatency b : report.batches()) {
      String at = "batch " + b.batchSize() + ": " + b;
      assertTrue(b.rounds() >= config.rounds() && b.rounds() <= config.maxRounds(), at);
      assertEquals(0, b.rounds() % config.rounds(), "whole chunks of rounds; " + at);
      if (b.rounds() + config.rounds() <= config.maxRounds()) {
        assertTrue(b.ratioHi() / b.ratioLo() - 1 <= config.targetRelativeWidth(),
            "stopped early only when narrow; " + at);
      }
      assertTrue(b.ratioLo() <= b.ratio() && b.ratio() <= b.ratioHi(), at);
      assertEquals(config.warmupRuns() + b.rounds(), b.candidateRunCount(), "candidate runs; " + at);
      assertEquals(config.warmupRuns() + b.rounds(), b.floatRunCount(), "float runs; " + at);
    }
  }

  private static void assertPositiveFinite(LatencyReport report) {
    for (BatchLatency b : report.batches()) {
      assertTrue(b.candidateMedianMs() > 0 && Double.isFinite(b.candidateMedianMs()), b.toString());
      assertTrue(b.floatMedianMs() > 0 && Double.isFinite(b.floatMedianMs()), b.toString());
      assertTrue(b.ratio() > 0 && Double.isFinite(b.ratio()), b.toString());
    }
  }

  private static void print(String what, LatencyReport r) {
    System.out.printf("%s: candidate b1 %.4f ms, b32 %.4f ms; float b1 %.4f ms, b32 %.4f ms;"
        + " ratio b1 %.3f, b32 %.3f%n", what, r.candidateMsB1(), r.candidateMsB32(), r.floatMsB1(),
        r.floatMsB32(), r.ratioB1(), r.ratioB32());
  }

  @Test
  void mlpAgainstItselfWithDefaults() {
    byte[] graph = mlp.graphDefBytes();
    long runsBefore = SessionRunTime.runCount();
    long nanosBefore = SessionRunTime.totalNanos();
    AtomicInteger observed = new AtomicInteger();
    LatencyConfig config = LatencyConfig.defaults();
    LatencyReport report = LatencyProbe.compare(graph, graph, mnistInput(mlp), config,
        (g, batch, nanos) -> observed.incrementAndGet());
    print(MLP + " vs itself", report);
    assertPositiveFinite(report);
    assertRunCounts(report, config);
    int expectedRuns = report.batches().stream().mapToInt(b -> 2 * (config.warmupRuns() + b.rounds())).sum();
    assertEquals(expectedRuns, observed.get());
    // Other tests may run sessions concurrently and add too: at least ours are in.
    assertTrue(SessionRunTime.runCount() - runsBefore >= expectedRuns);
    assertTrue(SessionRunTime.totalNanos() - nanosBefore > 0);
  }

  @Test
  void convDoesMoreWorkAtBatch32ThanAtBatch1() {
    byte[] graph = conv.graphDefBytes();
    LatencyConfig config = LatencyConfig.defaults();
    LatencyReport report = LatencyProbe.compare(graph, graph, mnistInput(conv), config);
    print(CONV + " vs itself", report);
    assertPositiveFinite(report);
    assertRunCounts(report, config);
    assertTrue(report.candidateMsB32() > report.candidateMsB1(), report.toString());
    assertTrue(report.floatMsB32() > report.floatMsB1(), report.toString());
  }

  @Test
  void runsAlternateAndEveryRunHoldsTheSlot() {
    byte[] graph = mlp.graphDefBytes();
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    List<Boolean> freeForOthers = new ArrayList<>();
    LatencyProbe.compare(graph, graph, mnistInput(mlp), SHORT, (g, batch, nanos) -> {
      order.add(g + "@" + batch);
      assertTrue(BenchmarkSlot.isHeldByCurrentThread());
      freeForOthers.add(freeForAnotherThread());
    });
    assertEquals(List.of(), freeForOthers.stream().filter(b -> b).toList(), "slot free during a run");
    assertEquals(2 * 2 * (SHORT.warmupRuns() + SHORT.rounds()), freeForOthers.size());
    // Timed rounds at batch 1 follow the 2 x warm-up runs: float first in even rounds, candidate first in odd.
    int start = 2 * SHORT.warmupRuns();
    assertEquals(List.of("float@1", "candidate@1", "candidate@1", "float@1", "float@1", "candidate@1"),
        order.subList(start, start + 6));
    assertTrue(freeForAnotherThread(), "slot released after the probe");
  }

  @Test
  void waitsForTheSlotWhileAnotherMeasurementHoldsIt() throws Exception {
    byte[] graph = mlp.graphDefBytes();
    AtomicInteger runs = new AtomicInteger();
    ExecutorService prober = Executors.newSingleThreadExecutor();
    try {
      Future<LatencyReport> report;
      try (BenchmarkSlot.Held held = BenchmarkSlot.acquire()) {
        report = prober.submit(() -> LatencyProbe.measureAlone(graph, mnistInput(mlp), SHORT,
            (g, batch, nanos) -> runs.incrementAndGet()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (BenchmarkSlot.waitingThreads() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        assertEquals(1, BenchmarkSlot.waitingThreads(), "the probe should be queued for the slot");
        assertEquals(0, runs.get(), "no run while the slot is held elsewhere");
        assertFalse(report.isDone());
      }
      assertRunCounts(report.get(WAIT_SECONDS, TimeUnit.SECONDS), SHORT);
      assertEquals(2 * (SHORT.warmupRuns() + SHORT.rounds()), runs.get());
    } finally {
      prober.shutdownNow();
    }
  }

  @Test
  void aGraphAloneHasRatioExactlyOne() {
    LatencyReport report = LatencyProbe.measureAlone(mlp.graphDefBytes(), mnistInput(mlp), SHORT);
    assertPositiveFinite(report);
    assertRunCounts(report, SHORT);
    assertEquals(1.0, report.ratioB1());
    assertEquals(1.0, report.ratioB32());
  }

  @Test
  void stringInputsAreFedAsTfExamplesAndFewRowsAreRepeated() {
    byte[] graph = iris.graphDefBytes();
    LatencyInput input = LatencyInput.of(iris, IRIS_ROWS, IRIS_FEATURES);
    LatencyReport report = LatencyProbe.compare(graph, graph, input, SHORT);
    print(IRIS + " vs itself", report);
    assertPositiveFinite(report);
    assertRunCounts(report, SHORT);
  }

  @Test
  void unusableGraphsFailWithTheirRoleAndReleaseTheSlot() {
    byte[] good = mlp.graphDefBytes();
    LatencyInput input = mnistInput(mlp);
    IllegalArgumentException notGraph = assertThrows(IllegalArgumentException.class,
        () -> LatencyProbe.compare(new byte[] {1, 2, 3}, good, input, SHORT));
    assertTrue(notGraph.getMessage().contains("candidate graph"), notGraph.getMessage());
    IllegalArgumentException wrongGraph = assertThrows(IllegalArgumentException.class,
        () -> LatencyProbe.compare(good, iris.graphDefBytes(), input, SHORT));
    assertTrue(wrongGraph.getMessage().contains("float graph has no node"), wrongGraph.getMessage());
    IllegalArgumentException wrongRows = assertThrows(IllegalArgumentException.class,
        () -> LatencyProbe.measureAlone(good, LatencyInput.of(mlp, IRIS_ROWS, List.of()), SHORT));
    assertTrue(wrongRows.getMessage().contains(MLP), wrongRows.getMessage());
    assertTrue(freeForAnotherThread(), "slot released after failures");
  }

  @Test
  void configDefaultsAndValidation() {
    LatencyConfig d = LatencyConfig.defaults();
    assertEquals(new LatencyConfig(5, 30, 120, 0.10, new int[] {1, 32}), d);
    assertEquals(50, d.withRounds(50).rounds());
    assertEquals(50, d.withRounds(50).maxRounds(), "withRounds times exactly that many rounds");
    assertThrows(IllegalArgumentException.class, () -> new LatencyConfig(5, 30, 29, 0.1, new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new LatencyConfig(5, 30, 1001, 0.1, new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new LatencyConfig(5, 30, 60, 0, new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new LatencyConfig(-1, 30, new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new LatencyConfig(5, 0, new int[] {1}));
    assertThrows(IllegalArgumentException.class, () -> new LatencyConfig(5, 30, new int[] {}));
    assertThrows(IllegalArgumentException.class, () -> new LatencyConfig(5, 30, new int[] {1, 1}));
    assertThrows(IllegalArgumentException.class, () -> new LatencyConfig(5, 30, new int[] {0}));
    LatencyReport oneBatch = new LatencyReport(List.of(new BatchLatency(8, 2.0, 4.0, 0.5, 0.4, 0.6, 3, 3, 3)));
    assertEquals(0.5, oneBatch.at(8).ratio());
    assertThrows(IllegalArgumentException.class, oneBatch::ratioB1);
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertEquals(2.0, LatencyProbe.medianMs(new long[] {3_000_000, 1_000_000, 2_000_000}));
    assertEquals(2.5, LatencyProbe.medianMs(new long[] {4_000_000, 1_000_000, 2_000_000, 3_000_000}));
  }

  @Test
  void theSlotIsReentrantAndReleasedOnce() {
    try (BenchmarkSlot.Held outer = BenchmarkSlot.acquire()) {
      try (BenchmarkSlot.Held inner = BenchmarkSlot.acquire()) {
        inner.close();
        assertTrue(BenchmarkSlot.isHeldByCurrentThread(), "a second close must not release the outer hold");
        assertFalse(freeForAnotherThread());
      }
      assertTrue(BenchmarkSlot.isHeldByCurrentThread());
    }
    assertFalse(BenchmarkSlot.isHeldByCurrentThread());
    assertTrue(freeForAnotherThread());
  }
}
