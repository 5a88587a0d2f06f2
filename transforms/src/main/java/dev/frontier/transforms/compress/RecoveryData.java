package dev.frontier.transforms.compress;

import dev.frontier.transforms.data.Dataset;

/**
 * What a candidate's recovery runs on.
 *
 * @param calibrationRows unlabelled representative rows, for bias and variance correction (may be null otherwise)
 * @param trainingRows labelled rows disjoint from the evaluation rows, for fine-tuning (may be null otherwise)
 * @param fineTune how to fine-tune (may be null unless fine-tuning)
 */
public record RecoveryData(Dataset calibrationRows, Dataset trainingRows, FineTune.Settings fineTune) {

  /** Calibration rows only: enough for the corrections. */
  public static RecoveryData calibration(Dataset rows) {
    return new RecoveryData(rows, null, null);
  }
}
