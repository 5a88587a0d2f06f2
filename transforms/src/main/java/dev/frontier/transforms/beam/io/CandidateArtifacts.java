package dev.frontier.transforms.beam.io;

import dev.frontier.transforms.model.ServingSavedModel;
import dev.frontier.transforms.model.Sha256;
import dev.frontier.transforms.results.ArtifactManifest;
import dev.frontier.transforms.results.SweepManifest;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.commons.io.FileUtils;

/**
 * The {@code artifacts/} folder of a sweep's output and the writing of artifact folders, through Beam
 * {@link FileSystems} so that a {@code gs://} or {@code hdfs://} output gets them like every other output:
 *
 * <pre>
 * OUTPUT/artifacts/manifest.json                         the sweep's manifest ({@link SweepManifest})
 * OUTPUT/artifacts/MODEL/CANDIDATE/saved_model.pb        the SavedModel ({@link ServingSavedModel})
 * OUTPUT/artifacts/MODEL/CANDIDATE/model.tflite          the .tflite file, when the sweep's export_formats name it
 * OUTPUT/artifacts/MODEL/CANDIDATE/manifest.json         its manifest ({@link ArtifactManifest})
 * </pre>
 *
 * Each file is written under a temporary name and renamed into place, so a reader never sees half a file.
 * MODEL is the model id where it is a safe path segment, otherwise the id with unsafe characters replaced
 * and a hash of the id appended.
 */
public final class CandidateArtifacts {
  public static final String DIR = "artifacts";

  private CandidateArtifacts() {}

  /** The artifact folder of a candidate in a sweep's output. */
  public static String folder(String outputDir, String modelId, String candidateId) {
    return outputDir + "/" + DIR + "/" + ArtifactManifest.relativeFolder(modelId, candidateId);
  }

  /**
   * Writes {@code savedModel} as {@code saved_model.pb} and {@code manifest} as {@code manifest.json} into
   * {@code folder} (a path or URL; created when missing).
   */
  public static void write(String folder, byte[] savedModel, ArtifactManifest manifest) {
    write(folder, savedModel, null, manifest);
  }

  /**
   * Writes the files {@code manifest} lists: {@code saved_model.pb} ({@code savedModel}, may be null when the
   * manifest lists no SavedModel) and {@code model.tflite} ({@code tflite}, may be null), then
   * {@code manifest.json}.
   *
   * @throws IllegalArgumentException when the manifest's files and hashes are not the bytes given
   */
  public static void write(String folder, byte[] savedModel, byte[] tflite, ArtifactManifest manifest) {
    ResourceId dir = FileSystems.matchNewResource(folder, true);
    Map<String, byte[]> files = new TreeMap<>();
    if (savedModel != null) {
      files.put(ServingSavedModel.FILE, savedModel);
    }
    if (tflite != null) {
      files.put(ArtifactManifest.TFLITE_FILE, tflite);
    }
    if (!files.keySet().equals(manifest.artifact().files().keySet())) {
      throw new IllegalArgumentException("manifest of " + folder + " lists " + manifest.artifact().files().keySet()
          + ", the files written are " + files.keySet());
    }
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      if (!Sha256.hex(f.getValue()).equals(manifest.artifact().files().get(f.getKey()).sha256())) {
        throw new IllegalArgumentException("manifest of " + folder + " does not describe the bytes of " + f.getKey());
      }
    }
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      OutputFiles.write(dir, f.getKey(), f.getValue(), MimeTypes.BINARY);
    }
    OutputFiles.write(dir, ArtifactManifest.FILE, json(manifest), MimeTypes.TEXT);
  }

  /** Writes {@code OUTPUT/artifacts/manifest.json}. */
  public static void writeSweepManifest(String outputDir, SweepManifest manifest) {
    ResourceId dir = FileSystems.matchNewResource(outputDir + "/" + DIR, true);
    OutputFiles.write(dir, ArtifactManifest.FILE, json(manifest), MimeTypes.TEXT);
  }

  /**
   * Removes an earlier run's {@code artifacts/} from a sweep's output, so the folder holds exactly what this
   * run exports (a resumed sweep exports every selected candidate again, checkpointed ones included).
   */
  public static void deleteAll(String outputDir) throws IOException {
    String root = outputDir + "/" + DIR;
    if (!Locations.isUrl(root)) {
      FileUtils.deleteDirectory(new File(root));
      return;
    }
    MatchResult match = FileSystems.match(root + "/**", EmptyMatchTreatment.ALLOW);
    List<ResourceId> files = new ArrayList<>();
    if (match.status() == MatchResult.Status.OK) {
      match.metadata().forEach(m -> files.add(m.resourceId()));
    }
    FileSystems.delete(files, StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  static byte[] json(Object value) {
    try {
      return (ArtifactManifest.JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }


}
