package dev.frontier.transforms.beam.candidate;

import dev.frontier.transforms.config.CandidateSpec;
import dev.frontier.transforms.model.Sha256;
import java.io.Serializable;

/** One candidate to build and measure: the imported model it starts from and its configuration. */
public record CandidateTask(ImportedModel model, CandidateSpec spec) implements Serializable {
  /** Hex digits of the SHA-256 kept in a candidate id: 64 bits, no collision in any real sweep. */
  private static final int ID_HEX_DIGITS = 16;

  /**
   * Stable id: a hash of the model's content and the full configuration. The same model and
   * configuration give the same id in every run, which is what lets an interrupted sweep resume.
   */
  public String candidateId() {
    return Sha256.hex(model.contentSha256() + "|" + spec.config()).substring(0, ID_HEX_DIGITS);
  }

  public String config() {
    return spec.config();
  }
}
