package dev.frontier.transforms.model;

/**
 * A SavedModel could not be turned into an IR: not a SavedModel, a missing signature, an unsafe op, an
 * unreadable checkpoint, a graph shape the importer does not support.
 *
 * <p>Unchecked so import can run inside lambdas and DoFns; the message always names the model id and
 * the offending path, op, node or signature, because it ends up in a failure record read by a person.
 */
public class ModelImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelImportException(String message) {
    super(message);
  }

  public ModelImportException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Builds the conventional message prefix {@code model 'id': }. */
  static ModelImportException of(String modelId, String problem) {
    return new ModelImportException("model '" + modelId + "': " + problem);
  }

  static ModelImportException of(String modelId, String problem, Throwable cause) {
    return new ModelImportException("model '" + modelId + "': " + problem, cause);
  }
}
