package dev.frontier.transforms.beam;

import dev.frontier.transforms.catalogue.CandidateSpec;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One candidate to build and measure: the imported model it starts from and its configuration. */
public record CandidateTask(ImportedModel model, CandidateSpec spec) implements Serializable {
  /** Hex digits of the SHA-256 kept in a candidate id: 64 bits, no collision in any real sweep. */
  private static final int ID_HEX_DIGITS = 16;

  /**
   * Stable id: a hash of the model's content and the full configuration. The same model and
   * configuration give the same id in every run, which is what lets an interrupted sweep resume.
   */
  public String candidateId() {
    return sha256Hex(model.contentSha256() + "|" + spec.config()).substring(0, ID_HEX_DIGITS);
  }

  public String config() {
    return spec.config();
  }

  /** Hex SHA-256 of a string's UTF-8 bytes. */
  static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
