package dev.frontier.transforms.results;

import java.io.Serializable;
import java.util.Objects;

/**
 * A model or candidate that could not be processed, kept as data: the run goes on and this row is
 * written to {@code failures*.parquet} beside the results.
 *
 * @param modelId the model concerned
 * @param candidateId the candidate concerned, or "" when the whole model failed (e.g. at import)
 * @param config the candidate's configuration label, or "" when the whole model failed
 * @param stage the stage or step that failed (e.g. ImportModel, Compress, Evaluate, MeasureLatency)
 * @param errorClass simple name of the exception
 * @param message what went wrong, naming the model and file where the error did
 */
public record FailureRecord(String modelId, String candidateId, String config, String stage, String errorClass,
    String message) implements Serializable {

  public FailureRecord {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(candidateId, "candidateId");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(errorClass, "errorClass");
    message = message == null ? "" : message;
  }

  /** A failure record for an exception, with the cause chain's messages joined. */
  public static FailureRecord of(String modelId, String candidateId, String config, String stage,
      Throwable error) {
    StringBuilder message = new StringBuilder(String.valueOf(error.getMessage()));
    for (Throwable c = error.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && message.indexOf(c.getMessage()) < 0) {
        message.append(": ").append(c.getMessage());
      }
    }
    return new FailureRecord(modelId, candidateId, config, stage, error.getClass().getSimpleName(), message.toString());
  }
}
