package dev.frontier.transforms.measure;

import dev.frontier.transforms.calibrate.ActivationRanges;
import dev.frontier.transforms.compress.CandidateCompressor;
import dev.frontier.transforms.compress.CompressedCandidate;
import dev.frontier.transforms.compress.ConfiguredMethod;
import dev.frontier.transforms.compress.FullInt8;
import dev.frontier.transforms.compress.Granularity;
import dev.frontier.transforms.compress.MethodParameters;
import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.model.IrPredictor;
import dev.frontier.transforms.model.LayerInfo;
import dev.frontier.transforms.model.ModelIr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Per-layer sensitivity to the full-integer {@code int8} scheme: for every compressible layer, the
 * candidate that quantizes only that layer (every other layer kept float through {@code skipLayers}), its
 * top-1 accuracy, the change against float, its agreement with float and the SQNR of its output scores;
 * then the whole int8 model as a reference. A user reads which layer hurts and keeps it float.
 *
 * <p>Accuracy is measured on the simulated graph ({@link CompressedCandidate#evaluated()}), exactly as the
 * sweep measures int8 candidates. The float model's scores are computed once and every candidate is
 * compared to them batch by batch. A layer whose int8 conversion fails, or that the scheme leaves float
 * (no exact integer kernel), becomes a row with the reason in {@link Row#error()} and NaN metrics; it is
 * never thrown.
 */
public final class LayerSensitivity {
  /** {@link Row#layer()} of the reference row that quantizes every layer. */
  public static final String ALL_LAYERS = "all layers";
  /** {@link Row#op()} of reference rows, which are not one layer. */
  public static final String REFERENCE_OP = "-";

  /**
   * Most sensitive first: the lowest accuracy (largest drop against float), ties broken by the lowest
   * SQNR, then graph order (the sort is stable). Rows with an error and the reference row go last.
   */
  public static final Comparator<Row> MOST_SENSITIVE_FIRST = Comparator
      .comparing((Row r) -> !r.ranked())
      .thenComparingDouble(r -> r.ranked() ? r.accuracy() : 0)
      .thenComparingDouble(r -> r.ranked() ? r.sqnrDb() : 0);

  private LayerSensitivity() {}

  /**
   * One measured candidate.
   *
   * @param layer the layer (MatMul / conv node name) quantized alone, or {@link #ALL_LAYERS}
   * @param op the layer's op ({@code MatMul}, {@code Conv2D}, …), {@link #REFERENCE_OP} for a reference row
   * @param params weight elements quantized (for {@link #ALL_LAYERS}: of every layer)
   * @param accuracy top-1 accuracy (fraction) on the evaluation rows; NaN when {@code error} is set
   * @param accuracyDeltaPp {@code (accuracy − float accuracy) × 100}: percentage points, negative = lost
   * @param agreement share of evaluation rows where the candidate predicts the float model's class
   * @param sqnrDb output SQNR in dB (see {@link #sqnrDb}); {@code +Infinity} when the scores are identical
   * @param error why the layer could not be measured, or null
   */
  public record Row(String layer, String op, long params, double accuracy, double accuracyDeltaPp,
      double agreement, double sqnrDb, String error) {

    public Row {
      Objects.requireNonNull(layer, "layer");
      Objects.requireNonNull(op, "op");
    }

    /** Whether this is the {@link #ALL_LAYERS} reference row. */
    public boolean isAllLayers() {
      return ALL_LAYERS.equals(layer) && REFERENCE_OP.equals(op);
    }

    /** A single-layer row that was measured: one that {@link #mostSensitive} may pick. */
    boolean ranked() {
      return error == null && !isAllLayers();
    }

    static Row failed(LayerInfo layer, String error) {
      return new Row(layer.name(), layer.op(), layer.params(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, error);
    }
  }

  /**
   * The sensitivity of one model.
   *
   * @param modelId the model
   * @param granularity int8 weight scales used for every candidate
   * @param calibration the calibration behind the activation ranges, e.g. {@code percentile(99.99)}
   * @param calibrationSamples rows the ranges were calibrated on
   * @param evaluationRows rows behind every accuracy, agreement and SQNR
   * @param floatAccuracy top-1 accuracy of the float model on those rows
   * @param rows one row per compressible layer in graph order, then the {@link #ALL_LAYERS} row
   */
  public record Report(String modelId, Granularity granularity, String calibration, int calibrationSamples,
      int evaluationRows, double floatAccuracy, List<Row> rows) {

    public Report {
      rows = List.copyOf(rows);
    }

    /** The single-layer rows, in graph order. */
    public List<Row> layerRows() {
      return rows.stream().filter(r -> !r.isAllLayers()).toList();
    }

    /** The reference row that quantizes every layer. */
    public Row allLayers() {
      return rows.stream().filter(Row::isAllLayers).findFirst().orElseThrow();
    }
  }

  /**
   * Measures every layer of {@code floatIr}.
   *
   * @param outputKey the signature output holding class scores, or null for the primary output
   * @param evaluation labelled rows the accuracies, agreements and SQNRs are measured on; keep them apart
   *     from the rows {@code ranges} were calibrated on
   * @param ranges calibrated activation ranges of the layers' inputs (see {@link FullInt8#activationTensors})
   * @param batchRows rows per Session.run
   * @throws IllegalArgumentException when the model has no compressible layer, the evaluation rows are
   *     empty or {@code batchRows} is not positive; a failing layer is a row, not an exception
   */
  public static Report measure(ModelIr floatIr, String outputKey, Dataset evaluation, ActivationRanges ranges,
      Granularity granularity, int batchRows) {
    Objects.requireNonNull(ranges, "ranges");
    Objects.requireNonNull(granularity, "granularity");
    List<LayerInfo> layers = floatIr.layers();
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("model '" + floatIr.modelId() + "' has no compressible layer"
          + " (MatMul / Conv2D / depthwise with constant weights)");
    }
    if (evaluation.size() == 0) {
      throw new IllegalArgumentException("model '" + floatIr.modelId() + "': evaluation dataset '"
          + evaluation.name() + "' is empty");
    }
    if (batchRows <= 0) {
      throw new IllegalArgumentException("batchRows must be positive, got " + batchRows);
    }
    float[][] floatScores = scores(floatIr, outputKey, evaluation, batchRows);
    int[] floatTop = TopOne.argmax(floatScores);
    double floatAccuracy = TopOne.accuracy(floatTop, evaluation.labels());
    Measure m = new Measure(floatIr, outputKey, evaluation, ranges, granularity, batchRows, floatScores,
        floatTop, floatAccuracy);

    List<String> names = layers.stream().map(LayerInfo::name).toList();
    List<Row> rows = new ArrayList<>();
    for (LayerInfo layer : layers) {
      List<String> others = names.stream().filter(n -> !n.equals(layer.name())).toList();
      rows.add(m.row(layer.name(), layer.op(), layer.params(), others, List.of(layer.name())));
    }
    long allParams = layers.stream().mapToLong(LayerInfo::params).sum();
    rows.add(m.row(ALL_LAYERS, REFERENCE_OP, allParams, List.of(), names));
    return new Report(floatIr.modelId(), granularity, ranges.method(), ranges.samples(), evaluation.size(),
        floatAccuracy, rows);
  }

  /**
   * The {@code k} most sensitive layers ({@link #MOST_SENSITIVE_FIRST}: largest accuracy drop, ties by
   * lowest SQNR), as names ready for the int8 method's {@code skipLayers}. The {@link #ALL_LAYERS} row and
   * rows with an error are never picked; fewer than {@code k} names come back when fewer layers were
   * measured.
   *
   * @throws IllegalArgumentException when {@code k} is negative
   */
  public static List<String> mostSensitive(List<Row> rows, int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must not be negative, got " + k);
    }
    return rows.stream().filter(Row::ranked).sorted(MOST_SENSITIVE_FIRST).limit(k).map(Row::layer).toList();
  }

  /**
   * Output SQNR in dB: {@code 10·log10(Σ reference² / Σ (reference − test)²)} over every row and class.
   * {@code +Infinity} when the two are identical (no noise; also when both are all zeros),
   * {@code -Infinity} when the reference is all zeros and the test is not, NaN when a score is NaN.
   * Sums are in double.
   *
   * @throws IllegalArgumentException when the arrays differ in shape
   */
  public static double sqnrDb(float[][] reference, float[][] test) {
    if (reference.length != test.length) {
      throw new IllegalArgumentException("cannot compare " + test.length + " score rows with " + reference.length);
    }
    SqnrSums sums = new SqnrSums();
    sums.add(reference, test, 0);
    return sums.db();
  }

  /** Running sums of signal and noise energy, batch by batch. */
  private static final class SqnrSums {
    private double signal;
    private double noise;

    /** Adds {@code test} against {@code reference[offset …]}. */
    void add(float[][] reference, float[][] test, int offset) {
      if (offset + test.length > reference.length) {
        throw new IllegalArgumentException("cannot compare " + test.length + " score rows at row " + offset
            + " of " + reference.length);
      }
      for (int i = 0; i < test.length; i++) {
        float[] r = reference[offset + i];
        float[] t = test[i];
        if (r.length != t.length) {
          throw new IllegalArgumentException("score row " + (offset + i) + " has " + t.length + " values, the"
              + " reference has " + r.length);
        }
        for (int j = 0; j < r.length; j++) {
          double d = (double) r[j] - t[j];
          signal += (double) r[j] * r[j];
          noise += d * d;
        }
      }
    }

    double db() {
      if (Double.isNaN(signal) || Double.isNaN(noise)) {
        return Double.NaN;
      }
      if (noise == 0) {
        return Double.POSITIVE_INFINITY;
      }
      return 10 * Math.log10(signal / noise);
    }
  }

  /** What every candidate of one model is compared with. */
  private record Measure(ModelIr floatIr, String outputKey, Dataset evaluation, ActivationRanges ranges,
      Granularity granularity, int batchRows, float[][] floatScores, int[] floatTop, double floatAccuracy) {

    /** Quantizes {@code quantized}, keeps {@code keptFloat} float, and measures the result. */
    Row row(String layer, String op, long params, List<String> keptFloat, List<String> quantized) {
      try {
        MethodParameters p = MethodParameters.builder().granularity(granularity).skipLayers(keptFloat).build();
        CompressedCandidate c = CandidateCompressor.compress(floatIr, null,
            ConfiguredMethod.of(FullInt8.NAME, p), ranges);
        List<String> leftFloat = quantized.stream().filter(c.floatLayers()::contains).toList();
        if (leftFloat.size() == quantized.size()) {
          return new Row(layer, op, params, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
              "int8 keeps " + (quantized.size() == 1 ? "this layer" : "every layer") + " float (no exact integer"
              + " kernel for it); nothing was quantized");
        }
        return evaluate(layer, op, params, c.evaluated());
      } catch (RuntimeException e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return new Row(layer, op, params, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            e.getClass().getSimpleName() + message);
      }
    }

    private Row evaluate(String layer, String op, long params, ModelIr candidate) {
      float[][] rows = evaluation.features();
      int[] top = new int[rows.length];
      SqnrSums sqnr = new SqnrSums();
      try (IrPredictor p = new IrPredictor(candidate, outputKey)) {
        for (int start = 0; start < rows.length; start += batchRows) {
          int end = Math.min(rows.length, start + batchRows);
          float[][] s = predict(p, evaluation, Arrays.copyOfRange(rows, start, end));
          System.arraycopy(TopOne.argmax(s), 0, top, start, s.length);
          sqnr.add(floatScores, s, start);
        }
      }
      double accuracy = TopOne.accuracy(top, evaluation.labels());
      return new Row(layer, op, params, accuracy, 100 * (accuracy - floatAccuracy),
          TopOne.agreement(top, floatTop), sqnr.db(), null);
    }
  }

  /** Scores of every row, {@code batchRows} at a time. */
  private static float[][] scores(ModelIr ir, String outputKey, Dataset data, int batchRows) {
    float[][] rows = data.features();
    float[][] out = new float[rows.length][];
    try (IrPredictor p = new IrPredictor(ir, outputKey)) {
      for (int start = 0; start < rows.length; start += batchRows) {
        int end = Math.min(rows.length, start + batchRows);
        float[][] s = predict(p, data, Arrays.copyOfRange(rows, start, end));
        System.arraycopy(s, 0, out, start, s.length);
      }
    }
    return out;
  }

  /** Scores of one batch of {@code data}'s rows, checked to have one score row per input row. */
  private static float[][] predict(IrPredictor p, Dataset data, float[][] batch) {
    float[][] s = p.predict(batch, data.featureNames());
    if (s.length != batch.length) {
      throw new IllegalStateException("predictor returned " + s.length + " score rows for " + batch.length
          + " input rows of dataset '" + data.name() + "'");
    }
    return s;
  }
}
