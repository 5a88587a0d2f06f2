package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.model.ModelIr;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Methods are found by name; unknown names and parameters fail with messages naming what is known. */
class CompressionRegistryTest {
  private final ModelIr mlp = TestGraphs.randomMlp("mlp", new Random(7), 12, 6, 3);

  @Test
  void everyMethodIsRegisteredUnderItsName() {
    assertEquals(Set.of("float", "fp16", "int8-weight", "int4-weight", "int8", "magnitude", "channels",
        "n-of-m"),
        CompressionRegistry.names());
    for (String name : CompressionRegistry.names()) {
      assertEquals(name, CompressionRegistry.get(name).name());
    }
    assertEquals(CompressionMethod.Kind.PRUNING, CompressionRegistry.get("magnitude").kind());
    assertEquals(CompressionMethod.Kind.PRUNING, CompressionRegistry.get("channels").kind());
    assertEquals(CompressionMethod.Kind.PRUNING, CompressionRegistry.get("n-of-m").kind());
    assertEquals(CompressionMethod.Kind.QUANTIZATION, CompressionRegistry.get("int4-weight").kind());
  }

  @Test
  void unknownNameListsTheKnownNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompressionRegistry.get("int3"));
    assertEquals("unknown compression method 'int3'; known methods are [float, fp16, int8-weight, int4-weight, int8, magnitude, channels, n-of-m]",
        e.getMessage());
  }

  @Test
  void unknownParameterIsRejectedByTheMethod() {
    MethodParameters granularity = MethodParameters.builder().granularity(Granularity.PER_TENSOR).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CompressionRegistry.get("int4-weight").apply(mlp, granularity));
    assertTrue(e.getMessage().startsWith("int4-weight: unknown parameter 'granularity'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ConfiguredMethod.of("float", granularity));
    assertTrue(e.getMessage().startsWith("float: unknown parameter 'granularity'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ConfiguredMethod.of("magnitude", MethodParameters.builder().groupSize(8).build()));
    assertEquals("magnitude: unknown parameter 'groupSize'; it accepts [sparsity, scope, skipLayers]", e.getMessage());
  }

  @Test
  void outOfRangeValuesNameMethodAndField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConfiguredMethod.of("magnitude", MethodParameters.builder().sparsity(1.0).build()));
    assertEquals("magnitude: parameter 'sparsity' must be in [0, 1), got 1.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ConfiguredMethod.of("int4-weight", MethodParameters.builder().groupSize(0).build()));
    assertEquals("int4-weight: parameter 'groupSize' must be at least 1, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ConfiguredMethod.of("magnitude", MethodParameters.builder().sparsity(Double.NaN).build()));
    assertTrue(e.getMessage().startsWith("magnitude: parameter 'sparsity'"), e.getMessage());
  }

  @Test
  void paramsFromAConfigMap() {
    MethodParameters p = MethodParameters.fromMap("magnitude",
        Map.of("sparsity", 0.75, "scope", "global", "skipLayers", List.of("a", "b")));
    assertEquals(0.75, p.sparsity());
    assertEquals(PruningScope.GLOBAL, p.scope());
    assertEquals(List.of("a", "b"), p.skipLayers());
    assertEquals(Set.of(MethodParameters.Param.SPARSITY, MethodParameters.Param.SCOPE, MethodParameters.Param.SKIP_LAYERS), p.given());
    assertEquals(MethodParameters.DEFAULT_GROUP_SIZE, p.groupSize(), "not given: default");
    assertEquals(Granularity.PER_TENSOR,
        MethodParameters.fromMap("int8-weight", Map.of("granularity", "per_tensor")).granularity());
    assertEquals(64, MethodParameters.fromMap("int4-weight", Map.of("groupSize", "64")).groupSize());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MethodParameters.fromMap("magnitude", Map.of("sparsty", 0.5)));
    assertTrue(e.getMessage().startsWith("magnitude: unknown parameter 'sparsty'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> MethodParameters.fromMap("int8-weight", Map.of("granularity", "per-row")));
    assertTrue(e.getMessage().startsWith("int8-weight: parameter 'granularity' cannot be per-row"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> MethodParameters.fromMap("int4-weight", Map.of("groupSize", 1.5)));
    assertTrue(e.getMessage().startsWith("int4-weight: parameter 'groupSize' cannot be 1.5"), e.getMessage());
  }

  @Test
  void paramsHaveValueEqualityAndReadableNames() {
    MethodParameters a = MethodParameters.builder().sparsity(0.5).scope(PruningScope.GLOBAL).build();
    MethodParameters b = MethodParameters.fromMap("magnitude", Map.of("scope", "global", "sparsity", 0.5));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals("magnitude{sparsity=0.5, scope=global}", ConfiguredMethod.of("magnitude", a).toString());
    assertEquals("fp16", ConfiguredMethod.of("fp16").toString());
  }

  @Test
  void compressorChecksKindsAndOrder() {
    ConfiguredMethod prune = ConfiguredMethod.of("magnitude");
    ConfiguredMethod int8 = ConfiguredMethod.of("int8-weight");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CandidateCompressor.compress(mlp, int8, int8));
    assertEquals("step 'int8-weight' is a QUANTIZATION method, given as PRUNING", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CandidateCompressor.compress(mlp, null, prune));
    assertEquals("step 'magnitude' is a PRUNING method, given as QUANTIZATION", e.getMessage());
    assertSame(mlp, CandidateCompressor.compress(mlp, null, ConfiguredMethod.of("float")), "float is the identity");
  }

  @Test
  void anAlreadyQuantizedIrIsRefusedNotSilentlyPassedThrough() {
    ModelIr int8 = CandidateCompressor.compress(mlp, null, ConfiguredMethod.of("int8-weight"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CompressionRegistry.get("fp16").apply(int8, MethodParameters.NONE));
    assertTrue(e.getMessage().startsWith("fp16: model 'mlp' has no compressible layers"), e.getMessage());
  }
}
