package dev.frontier.transforms.config;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Turns a catalogue location (a SavedModel directory or a dataset file) into a local path that TensorFlow
 * and the dataset readers can open. TensorFlow loads a SavedModel only from a local directory and the
 * readers use {@code java.nio}, so a location on shared storage must be copied to the worker first; an
 * implementation that does so lives with the Beam code, which owns the filesystems ({@code
 * beam.io.StagedFiles}). Callers ask for a location only when they read it, so a worker copies just the files
 * of the models it processes.
 *
 * <p>Serializable so it can travel inside a DoFn; implementations should be equal when they resolve
 * locations alike, because {@link ModelData#shared} keeps one instance per catalogue and implementation.
 */
@FunctionalInterface
public interface LocalFiles extends Serializable {

  /**
   * The local path holding {@code location}'s content, a directory for a directory location.
   *
   * @throws IOException if the location cannot be found or copied (the message names it)
   */
  Path local(String location) throws IOException;

  /** Locations that are local paths already: each is used as it is, nothing is copied. */
  static LocalFiles plain() {
    return PlainPaths.INSTANCE;
  }
}
