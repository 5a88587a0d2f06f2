package dev.frontier.transforms.beam.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Writes one whole file through Beam {@link FileSystems} (a path or a URL of any registered filesystem) under a
 * temporary name and renames it into place, so a reader never sees half a file: manifests, the report.
 */
public final class OutputFiles {
  private OutputFiles() {}

  /** Writes {@code bytes} as {@code name} in the directory {@code dir}, replacing any file of that name. */
  public static void write(ResourceId dir, String name, byte[] bytes, String mimeType) {
    ResourceId temp = dir.resolve(name + ".tmp", StandardResolveOptions.RESOLVE_FILE);
    ResourceId done = dir.resolve(name, StandardResolveOptions.RESOLVE_FILE);
    try {
      try (OutputStream out = Channels.newOutputStream(FileSystems.create(temp, mimeType))) {
        out.write(bytes);
      }
      FileSystems.rename(List.of(temp), List.of(done), StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + done + ": " + e.getMessage(), e);
    }
  }

  /** As {@link #write(ResourceId, String, byte[], String)}, for a file named by a path or URL. */
  public static void write(String file, byte[] bytes, String mimeType) {
    ResourceId target = FileSystems.matchNewResource(file, false);
    write(target.getCurrentDirectory(), target.getFilename(), bytes, mimeType);
  }
}
