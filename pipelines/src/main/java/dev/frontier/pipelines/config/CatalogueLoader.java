package dev.frontier.pipelines.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.frontier.pipelines.config.CatalogueYaml.DatasetYaml;
import dev.frontier.pipelines.config.CatalogueYaml.ModelYaml;
import dev.frontier.pipelines.config.CatalogueYaml.SubsetYaml;
import dev.frontier.transforms.beam.io.Locations;
import dev.frontier.transforms.config.Catalogue;
import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.config.SubsetSpec;
import dev.frontier.transforms.config.TrainingSpec;
import dev.frontier.transforms.data.DatasetSpec;
import dev.frontier.transforms.data.Preprocessing;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;

/**
 * Reads a catalogue YAML file into a validated {@link Catalogue}, before any pipeline starts. Relative
 * paths are resolved against the file's folder; locations given as URLs ({@code gs://}, {@code hdfs://},
 * {@code file://}) are kept as they are, for the workers to stage. The catalogue file itself may be a URL,
 * read through Beam {@link FileSystems} (set its pipeline options first), and then its relative paths
 * resolve against the URL's folder. Every problem names the file, the entry and the field. The format is
 * documented by example in {@code configs/shared-models.yaml}.
 */
public final class CatalogueLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private CatalogueLoader() {}

  public static Catalogue load(Path file) throws IOException {
    return load(file.toString());
  }

  /** Loads the catalogue at a local path or a URL of a Beam filesystem. */
  public static Catalogue load(String location) throws IOException {
    Base base = Base.of(location);
    String source = base.file();
    CatalogueYaml raw;
    try (InputStream in = open(source)) {
      raw = YAML.readValue(in, CatalogueYaml.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(source + ": unknown key '" + e.getPropertyName() + "' at "
          + path(e) + " (known: " + e.getKnownPropertyIds() + ")");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not a valid catalogue: " + e.getOriginalMessage());
    }
    if (raw == null || raw.models() == null || raw.models().isEmpty()) {
      throw new IllegalArgumentException(source + ": no models (expected a 'models:' list)");
    }
    Map<String, DatasetSpec> datasets = new LinkedHashMap<>();
    if (raw.datasets() != null) {
      raw.datasets().forEach((name, d) -> datasets.put(name, dataset(source, base, name, d)));
    }
    List<ModelEntry> models = new ArrayList<>();
    for (int i = 0; i < raw.models().size(); i++) {
      models.add(model(source, base, i, raw.models().get(i)));
    }
    return new Catalogue(source, datasets, models);
  }

  private static InputStream open(String source) throws IOException {
    if (!Locations.isUrl(source)) {
      if (!Files.isRegularFile(Path.of(source))) {
        throw new IOException("catalogue " + source + " does not exist");
      }
      return Files.newInputStream(Path.of(source));
    }
    Locations.requireFileSystem(source);
    try {
      return Channels.newInputStream(FileSystems.open(FileSystems.matchSingleFileSpec(source).resourceId()));
    } catch (FileNotFoundException e) {
      throw new IOException("catalogue " + source + " does not exist", e);
    }
  }

  private static String path(UnrecognizedPropertyException e) {
    StringBuilder sb = new StringBuilder();
    for (var ref : e.getPath()) {
      sb.append(ref.getFieldName() != null ? "/" + ref.getFieldName() : "[" + ref.getIndex() + "]");
    }
    return sb.toString();
  }

  private static DatasetSpec dataset(String source, Base base, String name, DatasetYaml d) {
    try {
      if (d == null) {
        throw new IllegalArgumentException("dataset '" + name + "' is empty");
      }
      DatasetSpec.Builder b = DatasetSpec.builder(name);
      if (d.format() != null) {
        b.format(d.format());
      }
      if (d.images() != null) {
        b.images(base.resolve(d.images()));
      }
      if (d.labels() != null) {
        b.labels(base.resolve(d.labels()));
      }
      if (d.path() != null) {
        b.path(base.resolve(d.path()));
      }
      if (d.files() != null) {
        b.files(d.files().stream().map(base::resolve).toList());
      }
      if (d.label() != null) {
        b.label(d.label());
      }
      if (d.features() != null) {
        b.features(d.features());
      }
      if (d.classes() != null) {
        b.classes(d.classes());
      }
      return b.preprocessing(preprocessing(name, d)).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private static Preprocessing preprocessing(String name, DatasetYaml d) {
    Preprocessing.Builder p = Preprocessing.builder();
    if (d.scale() != null) {
      p.scale(d.scale());
    }
    if (d.offset() != null) {
      p.offset(d.offset());
    }
    if (d.shape() != null) {
      p.rowShape(d.shape().stream().mapToInt(Integer::intValue).toArray());
    }
    if (d.layout() != null) {
      String[] parts = d.layout().toLowerCase(Locale.ROOT).split("-to-");
      if (parts.length != 2) {
        throw new IllegalArgumentException("dataset '" + name + "': field 'layout' is '" + d.layout()
            + "'; expected hwc-to-chw or chw-to-hwc");
      }
      p.layout(Preprocessing.Layout.parse(parts[0]), Preprocessing.Layout.parse(parts[1]));
    }
    return p.build();
  }

  private static ModelEntry model(String source, Base base, int index, ModelYaml m) {
    String where = source + ": models[" + index + "]";
    if (m == null || m.id() == null || m.id().isBlank()) {
      throw new IllegalArgumentException(where + ": field 'id' is required");
    }
    where = source + ": model '" + m.id() + "'";
    if (m.path() == null) {
      throw new IllegalArgumentException(where + ": field 'path' is required (the SavedModel folder)");
    }
    if (m.evaluation() == null) {
      throw new IllegalArgumentException(where + ": field 'evaluation' is required ({dataset, rows})");
    }
    if (m.expectedAccuracy() != null && (m.expectedAccuracy() < 0 || m.expectedAccuracy() > 1)) {
      throw new IllegalArgumentException(where + ": expected_accuracy must be in [0, 1], got "
          + m.expectedAccuracy());
    }
    return new ModelEntry(
        m.id(),
        base.resolve(m.path()),
        m.signature() == null ? ModelEntry.DEFAULT_SIGNATURE : m.signature(),
        m.output(),
        m.tags() == null ? ModelEntry.DEFAULT_TAGS : m.tags(),
        Boolean.TRUE.equals(m.trusted()),
        subset(where, "evaluation", m.evaluation()),
        m.calibration() == null ? null : subset(where, "calibration", m.calibration()),
        m.expectedAccuracy(),
        m.training() == null ? null : training(where, m.training()));
  }

  private static TrainingSpec training(String where, CatalogueYaml.TrainingYaml t) {
    int rows = t.rows() == null ? TrainingSpec.DEFAULT_ROWS
        : subset(where, "training", new CatalogueYaml.SubsetYaml(t.dataset(), t.rows(), t.seed())).rows();
    try {
      return new TrainingSpec(
          t.dataset() == null ? missing(where) : t.dataset(),
          rows,
          t.epochs() == null ? TrainingSpec.DEFAULT_EPOCHS : t.epochs(),
          t.learningRate() == null ? TrainingSpec.DEFAULT_LEARNING_RATE : t.learningRate(),
          t.batchRows() == null ? TrainingSpec.DEFAULT_BATCH_ROWS : t.batchRows(),
          t.seed() == null ? SubsetSpec.DEFAULT_SEED : t.seed());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static String missing(String where) {
    throw new IllegalArgumentException(where + ": training.dataset is required");
  }

  private static SubsetSpec subset(String where, String field, SubsetYaml s) {
    if (s.dataset() == null) {
      throw new IllegalArgumentException(where + ": " + field + ".dataset is required");
    }
    int rows;
    if (s.rows() == null || s.rows().equalsIgnoreCase("all")) {
      rows = SubsetSpec.ALL_ROWS;
    } else {
      try {
        rows = Integer.parseInt(s.rows().trim());
      } catch (NumberFormatException e) {
        rows = 0;
      }
      if (rows <= 0) {
        throw new IllegalArgumentException(where + ": " + field + ".rows must be a positive number or 'all', got '"
            + s.rows() + "'");
      }
    }
    return new SubsetSpec(s.dataset(), rows, s.seed() == null ? SubsetSpec.DEFAULT_SEED : s.seed());
  }

  /**
   * Where a catalogue is and what its relative paths resolve against: the folder of a local file, or of a
   * URL. A location that is a URL itself is kept as it is.
   */
  private record Base(String file, URI url, Path dir) {
    static Base of(String location) {
      if (Locations.isUrl(location)) {
        return new Base(location, URI.create(location), null);
      }
      Path file = Path.of(location).toAbsolutePath().normalize();
      return new Base(file.toString(), null, file.getParent());
    }

    String resolve(String path) {
      if (Locations.isUrl(path)) {
        return path;
      }
      if (url == null) {
        return dir.resolve(path).normalize().toString();
      }
      // URI.resolve drops an empty authority (file:///a becomes file:/a): put scheme:// back explicitly.
      URI r = url.resolve(path);
      return r.getScheme() + "://" + (r.getRawAuthority() == null ? "" : r.getRawAuthority()) + r.getRawPath();
    }
  }
}
