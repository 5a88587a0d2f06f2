package dev.frontier.transforms.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Reading {@value TimingThreads#ENV} the way TensorFlow does (unset or 0: every core), the warning for anything
 * but one thread, and that the tests run TensorFlow as the {@code frontier} launcher does.
 */
class TimingThreadsTest {

  @Test
  void readsTheEnvironmentLikeTensorFlow() {
    assertEquals(OptionalInt.empty(), TimingThreads.configured(Map.of()));
    assertEquals(OptionalInt.empty(), TimingThreads.configured(Map.of(TimingThreads.ENV, "0")));
    assertEquals(OptionalInt.empty(), TimingThreads.configured(Map.of(TimingThreads.ENV, " ")));
    assertEquals(OptionalInt.of(1), TimingThreads.configured(Map.of(TimingThreads.ENV, "1")));
    assertEquals(OptionalInt.of(8), TimingThreads.configured(Map.of(TimingThreads.ENV, " 8 ")));
  }

  @Test
  void badValuesNameTheVariable() {
    for (String bad : new String[] {"one", "-2", "1.5"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> TimingThreads.configured(Map.of(TimingThreads.ENV, bad)));
      assertTrue(e.getMessage().contains(TimingThreads.ENV) && e.getMessage().contains(bad), e.getMessage());
    }
  }

  @Test
  void warnsUnlessOneThread() {
    assertTrue(TimingThreads.warning(Map.of(TimingThreads.ENV, "1")).isEmpty());
    String unset = TimingThreads.warning(Map.of()).orElseThrow();
    assertTrue(unset.contains("not set") && unset.contains("every core"), unset);
    String four = TimingThreads.warning(Map.of(TimingThreads.ENV, "4")).orElseThrow();
    assertTrue(four.contains("4 threads") && four.contains(TimingThreads.ENV + "=1"), four);
  }

  @Test
  void testsTimeOnOneThreadAsTheLauncherDoes() {
    assertEquals(OptionalInt.of(TimingThreads.TIMED), TimingThreads.configured(System.getenv()),
        "the test JVM must get " + TimingThreads.ENV + "=1 from the build, as ./frontier sets it");
  }
}
