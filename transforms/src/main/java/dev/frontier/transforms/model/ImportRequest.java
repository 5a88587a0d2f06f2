package dev.frontier.transforms.model;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to import: which SavedModel folder, under which id, through which signature and tag set.
 *
 * <p>Immutable. {@code trusted} lets a model that contains file-touching or foreign-code ops through
 * the safety check (see {@link OpSafetyPolicy}); leave it false for models you did not build.
 * {@code outputKey} picks the signature output predictors read (default: the first output key in sorted
 * order); all signature outputs stay in the IR either way.
 *
 * @param modelId id used in every message and in the IR
 * @param savedModelDir the folder holding {@code saved_model.pb} and {@code variables/}
 * @param signatureKey signature to import, {@value #DEFAULT_SIGNATURE_KEY} by default
 * @param tags the meta graph's tag set, {@value #DEFAULT_TAG} by default
 * @param trusted whether unsafe ops are allowed
 * @param outputKey the primary output's signature key, or null for the first one
 */
public record ImportRequest(
    String modelId,
    Path savedModelDir,
    String signatureKey,
    List<String> tags,
    boolean trusted,
    String outputKey) implements Serializable {

  public static final String DEFAULT_SIGNATURE_KEY = "serving_default";
  public static final String DEFAULT_TAG = "serve";

  public ImportRequest {
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(savedModelDir, "savedModelDir");
    signatureKey = signatureKey == null ? DEFAULT_SIGNATURE_KEY : signatureKey;
    tags = tags == null || tags.isEmpty() ? List.of(DEFAULT_TAG) : List.copyOf(tags);
  }

  /** A request with all defaults: serving_default, tag "serve", untrusted, first output. */
  public static ImportRequest of(String modelId, Path savedModelDir) {
    return builder(modelId, savedModelDir).build();
  }

  public static Builder builder(String modelId, Path savedModelDir) {
    return new Builder(modelId, savedModelDir);
  }

  /** Builder with the defaults above. */
  public static final class Builder {
    private final String modelId;
    private final Path savedModelDir;
    private String signatureKey = DEFAULT_SIGNATURE_KEY;
    private List<String> tags = List.of(DEFAULT_TAG);
    private boolean trusted;
    private String outputKey;

    private Builder(String modelId, Path savedModelDir) {
      this.modelId = modelId;
      this.savedModelDir = savedModelDir;
    }

    /** The signature; null means {@value ImportRequest#DEFAULT_SIGNATURE_KEY}. */
    public Builder signatureKey(String key) {
      this.signatureKey = key;
      return this;
    }

    public Builder tags(String... tags) {
      this.tags = List.of(tags);
      return this;
    }

    /** The tag set; null or empty means {@value ImportRequest#DEFAULT_TAG}. */
    public Builder tags(List<String> tags) {
      this.tags = tags == null ? null : List.copyOf(tags);
      return this;
    }

    public Builder trusted(boolean trusted) {
      this.trusted = trusted;
      return this;
    }

    /** The primary output's key; null means the first output key in sorted order. */
    public Builder outputKey(String key) {
      this.outputKey = key;
      return this;
    }

    public ImportRequest build() {
      return new ImportRequest(modelId, savedModelDir, signatureKey, tags, trusted, outputKey);
    }
  }
}
