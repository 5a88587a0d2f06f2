package dev.frontier.transforms.beam.train;

import dev.frontier.transforms.data.Dataset;
import dev.frontier.transforms.data.IdxReader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Where {@link TrainModels} reads its data: IDX image/label files of a training split and of the test split
 * every exported model is measured on, and optionally a cap on the training rows (for quick runs).
 *
 * @param trainImages IDX images of the training split (gzipped or not)
 * @param trainLabels IDX labels of the training split
 * @param testImages IDX images of the test split
 * @param testLabels IDX labels of the test split
 * @param trainRowLimit use only the first this-many training rows; 0 means all
 */
public record TrainDataSpec(String trainImages, String trainLabels, String testImages, String testLabels,
    int trainRowLimit) implements Serializable {
  /** Standard file names of the MNIST / Fashion-MNIST distributions. */
  public static final String TRAIN_IMAGES_FILE = "train-images-idx3-ubyte.gz";
  public static final String TRAIN_LABELS_FILE = "train-labels-idx1-ubyte.gz";
  public static final String TEST_IMAGES_FILE = "t10k-images-idx3-ubyte.gz";
  public static final String TEST_LABELS_FILE = "t10k-labels-idx1-ubyte.gz";
  public static final int ALL_ROWS = 0;

  public TrainDataSpec {
    Objects.requireNonNull(trainImages, "trainImages");
    Objects.requireNonNull(trainLabels, "trainLabels");
    Objects.requireNonNull(testImages, "testImages");
    Objects.requireNonNull(testLabels, "testLabels");
    if (trainRowLimit < 0) {
      throw new IllegalArgumentException("trainRowLimit must be >= 0 (0 = all), got " + trainRowLimit);
    }
  }

  /** The four standard IDX files in {@code folder}, all training rows. */
  public static TrainDataSpec idxFolder(Path folder) {
    return new TrainDataSpec(folder.resolve(TRAIN_IMAGES_FILE).toString(), folder.resolve(TRAIN_LABELS_FILE).toString(),
        folder.resolve(TEST_IMAGES_FILE).toString(), folder.resolve(TEST_LABELS_FILE).toString(), ALL_ROWS);
  }

  /** The same files with at most {@code rows} training rows (0 = all). */
  public TrainDataSpec withTrainRowLimit(int rows) {
    return new TrainDataSpec(trainImages, trainLabels, testImages, testLabels, rows);
  }

  /** The files, in the order train images, train labels, test images, test labels. */
  public List<String> files() {
    return List.of(trainImages, trainLabels, testImages, testLabels);
  }

  /** Throws {@link IllegalArgumentException} naming every file that is missing (call before any worker starts). */
  public void checkReadable() {
    List<String> missing = files().stream().filter(f -> !Files.isReadable(Path.of(f))).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("training data not readable: " + String.join(", ", missing));
    }
  }

  /** Reads the training split (capped at {@link #trainRowLimit()}). */
  public Dataset readTrain() throws IOException {
    Dataset all = IdxReader.read("train", Path.of(trainImages), Path.of(trainLabels));
    if (trainRowLimit == ALL_ROWS || trainRowLimit >= all.size()) {
      return all;
    }
    return all.select("train-first-" + trainRowLimit, IntStream.range(0, trainRowLimit).toArray());
  }

  /** Reads the test split. */
  public Dataset readTest() throws IOException {
    return IdxReader.read("test", Path.of(testImages), Path.of(testLabels));
  }
}
