package dev.frontier.transforms.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.SharedFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PredictorCacheTest {
  static ModelIr a;
  static ModelIr b;

  @BeforeAll
  static void importTwoModels() {
    a = SavedModelImporter.importModel(ImportRequest.of("a", SharedFixtures.model("mnist-mlp-csdai0324")));
    b = SavedModelImporter.importModel(ImportRequest.of("b", SharedFixtures.model("mnist-mlp-hritikvalluvar")));
  }

  /** A bound that holds one of the two graphs but not both. */
  static PredictorCache oneGraphCache() {
    return new PredictorCache(Math.max(a.graphDefSizeBytes(), b.graphDefSizeBytes()) * 3 / 2);
  }

  @Test
  void theSameGraphIsLoadedOnceAndStaysUsable() {
    PredictorCache cache = oneGraphCache();
    IrPredictor first;
    try (PredictorCache.Lease lease = cache.lease(a, null)) {
      first = lease.predictor();
      assertEquals(10, first.predict(SharedFixtures.mnistHead(3).features(), java.util.List.of())[0].length);
    }
    try (PredictorCache.Lease lease = cache.lease(a, null)) {
      assertSame(first, lease.predictor());
    }
    assertEquals(1, cache.loads());
    assertFalse(first.isClosed());
  }

  @Test
  void beyondTheBoundTheLeastRecentlyUsedUnleasedGraphIsClosed() {
    PredictorCache cache = oneGraphCache();
    IrPredictor first;
    try (PredictorCache.Lease lease = cache.lease(a, null)) {
      first = lease.predictor();
    }
    try (PredictorCache.Lease lease = cache.lease(b, null)) {
      assertTrue(first.isClosed(), "a was evicted (Session and Graph closed) to make room for b");
      assertFalse(lease.predictor().isClosed());
    }
    assertEquals(1, cache.evictions());
    assertTrue(cache.sizeBytes() <= Math.max(a.graphDefSizeBytes(), b.graphDefSizeBytes()) * 3 / 2);
  }

  @Test
  void aLeasedGraphIsNeverClosedUnderItsUser() {
    PredictorCache cache = oneGraphCache();
    try (PredictorCache.Lease held = cache.lease(a, null)) {
      try (PredictorCache.Lease other = cache.lease(b, null)) {
        assertFalse(held.predictor().isClosed(), "over the bound, but both are in use");
        assertEquals(a.graphDefSizeBytes() + b.graphDefSizeBytes(), cache.sizeBytes());
      }
      assertFalse(held.predictor().isClosed());
      assertEquals(1, cache.evictions(), "b, released and least recently used, went");
    }
  }
}
