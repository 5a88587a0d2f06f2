package dev.frontier.pipelines;

import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * What the sweep changes when it runs on the DirectRunner, and why. Other runners are left as they are.
 *
 * <ul>
 *   <li>Bundles: the DirectRunner turns every key of a GroupByKey into its own bundle, and sets up each
 *       ParDo anew per bundle (it re-translates the DoFn, side inputs and coders every time). A Reshuffle
 *       by random key therefore costs that set-up per candidate in every downstream stage. Keying the
 *       candidates into {@link #candidateBuckets} buckets instead gives bundles of about
 *       {@link #CANDIDATES_PER_BUNDLE} candidates, still enough of them to keep every core busy. Flink
 *       translates a Reshuffle into a rebalance that ignores keys, and Spark and Dataflow spread random
 *       keys well, so they keep one random key per element.
 *   <li>Checks: by default the DirectRunner encodes every element before and after each DoFn to prove it
 *       was not mutated and can be encoded. The sweep's elements carry whole model graphs, so those checks
 *       cost more than the work. The sweep command turns them off unless the user names them; the tests
 *       build the pipeline themselves and keep them on.
 * </ul>
 */
public final class DirectRunnerTuning {
  /** Candidates per DirectRunner bundle in the measuring stages. */
  static final int CANDIDATES_PER_BUNDLE = 8;
  /** Buckets per core at least, so a few slow candidates do not leave cores idle at the end. */
  private static final int MIN_BUCKETS_PER_CORE = 4;

  private DirectRunnerTuning() {}

  /** Whether {@code options} run on the DirectRunner. */
  static boolean isDirect(PipelineOptions options) {
    return DirectRunner.class.equals(options.getRunner());
  }

  /**
   * The number of random-key buckets to spread {@code candidates} over, or null (one random key per
   * candidate) for runners other than the DirectRunner.
   */
  static Integer candidateBuckets(PipelineOptions options, long candidates) {
    if (!isDirect(options)) {
      return null;
    }
    int cores = options.as(DirectOptions.class).getTargetParallelism();
    long byBundleSize = (candidates + CANDIDATES_PER_BUNDLE - 1) / CANDIDATES_PER_BUNDLE;
    return (int) Math.max(MIN_BUCKETS_PER_CORE * (long) cores, byBundleSize);
  }

  /**
   * Turns off the DirectRunner's immutability and encodability checks unless {@code beamArgs} set them.
   * Does nothing for other runners.
   */
  public static void relaxChecks(PipelineOptions options, List<String> beamArgs) {
    if (!isDirect(options)) {
      return;
    }
    DirectOptions direct = options.as(DirectOptions.class);
    if (!named(beamArgs, "--enforceImmutability")) {
      direct.setEnforceImmutability(false);
    }
    if (!named(beamArgs, "--enforceEncodability")) {
      direct.setEnforceEncodability(false);
    }
  }

  private static boolean named(List<String> args, String flag) {
    return args.stream().anyMatch(a -> a.equals(flag) || a.startsWith(flag + "="));
  }
}
