package dev.frontier.transforms.compress;

import dev.frontier.transforms.model.ModelIr;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What is done after compression to win back accuracy: the sweep's {@code recovery} axis. The corrections run
 * on the model's calibration rows (no labels), fine-tuning on its labelled training rows; all keep every pruned
 * weight zero and every removed channel removed. For weight-only quantization it corrects the quantized graph itself (its biases stay float); for
 * full-integer int8 it corrects the pruned float graph before quantization, so both of that scheme's graphs
 * carry the correction.
 */
public enum Recovery {
  /** One-shot: nothing after compression. */
  NONE("none"),
  /** {@link BiasCorrection#correct}: each layer's per-channel mean output restored (Nagel et al., 2019). */
  BIAS_CORRECTION(BiasCorrection.NAME),
  /**
   * {@link BiasCorrection#correctMeanAndSpread}: mean and spread of each channel restored, by the bias and a
   * per-channel scale of the layer's weights (zeros stay zero).
   */
  VARIANCE_CORRECTION("variance-correction"),
  /**
   * {@link FineTune}: a short masked fine-tune of the pruned float graph on the model's labelled training rows
   * (catalogue {@code training:}), before quantization. Only for models that name training rows.
   */
  FINE_TUNE(FineTune.NAME);

  /** Calibration rows recovery runs on when the sweep does not say: enough for stable per-channel means. */
  public static final int DEFAULT_ROWS = 500;

  private static final String NAME_OF_FINE_TUNE_NEEDS = FineTune.NAME
      + " needs labelled training rows; apply it through CandidateCompressor with RecoveryData";
  private final String configName;

  Recovery(String configName) {
    this.configName = configName;
  }

  /** The name sweep files and result rows use, e.g. {@code bias-correction}. */
  public String configName() {
    return configName;
  }

  /**
   * The recovery called {@code name}.
   *
   * @throws IllegalArgumentException naming the known recoveries when there is none by that name
   */
  public static Recovery parse(String name) {
    for (Recovery r : values()) {
      if (r.configName.equals(name == null ? null : name.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown recovery '" + name + "'; known: " + names());
  }

  /** Every recovery's name, in declaration order. */
  public static List<String> names() {
    return Arrays.stream(values()).map(Recovery::configName).collect(Collectors.toList());
  }

  /**
   * {@code compressed} recovered towards {@code reference} on {@code rows}; {@link #NONE} returns it as it is.
   *
   * @param featureNames the rows' column names (tf.Example inputs), empty for images
   */
  public ModelIr apply(ModelIr reference, ModelIr compressed, float[][] rows, List<String> featureNames) {
    switch (this) {
      case BIAS_CORRECTION:
        return BiasCorrection.correct(reference, compressed, rows, featureNames);
      case VARIANCE_CORRECTION:
        return BiasCorrection.correctMeanAndSpread(reference, compressed, rows, featureNames);
      case FINE_TUNE:
        throw new IllegalArgumentException(NAME_OF_FINE_TUNE_NEEDS);
      default:
        return compressed;
    }
  }

  @Override
  public String toString() {
    return configName;
  }
}
