package dev.frontier.transforms.pareto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Which running candidates lead (evaluated on every row) and which follow another one (settled). */
class LeadersTest {
  private static Standing standing(String id, long gzip, int rightOf100) {
    BitSet right = new BitSet();
    right.set(0, rightOf100);
    return new Standing(id, gzip, 0.0, 1.0, false, right, 100, null);
  }

  @Test
  void aCandidateFollowsTheMostAccurateOfThoseNoLargerAndNoWorse() {
    Standing small = standing("a", 100, 90);
    Standing mid = standing("b", 200, 95);
    Standing largeWorse = standing("c", 300, 80);
    Standing largeBetter = standing("d", 400, 99);
    Map<String, String> followers = Leaders.followers(List.of(small, mid, largeWorse, largeBetter));
    assertEquals(Map.of("c", "b"), followers, "c could follow a or b; b is right more often. a, b, d lead:"
        + " none smaller is as accurate");
  }

  @Test
  void onAFullTieTheSmallerIdLeads() {
    Map<String, String> followers = Leaders.followers(List.of(standing("y", 100, 90), standing("x", 100, 90)));
    assertEquals(Map.of("y", "x"), followers);
  }

  @Test
  void everyFollowerFollowsALeaderThroughTheRelationWhichIsTransitive() {
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 200; trial++) {
      List<Standing> running = new ArrayList<>();
      for (int c = 0; c < 2 + random.nextInt(30); c++) {
        running.add(standing(String.format("c%02d", c), 100 + random.nextInt(5), random.nextInt(100)));
      }
      Map<String, String> followers = Leaders.followers(running);
      for (Standing b : running) {
        boolean couldFollow = running.stream().anyMatch(a -> a != b && Leaders.follows(b, a));
        assertEquals(couldFollow, followers.containsKey(b.id()), "trial " + trial + " " + b.id());
      }
      for (Standing b : running) {
        String led = followers.get(b.id());
        if (led != null) {
          Standing a = running.stream().filter(s -> s.id().equals(led)).findFirst().orElseThrow();
          assertTrue(Leaders.follows(b, a));
          boolean someLeaderAhead = running.stream()
              .anyMatch(l -> !followers.containsKey(l.id()) && Leaders.follows(b, l));
          assertTrue(someLeaderAhead, "trial " + trial + ": " + b.id() + " has a leader to be settled against");
        }
      }
    }
  }
}
