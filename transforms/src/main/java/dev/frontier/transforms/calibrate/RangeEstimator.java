package dev.frontier.transforms.calibrate;

/**
 * One way to choose an activation range from a tensor's {@link TensorStatistics}, found by {@link #name()}
 * in {@link RangeEstimators}.
 *
 * <p>Why an interface this small: statistics are gathered once per (model, samples), whatever the method,
 * and every method is then a pure function of them, testable on hand-made histograms; a new method is one
 * class plus one line in the registry. Implementations are stateless.
 */
public interface RangeEstimator {

  /** The registry name, e.g. {@code entropy}. */
  String name();

  /**
   * The range to quantize a tensor with these statistics to. Asymmetric: a tensor without negative values
   * gets {@code [min, t]} (typically [0, t] after ReLU), a signed one {@code [-t⁻, t⁺]} with one threshold
   * per tail; never wider than the exact [min, max].
   *
   * @throws IllegalArgumentException when the statistics hold no values
   */
  ActivationRanges.Range range(TensorStatistics stats, CalibrationParams params);

  /**
   * How results name this method with these parameters ({@link ActivationRanges#method()}, result rows):
   * the name, plus whatever parameter distinguishes sweep candidates.
   */
  default String label(CalibrationParams params) {
    return name();
  }
}
