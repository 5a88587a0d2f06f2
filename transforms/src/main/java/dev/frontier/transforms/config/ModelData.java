package dev.frontier.transforms.config;

import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.data.DatasetLoader;
import dev.frontier.transforms.data.DatasetSpec;
import dev.frontier.transforms.data.Splits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads the rows a model of a catalogue is measured and calibrated on. Each dataset is read once and
 * shared by every model that names it; the split into calibration and evaluation rows is the seeded,
 * deterministic one of {@link Splits}, so every stage of a run sees the same rows. Dataset files are read
 * through {@link LocalFiles}, when a model first needs them, so a worker fetches only the datasets of the
 * models it processes.
 */
public final class ModelData {
  /** Calibration rows drawn when a model names no calibration subset: none are needed then. */
  private static final int NO_CALIBRATION_ROWS = 0;

  /** One instance per catalogue file, way of reading files and JVM, so pipeline workers read each dataset once. */
  private static final Map<SharedKey, ModelData> SHARED = new ConcurrentHashMap<>();

  private final Catalogue catalogue;
  private final LocalFiles files;
  private final Map<String, Dataset> loaded = new ConcurrentHashMap<>();
  private final Map<String, Splits.Split> splits = new ConcurrentHashMap<>();
  private final Map<String, Dataset> trainings = new ConcurrentHashMap<>();

  public ModelData(Catalogue catalogue, LocalFiles files) {
    this.catalogue = catalogue;
    this.files = files;
  }

  /** The JVM-wide instance for a catalogue (keyed by its source file) read through {@code files}. */
  public static ModelData shared(Catalogue catalogue, LocalFiles files) {
    return SHARED.computeIfAbsent(new SharedKey(catalogue.source(), files), k -> new ModelData(catalogue, files));
  }

  /** How this instance reads the catalogue's files; import the models through the same. */
  public LocalFiles files() {
    return files;
  }

  /** The calibration and evaluation rows of one model, drawn once per model and reused. */
  public Splits.Split split(ModelEntry model) {
    return splits.computeIfAbsent(model.id(), id -> draw(model));
  }

  /**
   * The rows {@code model} may be fine-tuned on: {@code training.rows} rows of its training dataset in a seeded
   * order (all of them for {@code all}), drawn once per model and reused.
   *
   * @throws IllegalArgumentException naming the model when it has no {@code training:} entry or the dataset has
   *     fewer rows than asked for
   */
  public Dataset training(ModelEntry model) {
    if (model.training() == null) {
      throw new IllegalArgumentException("model '" + model.id() + "' names no training rows (catalogue 'training:')");
    }
    return trainings.computeIfAbsent(model.id(), id -> {
      TrainingSpec spec = model.training();
      Dataset all = dataset(spec.subset());
      int rows = spec.rows() == SubsetSpec.ALL_ROWS ? all.size() : spec.rows();
      if (rows > all.size()) {
        throw new IllegalArgumentException("model '" + id + "': training asks for " + rows + " rows, dataset '"
            + spec.dataset() + "' has " + all.size());
      }
      int[] order = new int[all.size()];
      Arrays.setAll(order, i -> i);
      Splits.shuffle(order, new SplittableRandom(spec.seed()));
      return all.select(spec.dataset() + "-training-" + rows, Arrays.copyOf(order, rows));
    });
  }

  private Splits.Split draw(ModelEntry model) {
    SubsetSpec eval = model.evaluation();
    SubsetSpec cal = model.calibration() == null
        ? new SubsetSpec(eval.dataset(), NO_CALIBRATION_ROWS, eval.seed())
        : model.calibration();
    try {
      return Splits.of(dataset(cal), cal.rows(), dataset(eval), eval.rows(), cal.seed());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model '" + model.id() + "': " + e.getMessage(), e);
    }
  }

  private Dataset dataset(SubsetSpec subset) {
    return loaded.computeIfAbsent(subset.dataset(), name -> {
      try {
        return DatasetLoader.load(local(catalogue.dataset(subset)));
      } catch (IOException e) {
        throw new UncheckedIOException("dataset '" + name + "': " + e.getMessage(), e);
      }
    });
  }

  /** The spec with every file location replaced by its local copy. */
  private DatasetSpec local(DatasetSpec spec) throws IOException {
    Map<String, String> localPaths = new HashMap<>();
    for (String location : spec.locations()) {
      localPaths.put(location, files.local(location).toString());
    }
    return spec.withLocations(localPaths::get);
  }

  private record SharedKey(String source, LocalFiles files) {}
}
