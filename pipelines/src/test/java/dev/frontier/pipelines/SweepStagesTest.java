package dev.frontier.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.frontier.pipelines.config.CatalogueLoader;
import dev.frontier.pipelines.config.SweepLoader;
import dev.frontier.transforms.SharedFixtures;
import dev.frontier.transforms.beam.candidate.CalibrationOutcome;
import dev.frontier.transforms.beam.candidate.CandidateTask;
import dev.frontier.transforms.beam.candidate.ImportedModel;
import dev.frontier.transforms.beam.io.ElementCoder;
import dev.frontier.transforms.beam.io.ResultsFiles;
import dev.frontier.transforms.beam.sweep.Calibrate;
import dev.frontier.transforms.beam.sweep.ComputeFronts;
import dev.frontier.transforms.beam.sweep.ExpandCandidates;
import dev.frontier.transforms.beam.sweep.ImportModels;
import dev.frontier.transforms.beam.sweep.MeasureCandidates;
import dev.frontier.transforms.beam.sweep.SweepOutputs;
import dev.frontier.transforms.beam.sweep.WriteSweepOutputs;
import dev.frontier.transforms.beam.io.StagedFiles;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelData;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.config.SweepSpec;
import dev.frontier.transforms.model.ModelIr;
import dev.frontier.transforms.model.SavedModelImporter;
import dev.frontier.transforms.pareto.Knee;
import dev.frontier.transforms.pareto.ParetoFront;
import dev.frontier.transforms.pareto.Point;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each stage of the sweep on its own, on a tiny input (the shared Iris model, 150 rows, and a folder that is no
 * SavedModel), checked with Beam's {@link PAssert} on the stage's output. The whole sweep is tested end to end
 * in {@link SweepPipelineTest}; here a broken stage shows up by name.
 */
class SweepStagesTest {
  /** Float top-1 of iris-keras-tfx on its 150 rows, published with the model (../shared/models/README.md). */
  private static final double IRIS_PUBLISHED_ACCURACY = 0.9600;

  @TempDir static Path dir;
  private static Catalogue catalogue;
  private static SweepSpec sweep;
  private static ModelEntry iris;
  private static ModelEntry broken;
  private static List<CandidateResult> measuredRows;

  @BeforeAll
  static void tinyCatalogueAndSweep() throws IOException {
    assumeTrue(SharedFixtures.available(), "shared models and data not found");
    Path notAModel = Files.createDirectories(dir.resolve("not-a-model"));
    Path catalogueFile = Files.writeString(dir.resolve("catalogue.yaml"), """
        datasets:
          iris: {format: csv, path: %1$s/data/iris/iris.csv, label: variety}
        models:
          - id: iris
            path: %1$s/models/iris-keras-tfx
            evaluation: {dataset: iris, rows: all}
            calibration: {dataset: iris, rows: 100, seed: 1}
          - id: broken
            path: %2$s
            evaluation: {dataset: iris, rows: all}
        """.formatted(SharedFixtures.root(), notAModel));
    Path sweepFile = Files.writeString(dir.resolve("sweep.yaml"), """
        quantization:
          - method: int8-weight
            granularity: per-channel
          - method: int8
            granularity: per-channel
            calibration: minmax
            calibration_samples: 60
        pruning:
          - method: magnitude
            sparsity: 0.5
            scope: global
        latency: {warmup_runs: 1, rounds: 3, max_rounds: 3}
        export: none
        """);
    catalogue = CatalogueLoader.load(catalogueFile.toString());
    sweep = SweepLoader.load(sweepFile);
    iris = catalogue.models().get(0);
    broken = catalogue.models().get(1);
  }

  private static Pipeline pipeline() {
    return Pipeline.create(PipelineOptionsFactory.create());
  }

  private static PCollection<ImportedModel> importedIris(Pipeline p) {
    return p.apply(Create.of(List.of(iris)).withCoder(ElementCoder.of(ModelEntry.class)))
        .apply(ImportModels.of(catalogue, sweep.evaluationBatchRows()))
        .get(ImportModels.IMPORTED);
  }

  @Test
  void importModelsImportsTheModelAndRecordsTheBrokenOne() {
    Pipeline p = pipeline();
    PCollectionTuple out = p.apply(Create.of(List.of(iris, broken)).withCoder(ElementCoder.of(ModelEntry.class)))
        .apply(ImportModels.of(catalogue, sweep.evaluationBatchRows()));
    PAssert.that(out.get(ImportModels.IMPORTED)).satisfies(models -> {
      List<ImportedModel> all = list(models);
      assertEquals(1, all.size());
      assertEquals("iris", all.get(0).modelId());
      assertEquals(IRIS_PUBLISHED_ACCURACY, all.get(0).floatAccuracy(), 1e-9, "float baseline on 150 rows");
      return null;
    });
    PAssert.that(out.get(ImportModels.FAILURES)).satisfies(failures -> {
      List<FailureRecord> all = list(failures);
      assertEquals(1, all.size());
      assertEquals("broken", all.get(0).modelId());
      assertTrue(all.get(0).message().contains("not-a-model"), all.get(0).message());
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void calibrateGivesTheRangesOfTheSameStatisticsComputedInOneJvm() {
    localCalibrations = Calibrate.locally(catalogue, sweep.calibrations(), importedLocally());
    assertFalse(localCalibrations.isEmpty());
    Pipeline p = pipeline();
    PCollectionView<Map<String, CalibrationOutcome>> view = importedIris(p).apply(Calibrate.of(catalogue, sweep));
    PCollection<KV<String, CalibrationOutcome>> outcomes = p.apply("One", Create.of(1))
        .apply(ParDo.of(new ReadView(view)).withSideInputs(view))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ElementCoder.of(CalibrationOutcome.class)));
    PAssert.that(outcomes).satisfies(all -> {
      Map<String, CalibrationOutcome> got = new HashMap<>();
      all.forEach(kv -> got.put(kv.getKey(), kv.getValue()));
      assertEquals(localCalibrations.keySet(), got.keySet());
      got.forEach((key, outcome) -> {
        assertNull(outcome.error(), key);
        assertEquals(localCalibrations.get(key).ranges(), outcome.ranges(), key);
      });
      return null;
    });
    p.run().waitUntilFinish();
  }

  private static Map<String, CalibrationOutcome> localCalibrations;

  /** Emits the Calibrate stage's side input as key/outcome pairs. */
  private static final class ReadView extends DoFn<Integer, KV<String, CalibrationOutcome>> {
    private final PCollectionView<Map<String, CalibrationOutcome>> view;

    ReadView(PCollectionView<Map<String, CalibrationOutcome>> view) {
      this.view = view;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      c.sideInput(view).forEach((key, outcome) -> c.output(KV.of(key, outcome)));
    }
  }

  @Test
  void expandCandidatesCrossesTheModelWithTheSweepAndSkipsResumedOnes() throws IOException {
    List<CandidateResult> earlier = earlierRows();
    Set<String> all = earlier.stream().map(CandidateResult::candidateId).collect(Collectors.toSet());
    CandidateResult resumed = earlier.get(earlier.size() - 1);
    Pipeline p = pipeline();
    PCollection<ImportedModel> models = importedIris(p);
    PAssert.that(models.apply("All", ExpandCandidates.of(sweep))).satisfies(tasks -> {
      assertEquals(all, list(tasks).stream().map(CandidateTask::candidateId).collect(Collectors.toSet()));
      return null;
    });
    PAssert.that(models.apply("AllButOne", ExpandCandidates.of(sweep).skipping(List.of(resumed))))
        .satisfies(tasks -> {
          Set<String> ids = list(tasks).stream().map(CandidateTask::candidateId).collect(Collectors.toSet());
          assertEquals(all.size() - 1, ids.size());
          assertFalse(ids.contains(resumed.candidateId()));
          return null;
        });
    p.run().waitUntilFinish();
    assertEquals(sweep.candidatesPerModel(), all.size(), "one per configuration of the sweep");
  }

  @Test
  void measureCandidatesMeasuresEveryTaskAndJoinsEarlierRows() throws IOException {
    List<CandidateResult> earlier = earlierRows();
    CandidateResult kept = earlier.stream().filter(r -> !r.config().equals("float")).findFirst().orElseThrow();
    Pipeline p = pipeline();
    PCollection<ImportedModel> models = importedIris(p);
    PCollectionView<Map<String, CalibrationOutcome>> view = models.apply(Calibrate.of(catalogue, sweep));
    PCollectionTuple out = models.apply(ExpandCandidates.of(sweep).skipping(List.of(kept)))
        .apply(MeasureCandidates.of(catalogue, sweep, dir.resolve("measure").toString(), view)
            .joining(List.of(kept)));
    PAssert.that(out.get(MeasureCandidates.RESULTS)).satisfies(rows -> {
      List<CandidateResult> all = list(rows);
      assertEquals(sweep.candidatesPerModel(), all.size(), "every candidate once, the kept one included");
      assertTrue(all.contains(kept), "the earlier row joins as it was");
      CandidateResult baseline = all.stream().filter(r -> r.config().equals("float")).findFirst().orElseThrow();
      assertEquals(IRIS_PUBLISHED_ACCURACY, baseline.accuracy(), 1e-9);
      for (CandidateResult r : all) {
        assertTrue(r.accuracy() >= 0 && r.accuracy() <= 1, r.candidateId());
        assertTrue(r.latencyRatioB1Lo() <= r.latencyRatioB1() && r.latencyRatioB1() <= r.latencyRatioB1Hi());
        if (r.config().startsWith("int8-weight")) {
          assertTrue(r.gzipBytes() < baseline.gzipBytes(), r.config() + " stores int8 weights: smaller than float");
        }
      }
      return null;
    });
    PAssert.that(out.get(MeasureCandidates.FAILURES)).satisfies(failures -> {
      assertEquals(List.of(), list(failures));
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void computeFrontsMarksWhatTheParetoFunctionsSay() throws IOException {
    List<CandidateResult> rows = earlierRows().stream().map(r -> r.withFlags(false, false, false)).toList();
    List<Point> points = rows.stream().map(r -> new Point(r.candidateId(), r.gzipBytes(), r.latencyRatioB1(),
        r.latencyRatioB1Lo(), r.latencyRatioB1Hi(), r.accuracy())).toList();
    Set<String> front = ParetoFront.of(points, sweep.latencyEquivalence()).stream().map(Point::id)
        .collect(Collectors.toSet());
    String knee = Knee.of(points, sweep.latencyEquivalence()).orElseThrow().id();
    Pipeline p = pipeline();
    PCollectionTuple out = p.apply(Create.of(rows).withCoder(ElementCoder.of(CandidateResult.class)))
        .apply(ComputeFronts.withBudget(sweep.accuracyBudgetPp()).withLatencyEquivalence(sweep.latencyEquivalence()));
    PAssert.that(out.get(ComputeFronts.RESULTS)).satisfies(marked -> {
      List<CandidateResult> all = list(marked);
      assertEquals(front, all.stream().filter(CandidateResult::onFront).map(CandidateResult::candidateId)
          .collect(Collectors.toSet()));
      assertEquals(List.of(knee), all.stream().filter(CandidateResult::knee).map(CandidateResult::candidateId)
          .toList());
      assertTrue(all.stream().filter(CandidateResult::chosen).count() <= 1);
      return null;
    });
    PAssert.thatSingleton(out.get(ComputeFronts.SUMMARY)).satisfies(summary -> {
      assertTrue(summary.contains("## iris"), summary);
      return null;
    });
    p.run().waitUntilFinish();
  }

  @Test
  void writeSweepOutputsWritesParquetThatReadsBackAsTheRows() throws IOException {
    List<CandidateResult> rows = earlierRows();
    String out = dir.resolve("written").toString();
    Pipeline p = pipeline();
    PCollection<CandidateResult> results = p.apply("Rows",
        Create.of(rows).withCoder(ElementCoder.of(CandidateResult.class)));
    PCollection<String> summary = p.apply("Summary", Create.of("# summary\n"));
    SweepOutputs.of(results, summary).apply("Write", WriteSweepOutputs.to(out));
    p.run().waitUntilFinish();
    WriteSweepOutputs.deleteTempDirectory(out);
    assertEquals(Set.copyOf(rows), Set.copyOf(ResultsFiles.read(out)));
    assertEquals("# summary", Files.readString(Path.of(out, ResultsFiles.SUMMARY_FILE + ".md")).strip());
    assertFalse(Files.exists(Path.of(out, WriteSweepOutputs.TEMP_DIR)));
  }

  /** The rows of one real run of the tiny sweep, measured once for the tests that start from rows. */
  private static synchronized List<CandidateResult> earlierRows() throws IOException {
    if (measuredRows == null) {
      Path out = dir.resolve("sweep");
      Sweep.run(PipelineOptionsFactory.create(), catalogue.only(List.of("iris")), sweep, out.toString());
      measuredRows = ResultsFiles.read(out.toString());
    }
    return measuredRows;
  }

  /** The Iris model imported without a pipeline, for the in-JVM calibration the stage must agree with. */
  private static ImportedModel importedLocally() {
    ModelData data = new ModelData(catalogue, StagedFiles.create());
    ModelIr ir = SavedModelImporter.importModel(iris.importRequest(data.files()));
    return new ImportedModel(iris, ir, new int[0], new float[0], IRIS_PUBLISHED_ACCURACY, ir.contentSha256());
  }

  private static <T> List<T> list(Iterable<T> items) {
    return StreamSupport.stream(items.spliterator(), false).toList();
  }
}
