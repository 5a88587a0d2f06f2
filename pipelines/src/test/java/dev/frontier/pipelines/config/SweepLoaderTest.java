package dev.frontier.pipelines.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.config.EvaluationStrategy;
import dev.frontier.transforms.config.SweepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep file is refused before any pipeline starts when an entry names an unknown method or calibration, or
 * a parameter out of range; the message names the file, the section and entry index, and the problem. The
 * sweeps shipped in {@code configs/} load.
 */
class SweepLoaderTest {
  @TempDir Path dir;

  private String refused(String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("sweep.yaml"), yaml);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepLoader.load(file));
    String prefix = file.toAbsolutePath().normalize() + ": ";
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    return e.getMessage().substring(prefix.length());
  }

  @Test
  void everyShippedSweepLoads() throws IOException {
    List<Path> sweeps;
    try (Stream<Path> files = Files.list(SharedFixtures.projectRoot().resolve("configs"))) {
      sweeps = files.filter(p -> p.getFileName().toString().endsWith("-sweep.yaml")).sorted().toList();
    }
    assertFalse(sweeps.isEmpty());
    for (Path sweep : sweeps) {
      SweepSpec spec = SweepLoader.load(sweep);
      assertTrue(spec.candidatesPerModel() > 1, sweep.toString());
    }
  }

  @Test
  void recoveryIsAnAxisOverTheCandidatesItCanChange() throws IOException {
    Path file = Files.writeString(dir.resolve("recovery.yaml"), """
        quantization:
          - method: int8-weight
          - method: int8
        pruning:
          - method: magnitude
            sparsity: [0.5, 0.9]
        recovery: [none, bias-correction, variance-correction]
        recovery_rows: 200
        """);
    SweepSpec spec = SweepLoader.load(file);
    List<String> configs = spec.candidates("m", false).stream().map(c -> c.config()).toList();
    // 3 quantizations (float added) x {none, 2 prunings} = 9 plain; bias correction: 6 pruned + int8-weight
    // unpruned; variance correction: 6 pruned.
    assertEquals(9 + 7 + 6, configs.size(), configs.toString());
    assertEquals(configs.size(), spec.candidatesPerModel());
    assertEquals(200, spec.recoveryRows());
    assertTrue(configs.contains("int8-weight+bias-correction"), configs.toString());
    assertFalse(configs.contains("float+bias-correction"), "the baseline is never recovered");
    assertFalse(configs.contains("int8+bias-correction"), "nothing to correct before an unpruned int8");
    assertTrue(configs.contains("float+magnitude{sparsity=0.9}+variance-correction"), configs.toString());
    assertEquals(configs.size(), configs.stream().distinct().count(), "labels are unique");
  }

  @Test
  void fineTunedCandidatesAreOnlyForModelsWithTrainingRows() throws IOException {
    Path file = Files.writeString(dir.resolve("fine-tune.yaml"), """
        quantization:
          - method: int8-weight
        pruning:
          - method: channels
            fraction: [0.25, 0.5]
        recovery: [none, fine-tune]
        """);
    SweepSpec spec = SweepLoader.load(file);
    List<String> without = spec.candidates("m", false).stream().map(c -> c.config()).toList();
    List<String> with = spec.candidates("m", true).stream().map(c -> c.config()).toList();
    assertEquals(6, without.size(), without.toString());
    assertEquals(6 + 4, with.size(), "every pruned candidate once more, fine-tuned: " + with);
    assertTrue(with.contains("int8-weight+channels{fraction=0.5}+fine-tune"), with.toString());
  }

  @Test
  void anUnknownRecoveryIsAConfigurationError() throws IOException {
    String problem = refused("""
        quantization:
          - method: fp16
        recovery: [none, fine-tuning]
        """);
    assertEquals("recovery: unknown recovery 'fine-tuning'; known: [none, bias-correction, variance-correction, fine-tune]",
        problem);
  }

  @Test
  void evaluationStrategyIsExhaustiveUnlessTheSweepRaces() throws IOException {
    Path plain = Files.writeString(dir.resolve("plain.yaml"), "quantization:\n  - method: fp16\n");
    SweepSpec exhaustive = SweepLoader.load(plain);
    assertEquals(EvaluationStrategy.EXHAUSTIVE, exhaustive.evaluationStrategy());
    assertEquals(SweepSpec.DEFAULT_EVALUATION_CONFIDENCE, exhaustive.evaluationConfidence());
    Path racing = Files.writeString(dir.resolve("racing.yaml"), """
        quantization:
          - method: fp16
        evaluation: {strategy: Racing, confidence: 0.999, seed: 7}
        """);
    SweepSpec spec = SweepLoader.load(racing);
    assertEquals(EvaluationStrategy.RACING, spec.evaluationStrategy());
    assertEquals(0.999, spec.evaluationConfidence());
    assertEquals(7L, spec.evaluationSeed());
  }

  @Test
  void aWrongEvaluationStrategyOrConfidenceIsAConfigurationError() throws IOException {
    assertEquals("evaluation.strategy must be one of exhaustive | racing, got 'fast'", refused("""
        quantization:
          - method: fp16
        evaluation: {strategy: fast}
        """));
    assertEquals("evaluation.confidence must be in [0.5, 1), got 1.0", refused("""
        quantization:
          - method: fp16
        evaluation: {confidence: 1}
        """));
  }

  @Test
  void anUnknownMethodIsAConfigurationError() throws IOException {
    String problem = refused("""
        quantization:
          - method: int8-weight
          - method: no-such-method
        """);
    assertTrue(problem.startsWith("quantization[1]: unknown compression method 'no-such-method'; known methods are ["),
        problem);
    assertTrue(problem.contains("int8-weight") && problem.contains("magnitude"), problem);
  }

  @Test
  void aMethodUnderTheWrongSectionIsAConfigurationError() throws IOException {
    assertEquals("quantization[0]: 'magnitude' is a pruning method, listed under the wrong section", refused("""
        quantization:
          - method: magnitude
        """));
  }

  @Test
  void parametersOutOfRangeAreConfigurationErrors() throws IOException {
    assertEquals("pruning[1]: magnitude: parameter 'sparsity' must be in [0, 1), got 1.5", refused("""
        quantization:
          - method: float
        pruning:
          - method: none
          - method: magnitude
            sparsity: [0.5, 1.5]
        """));
    assertEquals("quantization[0]: int4-weight: parameter 'groupSize' must be at least 1, got 0", refused("""
        quantization:
          - method: int4-weight
            group_size: 0
        """));
    assertEquals("quantization[0]: int8-weight: unknown parameter 'groupSize'; it accepts [granularity]", refused("""
        quantization:
          - method: int8-weight
            group_size: 32
        """));
  }

  @Test
  void badCalibrationsAreConfigurationErrors() throws IOException {
    String unknown = refused("""
        quantization:
          - method: int8-weight
          - method: int8
            calibration: [minmax, kl-divergence]
        """);
    assertTrue(unknown.startsWith("quantization[1]: unknown calibration method 'kl-divergence'; known methods are ["),
        unknown);
    assertEquals("quantization[0]: calibration_samples must be at least 1, got 0", refused("""
        quantization:
          - method: int8
            calibration_samples: 0
        """));
    assertEquals("quantization[0]: calibration 'percentile': calibration parameter 'percentile' must be in (0, 100],"
        + " got 120.0", refused("""
        quantization:
          - method: int8
            calibration: percentile
            percentile: 120
        """));
    assertEquals("quantization[0]: 'keep_float_most_sensitive' must be a whole number, got two", refused("""
        quantization:
          - method: int8
            keep_float_most_sensitive: two
        """));
    assertEquals("quantization[0]: 'int8-weight' uses no calibration; remove calibration, calibration_samples and"
        + " calibration parameters from its entry", refused("""
        quantization:
          - method: int8-weight
            calibration: minmax
        """));
  }

  @Test
  void exportFormatsAreCheckedAndDefaultToSavedModel() throws IOException {
    assertEquals("export_formats must list some of [savedmodel, tflite], each once, got [savedmodel, onnx]",
        refused("quantization: [{method: float}]\nexport_formats: [savedmodel, onnx]\n"));
    assertEquals("export_formats must list some of [savedmodel, tflite], each once, got []",
        refused("quantization: [{method: float}]\nexport_formats: []\n"));
    Path file = Files.writeString(dir.resolve("ok.yaml"), "quantization: [{method: fp16}]\n");
    assertEquals(List.of("savedmodel"), SweepLoader.load(file).exportFormats());
    Files.writeString(file, "quantization: [{method: fp16}]\nexport_formats: [tflite, savedmodel]\n");
    assertEquals(List.of("tflite", "savedmodel"), SweepLoader.load(file).exportFormats());
  }
}
