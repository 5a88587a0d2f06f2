package dev.frontier.transforms.config;

import dev.frontier.transforms.data.DatasetSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validated catalogue: the models to process and the datasets they refer to. Every dataset a model names
 * exists and model ids are unique; every location is an absolute path or a URL (see {@link LocalFiles}).
 *
 * @param source the file it was read from (for messages and as a cache key)
 */
public record Catalogue(String source, Map<String, DatasetSpec> datasets, List<ModelEntry> models)
    implements Serializable {

  public Catalogue {
    Objects.requireNonNull(source, "source");
    datasets = Map.copyOf(datasets);
    models = List.copyOf(models);
    Map<String, ModelEntry> byId = new LinkedHashMap<>();
    for (ModelEntry m : models) {
      if (byId.put(m.id(), m) != null) {
        throw new IllegalArgumentException(source + ": model id '" + m.id() + "' appears twice");
      }
      requireDataset(source, m, "evaluation", m.evaluation(), datasets);
      requireDataset(source, m, "calibration", m.calibration(), datasets);
      if (m.training() != null) {
        requireDataset(source, m, "training", m.training().subset(), datasets);
        if (m.training().dataset().equals(m.evaluation().dataset())) {
          throw new IllegalArgumentException(source + ": model '" + m.id() + "': training names dataset '"
              + m.training().dataset() + "', the one it is evaluated on; name another (e.g. the train split), so "
              + "fine-tuning never sees an evaluation row");
        }
      }
    }
  }

  private static void requireDataset(
      String source, ModelEntry m, String field, SubsetSpec subset, Map<String, DatasetSpec> datasets) {
    if (subset != null && !datasets.containsKey(subset.dataset())) {
      throw new IllegalArgumentException(source + ": model '" + m.id() + "': " + field + " names dataset '"
          + subset.dataset() + "', which is not declared (declared: " + datasets.keySet() + ")");
    }
  }

  /** The dataset spec a subset names. */
  public DatasetSpec dataset(SubsetSpec subset) {
    return datasets.get(subset.dataset());
  }

  /** This catalogue restricted to the given model ids (all of it when the list is empty). */
  public Catalogue only(List<String> ids) {
    if (ids.isEmpty()) {
      return this;
    }
    List<ModelEntry> kept = new ArrayList<>();
    for (String id : ids) {
      kept.add(models.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow(
          () -> new IllegalArgumentException(source + ": no model '" + id + "' (models: "
              + models.stream().map(ModelEntry::id).toList() + ")")));
    }
    return new Catalogue(source, datasets, kept);
  }
}
