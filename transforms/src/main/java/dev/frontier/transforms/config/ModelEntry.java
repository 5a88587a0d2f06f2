package dev.frontier.transforms.config;

import dev.frontier.transforms.model.ImportRequest;
import dev.frontier.transforms.model.ModelImportException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One model of a catalogue, validated: where its SavedModel is, how to call it, and which data measures it.
 *
 * @param id unique, stable identifier used in every output row
 * @param savedModelDir the SavedModel directory: an absolute local path (resolved against the catalogue file)
 *     or a URL of a Beam filesystem ({@code gs://}, {@code hdfs://}, {@code file://}); read through
 *     {@link LocalFiles}
 * @param signatureKey the signature to import (models without serving_default name another)
 * @param outputKey the signature output holding class scores, or null for the first output
 * @param tags the meta-graph tags to load
 * @param trusted whether ops that touch files or run foreign code are allowed in the graph
 * @param evaluation rows that measure accuracy
 * @param calibration rows that calibrate activation ranges (may be null for evaluation-only use)
 * @param expectedAccuracy float top-1 accuracy known from elsewhere, or null; reported beside the measured one
 * @param training labelled rows for the {@code fine-tune} recovery, or null when the model has none
 */
public record ModelEntry(
    String id,
    String savedModelDir,
    String signatureKey,
    String outputKey,
    List<String> tags,
    boolean trusted,
    SubsetSpec evaluation,
    SubsetSpec calibration,
    Double expectedAccuracy,
    TrainingSpec training) implements Serializable {

  public static final String DEFAULT_SIGNATURE = "serving_default";
  public static final List<String> DEFAULT_TAGS = List.of("serve");

  public ModelEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(savedModelDir, "savedModelDir");
    Objects.requireNonNull(signatureKey, "signatureKey");
    tags = List.copyOf(tags);
    Objects.requireNonNull(evaluation, "evaluation");
  }

  /** An entry without training rows. */
  public ModelEntry(String id, String savedModelDir, String signatureKey, String outputKey, List<String> tags,
      boolean trusted, SubsetSpec evaluation, SubsetSpec calibration, Double expectedAccuracy) {
    this(id, savedModelDir, signatureKey, outputKey, tags, trusted, evaluation, calibration, expectedAccuracy, null);
  }

  /**
   * The importer request this entry describes, for the SavedModel as {@code files} makes it local (a remote
   * one is copied at this call). A location that cannot be made local is a {@link ModelImportException}
   * naming the model and the location, like any other import failure.
   */
  public ImportRequest importRequest(LocalFiles files) {
    Path dir;
    try {
      dir = files.local(savedModelDir);
    } catch (IOException | RuntimeException e) {
      throw new ModelImportException("model '" + id + "': cannot read the SavedModel at " + savedModelDir
          + ": " + e.getMessage(), e);
    }
    return ImportRequest.builder(id, dir)
        .signatureKey(signatureKey)
        .tags(tags)
        .trusted(trusted)
        .outputKey(outputKey)
        .build();
  }
}
