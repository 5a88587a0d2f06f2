package dev.frontier.transforms.compress;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.model.ModelIr;
import java.util.List;
import java.util.Random;

/**
 * Run in a child JVM by {@link IsaExactnessTest} with {@code ONEDNN_MAX_CPU_ISA} set: builds the integer
 * artifact of {@link Int8TestGraphs#convChain} with 7-bit and with 8-bit activations where a layer's input comes
 * from float (handed-on levels are 8-bit with ±63 weights in both) and prints, per bit width, how many integer
 * results differ from {@link IntegerReference}, as {@code bits=<b> wrong=<n>
 * of=<total>}: the accumulators of layers whose output is dequantized, and the levels a layer hands to the next
 * one (its exact accumulators rounded to the next layer's grid; values within float round-off of a rounding tie
 * are not counted).
 */
final class IsaExactnessCheck {
  private IsaExactnessCheck() {}

  public static void main(String[] args) {
    Random random = new Random(17);
    ModelIr chain = Int8TestGraphs.convChain("chain", random);
    float[][] rows = Int8TestGraphs.rows(random, 64, 8 * 8 * 3, -1f, 1.5f);
    ActivationRanges ranges = Int8TestSupport.minMaxRanges(chain, rows);
    for (int bits : new int[] {FullInt8Kernels.ACTIVATION_BITS, ActivationGrid.MAX_BITS}) {
      Int8Plan plan = Int8Plan.of(chain, ranges, Granularity.PER_CHANNEL, bits, List.of());
      ModelIr kernels = FullInt8Kernels.build(chain, plan).ir();
      ModelIr simulated = FullInt8Simulated.simulate(chain, plan);
      Int8Handoffs handoffs = Int8Handoffs.of(chain, plan);
      long wrong = 0;
      long total = 0;
      for (Int8Layer l : plan.integerLayers()) {
        float[] x = Int8TestSupport.fetch(simulated, rows, List.of(l.node().getInput(0) + ":0")).values().iterator().next();
        long[] expected = IntegerReference.accumulators(l, x, rows.length);
        Int8Handoffs.Handoff h = handoffs.byFrom().get(l.name());
        if (h == null) {
          String accumulator = l.bias() == null ? l.name() + "/int8/accumulator:0" : l.name() + ":0";
          float[] actual = Int8TestSupport.fetch(kernels, rows, List.of(accumulator)).get(accumulator);
          for (int i = 0; i < expected.length; i++) {
            wrong += (float) expected[i] != actual[i] ? 1 : 0;
          }
        } else {
          // convChain's handoffs pass through reshapes only: the levels are the accumulators, rounded, in order
          float[] levels = Int8TestSupport.fetchLevels(kernels, rows, h.to().name() + "/int8/levels");
          for (int i = 0; i < expected.length; i++) {
            long level = IntegerReference.handedOnLevel(h, expected[i], i);
            wrong += level != IntegerReference.NEAR_TIE && level != (long) levels[i] ? 1 : 0;
          }
        }
        total += expected.length;
      }
      System.out.println("bits=" + bits + " wrong=" + wrong + " of=" + total);
    }
  }
}
