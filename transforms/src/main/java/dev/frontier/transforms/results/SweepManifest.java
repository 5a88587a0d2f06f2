package dev.frontier.transforms.results;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code OUTPUT/artifacts/manifest.json}: every artifact a sweep exported, one entry each, and per model the
 * folder of its chosen candidate. A deployment system reads {@code chosen} to pick up each model's answer and
 * the entry's {@code manifest} for everything else. Paths are relative to the {@code artifacts/} folder, so
 * the folder can be copied anywhere as a whole.
 *
 * @param format {@value #FORMAT}
 * @param export the sweep's export mode (chosen, front, all)
 * @param tensorflowVersion the TensorFlow that measured the artifacts
 * @param frontierVersion the Frontier that wrote them
 * @param chosen model id → folder of its chosen candidate's artifact (models without one are absent)
 * @param artifacts every exported artifact, by model id then candidate id
 */
public record SweepManifest(String format, String export, String tensorflowVersion, String frontierVersion,
    Map<String, String> chosen, List<Entry> artifacts) implements Serializable {

  public static final String FORMAT = "frontier-sweep-artifacts/1";

  /**
   * One exported artifact, with the figures a deployment system filters on; the rest is in its own manifest.
   *
   * @param path the artifact's folder, relative to {@code artifacts/}
   * @param manifest its manifest file, relative to {@code artifacts/}
   * @param sha256 SHA-256 of its {@code saved_model.pb}
   * @param bytes its bytes on disk
   * @param environment variables the serving process needs (empty for most)
   */
  public record Entry(String modelId, String candidateId, String config, String path, String manifest,
      String sha256, long bytes, boolean onFront, boolean knee, boolean chosen, double accuracy,
      double artifactAccuracy, double accuracyDeltaPp, long gzipBytes, double latencyRatioB1,
      Map<String, String> environment) implements Serializable {

    /** The entry of one artifact's manifest. */
    static Entry of(ArtifactManifest m) {
      String path = ArtifactManifest.relativeFolder(m.modelId(), m.candidateId());
      return new Entry(m.modelId(), m.candidateId(), m.config(), path,
          path + "/" + ArtifactManifest.FILE, m.artifact().sha256(), m.artifact().bytes(),
          m.selection().onFront(), m.selection().knee(), m.selection().chosen(), m.metrics().accuracy(),
          m.metrics().artifactAccuracy(), m.metrics().accuracyDeltaPp(), m.artifact().gzipBytes(),
          m.metrics().latencyRatioB1(), m.serving().environment());
    }
  }

  /** The sweep manifest of {@code manifests}, in a stable order whatever order they arrive in. */
  public static SweepManifest of(String export, List<ArtifactManifest> manifests) {
    List<Entry> entries = manifests.stream().map(Entry::of)
        .sorted(Comparator.comparing(Entry::modelId).thenComparing(Entry::candidateId)).toList();
    Map<String, String> chosen = new TreeMap<>();
    entries.stream().filter(Entry::chosen).forEach(e -> chosen.put(e.modelId(), e.path()));
    return new SweepManifest(FORMAT, export, org.tensorflow.TensorFlow.version(),
        ArtifactManifest.frontierVersion(), chosen, entries);
  }
}
