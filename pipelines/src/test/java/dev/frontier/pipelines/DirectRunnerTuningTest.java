package dev.frontier.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

/** The DirectRunner-only settings of the sweep: bucket count and the relaxed element checks. */
class DirectRunnerTuningTest {
  private static PipelineOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).create();
  }

  @Test
  void directBucketsGiveSmallBundlesButAtLeastFourPerCore() {
    PipelineOptions direct = options("--runner=DirectRunner", "--targetParallelism=2");
    assertEquals(8, DirectRunnerTuning.candidateBuckets(direct, 20), "few candidates: 4 buckets per core");
    assertEquals(125, DirectRunnerTuning.candidateBuckets(direct, 1000), "1000 candidates in bundles of 8");
    assertEquals(126, DirectRunnerTuning.candidateBuckets(direct, 1001), "rounded up");
  }

  @Test
  void otherRunnersKeepOneRandomKeyPerCandidate() {
    PipelineOptions flink = options("--runner=FlinkRunner");
    assertNull(DirectRunnerTuning.candidateBuckets(flink, 1000));
  }

  @Test
  void checksAreRelaxedOnlyWhenTheUserDidNotNameThem() {
    List<String> none = List.of("--runner=DirectRunner");
    PipelineOptions relaxed = options(none.toArray(String[]::new));
    DirectRunnerTuning.relaxChecks(relaxed, none);
    assertFalse(relaxed.as(DirectOptions.class).isEnforceImmutability());
    assertFalse(relaxed.as(DirectOptions.class).isEnforceEncodability());

    List<String> named = List.of("--runner=DirectRunner", "--enforceImmutability=true");
    PipelineOptions kept = options(named.toArray(String[]::new));
    DirectRunnerTuning.relaxChecks(kept, named);
    assertTrue(kept.as(DirectOptions.class).isEnforceImmutability(), "named by the user: kept");
    assertFalse(kept.as(DirectOptions.class).isEnforceEncodability());
  }
}
