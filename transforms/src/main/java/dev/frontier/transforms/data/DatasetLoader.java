package dev.frontier.transforms.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Loads the dataset a {@link DatasetSpec} describes, with its preprocessing applied: the one place that
 * knows which reader serves which format. The dataset is named after the spec.
 */
public final class DatasetLoader {
  private DatasetLoader() {}

  /**
   * @throws IOException if a file cannot be read or its content is bad (the message names the file)
   * @throws IllegalArgumentException if the preprocessing does not fit the data (names the dataset)
   */
  public static Dataset load(DatasetSpec spec) throws IOException {
    return spec.preprocessing().apply(read(spec));
  }

  private static Dataset read(DatasetSpec spec) throws IOException {
    switch (spec.format()) {
      case IDX:
        return IdxReader.read(spec.name(), Path.of(spec.images().orElseThrow()), Path.of(spec.labels().orElseThrow()));
      case CSV:
        return CsvReader.read(spec.name(), Path.of(spec.path().orElseThrow()), spec.label().orElseThrow(),
            spec.features(), spec.classes());
      case TFRECORD:
        List<Path> files = spec.files().stream().map(Path::of).collect(Collectors.toList());
        return TfRecordReader.read(spec.name(), files, spec.features(), spec.label().orElseThrow());
      default:
        throw new IllegalStateException("no reader for format " + spec.format());
    }
  }
}
