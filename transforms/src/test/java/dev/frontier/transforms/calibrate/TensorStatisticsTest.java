package dev.frontier.transforms.calibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.calibrate.TensorStatistics.Tail;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorStatisticsTest {

  /** Three shards whose magnitudes differ by orders, so merging must re-bucket ranges of 2^k. */
  private static List<float[]> shards() {
    Random r = new Random(7);
    float[] tiny = new float[20_000];
    float[] wide = new float[30_000];
    float[] mixed = new float[25_000];
    for (int i = 0; i < tiny.length; i++) {
      tiny[i] = (float) (r.nextGaussian() * 1e-3);
    }
    for (int i = 0; i < wide.length; i++) {
      wide[i] = i % 10 == 0 ? 0f : (float) (Math.abs(r.nextGaussian()) * 37);
    }
    for (int i = 0; i < mixed.length; i++) {
      mixed[i] = i % 1000 == 0 ? -613.25f : (float) (r.nextGaussian() * 2 - 0.5);
    }
    return List.of(tiny, wide, mixed);
  }

  private static TensorStatistics of(int bins, float[]... parts) {
    TensorStatistics s = TensorStatistics.empty(bins);
    for (float[] p : parts) {
      s.add(p);
    }
    return s;
  }

  @Test
  void mergedShardsEqualSinglePassBinByBinWhateverTheGrouping() {
    List<float[]> s = shards();
    TensorStatistics single = of(TensorStatistics.DEFAULT_BINS, concat(s));
    TensorStatistics a = of(TensorStatistics.DEFAULT_BINS, s.get(0));
    TensorStatistics b = of(TensorStatistics.DEFAULT_BINS, s.get(1));
    TensorStatistics c = of(TensorStatistics.DEFAULT_BINS, s.get(2));

    SameStatistics.assertSame(single, a.copy().merge(b).merge(c), "(a+b)+c");
    SameStatistics.assertSame(single, a.copy().merge(b.copy().merge(c)), "a+(b+c)");
    SameStatistics.assertSame(single, c.copy().merge(a).merge(b), "(c+a)+b");
    SameStatistics.assertSame(single, TensorStatistics.empty().merge(b).merge(TensorStatistics.empty()).merge(c).merge(a),
        "with empty accumulators");
    assertEquals(1024.0, single.rangeLimit(), "smallest power of two above 613.25");
    assertTrue(single.tailCount(Tail.NEGATIVE) > 10_000 && single.zeroCount() == 3_000, single.toString());
  }

  /** All shards as one array: a single pass bins every value in the final range directly. */
  private static float[] concat(List<float[]> parts) {
    float[] all = new float[parts.stream().mapToInt(p -> p.length).sum()];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  @Test
  void singlePassDoesNotDependOnValueOrder() {
    List<Float> values = new ArrayList<>();
    for (float[] shard : shards()) {
      for (float v : shard) {
        values.add(v);
      }
    }
    Collections.shuffle(values, new Random(3));
    TensorStatistics shuffled = TensorStatistics.empty();
    for (Float v : values) {
      shuffled.add(v);
    }
    List<float[]> s = shards();
    SameStatistics.assertSame(of(TensorStatistics.DEFAULT_BINS, concat(s)), shuffled, "shuffled, one value at a time");
  }

  @Test
  void rangeDoublesAndBinsMergeAsTheRangePolicySays() {
    TensorStatistics s = TensorStatistics.empty(4).add(0.75f);
    assertEquals(1.0, s.rangeLimit());
    assertArrayEquals(new long[] {0, 0, 0, 1}, s.binCounts(Tail.POSITIVE), "w = 0.25: 0.75 in [0.75, 1)");

    s.add(1.0f, 0.2f);
    assertEquals(2.0, s.rangeLimit(), "1.0 needs R > 1");
    assertArrayEquals(new long[] {1, 1, 1, 0}, s.binCounts(Tail.POSITIVE), "w = 0.5: 0.2, 0.75, 1.0");

    s.add(-3f, 0f, -0.0f);
    assertEquals(4.0, s.rangeLimit());
    assertArrayEquals(new long[] {2, 1, 0, 0}, s.binCounts(Tail.POSITIVE), "w = 1: 0.2, 0.75 | 1.0");
    assertArrayEquals(new long[] {0, 0, 0, 1}, s.binCounts(Tail.NEGATIVE), "-3 by magnitude");
    assertEquals(2, s.zeroCount());
    assertEquals(6, s.count());
    assertEquals(-3f, s.min());
    assertEquals(1f, s.max());
    assertEquals(1.0, s.binWidth());
    assertEquals(0.2f + 0.75f + 1f - 3f, s.sum(), 1e-6);
  }

  @Test
  void onlyZerosGiveNoHistogramRange() {
    TensorStatistics s = TensorStatistics.empty().add(0f, 0f);
    assertEquals(0.0, s.rangeLimit());
    assertEquals(2, s.zeroCount());
    assertEquals(0f, s.max());
    SameStatistics.assertSame(TensorStatistics.empty().add(0f, 0f, 5f), s.copy().merge(TensorStatistics.empty().add(5f))
        .merge(TensorStatistics.empty()), "zeros then 5");
  }

  @Test
  void rejectsNonFiniteValuesAndBadBinCounts() {
    TensorStatistics s = TensorStatistics.empty().add(1f);
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> s.add(2f, Float.NaN));
    assertTrue(nan.getMessage().contains("NaN") && nan.getMessage().contains("index 1"), nan.getMessage());
    assertEquals(1, s.count(), "nothing of the bad batch is added");
    assertThrows(IllegalArgumentException.class, () -> s.add(Float.POSITIVE_INFINITY));
    IllegalArgumentException bins = assertThrows(IllegalArgumentException.class, () -> TensorStatistics.empty(1000));
    assertTrue(bins.getMessage().contains("power of two"), bins.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.merge(TensorStatistics.empty(1024)));
  }

  @Test
  void mergeLeavesTheOtherUnchanged() {
    TensorStatistics big = TensorStatistics.empty(8).add(100f);
    TensorStatistics small = TensorStatistics.empty(8).add(0.5f, -0.25f);
    TensorStatistics before = small.copy();
    big.merge(small);
    SameStatistics.assertSame(before, small, "small after merge");
    assertEquals(3, big.count());
  }

  @Test
  void survivesJavaSerializationAsBeamAccumulatorsDo() throws Exception {
    List<float[]> s = shards();
    TensorStatistics stats = of(TensorStatistics.DEFAULT_BINS, s.get(0), s.get(2));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(stats);
    }
    TensorStatistics back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (TensorStatistics) in.readObject();
    }
    SameStatistics.assertSame(stats, back, "round trip");
    SameStatistics.assertSame(stats.copy().merge(of(TensorStatistics.DEFAULT_BINS, s.get(1))),
        back.merge(of(TensorStatistics.DEFAULT_BINS, s.get(1))), "merge after round trip");
  }
}
