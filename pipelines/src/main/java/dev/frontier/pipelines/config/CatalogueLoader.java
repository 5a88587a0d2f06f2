package dev.frontier.pipelines.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.frontier.pipelines.config.CatalogueYaml.DatasetYaml;
import dev.frontier.pipelines.config.CatalogueYaml.ModelYaml;
import dev.frontier.pipelines.config.CatalogueYaml.SubsetYaml;
import dev.frontier.transforms.catalogue.Catalogue;
import dev.frontier.transforms.catalogue.ModelEntry;
import dev.frontier.transforms.catalogue.SubsetSpec;
import dev.frontier.transforms.data.DatasetSpec;
import dev.frontier.transforms.data.Preprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a catalogue YAML file into a validated {@link Catalogue}, before any pipeline starts. Relative
 * paths are resolved against the file's folder; every problem names the file, the entry and the field.
 * The format is documented by example in {@code configs/shared-models.yaml}.
 */
public final class CatalogueLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private CatalogueLoader() {}

  public static Catalogue load(Path file) throws IOException {
    Path source = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(source)) {
      throw new IOException("catalogue " + source + " does not exist");
    }
    CatalogueYaml raw;
    try {
      raw = YAML.readValue(source.toFile(), CatalogueYaml.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(source + ": unknown key '" + e.getPropertyName() + "' at "
          + path(e) + " (known: " + e.getKnownPropertyIds() + ")");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not a valid catalogue: " + e.getOriginalMessage());
    }
    if (raw == null || raw.models() == null || raw.models().isEmpty()) {
      throw new IllegalArgumentException(source + ": no models (expected a 'models:' list)");
    }
    Path dir = source.getParent();
    Map<String, DatasetSpec> datasets = new LinkedHashMap<>();
    if (raw.datasets() != null) {
      raw.datasets().forEach((name, d) -> datasets.put(name, dataset(source, dir, name, d)));
    }
    List<ModelEntry> models = new ArrayList<>();
    for (int i = 0; i < raw.models().size(); i++) {
      models.add(model(source, dir, i, raw.models().get(i)));
    }
    return new Catalogue(source.toString(), datasets, models);
  }

  private static String path(UnrecognizedPropertyException e) {
    StringBuilder sb = new StringBuilder();
    for (var ref : e.getPath()) {
      sb.append(ref.getFieldName() != null ? "/" + ref.getFieldName() : "[" + ref.getIndex() + "]");
    }
    return sb.toString();
  }

  private static DatasetSpec dataset(Path source, Path dir, String name, DatasetYaml d) {
    try {
      if (d == null) {
        throw new IllegalArgumentException("dataset '" + name + "' is empty");
      }
      DatasetSpec.Builder b = DatasetSpec.builder(name);
      if (d.format() != null) {
        b.format(d.format());
      }
      if (d.images() != null) {
        b.images(resolve(dir, d.images()));
      }
      if (d.labels() != null) {
        b.labels(resolve(dir, d.labels()));
      }
      if (d.path() != null) {
        b.path(resolve(dir, d.path()));
      }
      if (d.files() != null) {
        b.files(d.files().stream().map(f -> resolve(dir, f)).toList());
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

  private static ModelEntry model(Path source, Path dir, int index, ModelYaml m) {
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
        resolve(dir, m.path()),
        m.signature() == null ? ModelEntry.DEFAULT_SIGNATURE : m.signature(),
        m.output(),
        m.tags() == null ? ModelEntry.DEFAULT_TAGS : m.tags(),
        Boolean.TRUE.equals(m.trusted()),
        subset(where, "evaluation", m.evaluation()),
        m.calibration() == null ? null : subset(where, "calibration", m.calibration()),
        m.expectedAccuracy());
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

  private static String resolve(Path dir, String path) {
    return dir.resolve(path).normalize().toString();
  }
}
