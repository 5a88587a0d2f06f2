package dev.frontier.transforms.report;

import dev.frontier.transforms.results.ArtifactManifest;
import dev.frontier.transforms.results.CandidateResult;
import dev.frontier.transforms.results.FailureRecord;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data embedded in {@code report.html} as JSON, in the shape its script reads. Result rows travel as arrays
 * in the order of {@link #fields} (the Parquet column names) rather than as objects, and decimals keep six
 * significant digits: that keeps a 50-model report small enough to mail.
 *
 * @param source the sweep output the report was made from, as given
 * @param accuracyBudgetPp the sweep's accuracy budget, percentage points, or null
 * @param fields column names of every row array, as in {@code results*.parquet}
 * @param models one entry per model, sorted by id
 * @param failures every failure record
 */
record ReportData(String source, Double accuracyBudgetPp, List<String> fields, List<Model> models,
    List<FailureRecord> failures) {
  private static final RecordComponent[] COLUMNS = CandidateResult.class.getRecordComponents();
  private static final MathContext DIGITS = new MathContext(6);

  /**
   * One model: overview figures (null where there is no chosen candidate), its rows, and the relative link to
   * the artifact folder of each exported candidate, by candidate id.
   */
  record Model(String id, Double floatAccuracy, Integer evaluationRows, String chosen, String knee,
      String chosenConfig, Double sizeReduction, Double latencyRatio, Double accuracyDeltaPp, int candidates,
      int failures, List<List<Object>> rows, Map<String, String> artifacts) {}

  /** The report's data; exported candidates link to {@code artifactsBase + MODEL/CANDIDATE}. */
  static ReportData of(SweepReport report, String source, String artifactsBase) {
    List<String> fields = Arrays.stream(COLUMNS).map(c -> snakeCase(c.getName())).toList();
    List<Model> models = report.models().stream().map(m -> model(m, artifactsBase)).toList();
    return new ReportData(source, report.accuracyBudgetPp(), fields, models, report.failures());
  }

  private static Model model(ModelReport m, String artifactsBase) {
    List<List<Object>> rows = m.candidates().stream().map(ReportData::row).toList();
    Map<String, String> artifacts = new LinkedHashMap<>();
    for (CandidateResult r : m.candidates()) {
      if (r.artifactPath() != null) {
        artifacts.put(r.candidateId(), artifactsBase + ArtifactManifest.relativeFolder(r.modelId(), r.candidateId()));
      }
    }
    return new Model(m.modelId(), number(m.floatAccuracy()),
        m.candidates().isEmpty() ? null : m.candidates().get(0).evaluationRows(),
        m.chosen().map(CandidateResult::candidateId).orElse(null),
        m.knee().map(CandidateResult::candidateId).orElse(null),
        m.chosen().map(CandidateResult::config).orElse(null),
        number(m.sizeReduction()), number(m.latencyRatio()), number(m.accuracyDeltaPp()),
        m.candidates().size(), m.failures().size(), rows, artifacts);
  }

  /** A results row as an array in the order of the record's components (= the Parquet columns). */
  private static List<Object> row(CandidateResult r) {
    List<Object> values = new ArrayList<>(COLUMNS.length);
    for (RecordComponent c : COLUMNS) {
      try {
        Object v = c.getAccessor().invoke(r);
        values.add(v instanceof Double d ? decimal(d) : v);
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of a results row", e);
      }
    }
    return values;
  }

  /** {@code d} rounded to six significant digits; null for NaN and infinities, which JSON cannot hold. */
  private static BigDecimal decimal(double d) {
    return Double.isFinite(d) ? new BigDecimal(d).round(DIGITS).stripTrailingZeros() : null;
  }

  private static Double number(double d) {
    BigDecimal b = decimal(d);
    return b == null ? null : b.doubleValue();
  }

  private static String snakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }
}
