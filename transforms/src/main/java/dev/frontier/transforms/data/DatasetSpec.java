package dev.frontier.transforms.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The typed, validated form of a catalogue's dataset entry: where the data is, how to read it and how to
 * preprocess it. Immutable and serializable, so it can travel inside Beam DoFns; {@link DatasetLoader} turns
 * it into a {@link Dataset}. Paths are kept as strings (resolve relative ones before building); a catalogue may
 * name files by URL, which must be made local ({@link #withLocations}) before {@link DatasetLoader} reads them.
 *
 * <p>Fields per format ({@code R} required, {@code o} optional, blank = must not be set):
 * <pre>
 *   field          idx  csv  tfrecord   meaning
 *   images          R                   IDX images file
 *   labels          R                   IDX labels file
 *   path                 R              CSV file (with a header line)
 *   files                     R         TFRecord files, read in order
 *   label                R    R         label column (CSV) / int64 label feature (TFRecord)
 *   features             o    R         feature columns / features, in row order (CSV default: all but label)
 *   classes              o              CSV class names in id order (default: integer ids, or sorted names)
 *   preprocessing   o    o    o         default {@link Preprocessing#NONE}
 * </pre>
 * {@link Builder#build()} reports the first problem as an {@link IllegalArgumentException} naming the
 * dataset and the field.
 */
public final class DatasetSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The file formats {@link DatasetLoader} reads. */
  public enum Format {
    IDX, CSV, TFRECORD;

    /** Case-insensitive: "idx", "csv" or "tfrecord". */
    public static Format parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown dataset format '" + text + "' (expected idx, csv or tfrecord)");
      }
    }
  }

  private static final Map<Format, List<String>> USED = Map.of(
      Format.IDX, List.of("images", "labels"),
      Format.CSV, List.of("path", "label", "features", "classes"),
      Format.TFRECORD, List.of("files", "label", "features"));
  private static final Map<Format, List<String>> REQUIRED = Map.of(
      Format.IDX, List.of("images", "labels"),
      Format.CSV, List.of("path", "label"),
      Format.TFRECORD, List.of("files", "label", "features"));

  private final String name;
  private final Format format;
  private final String images;
  private final String labels;
  private final String path;
  private final List<String> files;
  private final String label;
  private final List<String> features;
  private final List<String> classes;
  private final Preprocessing preprocessing;

  private DatasetSpec(Builder b) {
    name = b.name;
    format = b.format;
    images = b.images;
    labels = b.labels;
    path = b.path;
    files = List.copyOf(b.files);
    label = b.label;
    features = List.copyOf(b.features);
    classes = List.copyOf(b.classes);
    preprocessing = b.preprocessing;
  }

  public static Builder builder(String name) { return new Builder(name); }

  public String name() { return name; }

  public Format format() { return format; }

  /** IDX images file. */
  public Optional<String> images() { return Optional.ofNullable(images); }

  /** IDX labels file. */
  public Optional<String> labels() { return Optional.ofNullable(labels); }

  /** CSV file. */
  public Optional<String> path() { return Optional.ofNullable(path); }

  /** TFRecord files (empty for other formats). */
  public List<String> files() { return files; }

  /** Label column (CSV) or label feature (TFRecord). */
  public Optional<String> label() { return Optional.ofNullable(label); }

  /** Feature columns (CSV; empty = all but the label) or features (TFRecord), in row order. */
  public List<String> features() { return features; }

  /** CSV class names in id order (empty = ids from the data). */
  public List<String> classes() { return classes; }

  public Preprocessing preprocessing() { return preprocessing; }

  /** Every file this dataset reads ({@code images}, {@code labels}, {@code path} and {@code files}), in that order. */
  public List<String> locations() {
    List<String> all = new ArrayList<>();
    images().ifPresent(all::add);
    labels().ifPresent(all::add);
    path().ifPresent(all::add);
    all.addAll(files);
    return all;
  }

  /** This spec with each file location replaced by {@code relocate}'s answer, e.g. a local copy of a URL. */
  public DatasetSpec withLocations(UnaryOperator<String> relocate) {
    Builder b = builder(name).format(format).label(label).features(features).classes(classes)
        .preprocessing(preprocessing).files(files.stream().map(relocate).toList());
    images().map(relocate).ifPresent(b::images);
    labels().map(relocate).ifPresent(b::labels);
    path().map(relocate).ifPresent(b::path);
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DatasetSpec)) {
      return false;
    }
    DatasetSpec s = (DatasetSpec) o;
    return name.equals(s.name) && format == s.format && Objects.equals(images, s.images)
        && Objects.equals(labels, s.labels) && Objects.equals(path, s.path) && files.equals(s.files)
        && Objects.equals(label, s.label) && features.equals(s.features) && classes.equals(s.classes)
        && preprocessing.equals(s.preprocessing);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, format, images, labels, path, files, label, features, classes, preprocessing);
  }

  @Override
  public String toString() {
    return "DatasetSpec{name=" + name + ", format=" + format + (images == null ? "" : ", images=" + images)
        + (labels == null ? "" : ", labels=" + labels) + (path == null ? "" : ", path=" + path)
        + (files.isEmpty() ? "" : ", files=" + files) + (label == null ? "" : ", label=" + label)
        + (features.isEmpty() ? "" : ", features=" + features) + (classes.isEmpty() ? "" : ", classes=" + classes)
        + ", " + preprocessing + "}";
  }

  /** Collects the fields of one dataset entry; {@link #build()} validates them. */
  public static final class Builder {
    private final String name;
    private Format format;
    private String images;
    private String labels;
    private String path;
    private List<String> files = List.of();
    private String label;
    private List<String> features = List.of();
    private List<String> classes = List.of();
    private Preprocessing preprocessing = Preprocessing.NONE;

    private Builder(String name) {
      this.name = name;
    }

    public Builder format(Format format) { this.format = format; return this; }

    /** Parses "idx", "csv" or "tfrecord"; an unknown name throws, naming the dataset and the field. */
    public Builder format(String format) {
      try {
        this.format = Format.parse(format);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("dataset '" + name + "': field 'format': " + e.getMessage());
      }
      return this;
    }

    public Builder images(String images) { this.images = images; return this; }

    public Builder labels(String labels) { this.labels = labels; return this; }

    public Builder path(String path) { this.path = path; return this; }

    public Builder files(List<String> files) { this.files = new ArrayList<>(files); return this; }

    public Builder label(String label) { this.label = label; return this; }

    public Builder features(List<String> features) { this.features = new ArrayList<>(features); return this; }

    public Builder classes(List<String> classes) { this.classes = new ArrayList<>(classes); return this; }

    public Builder preprocessing(Preprocessing preprocessing) {
      this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
      return this;
    }

    public DatasetSpec build() {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("dataset entry: field 'name' is required");
      }
      if (format == null) {
        throw problem("format", "is required (idx, csv or tfrecord)");
      }
      checkUsage("images", images);
      checkUsage("labels", labels);
      checkUsage("path", path);
      checkUsage("files", files);
      checkUsage("label", label);
      checkUsage("features", features);
      checkUsage("classes", classes);
      if (label != null && features.contains(label)) {
        throw problem("features", "contains the label '" + label + "'");
      }
      return new DatasetSpec(this);
    }

    /** Fields the format needs must be set and not blank; fields it does not use must not be set. */
    private void checkUsage(String field, Object value) {
      boolean set = value instanceof List ? !((List<?>) value).isEmpty() : value != null;
      List<String> used = USED.get(format);
      if (set && !used.contains(field)) {
        throw problem(field, "is not used by format " + name(format) + " (it uses " + String.join(", ", used) + ")");
      }
      if (!set && REQUIRED.get(format).contains(field)) {
        throw problem(field, "is required for format " + name(format));
      }
      List<?> values = value instanceof List ? (List<?>) value : set ? List.of(value) : List.of();
      Set<Object> seen = new HashSet<>();
      for (Object v : values) {
        if (v == null || v.toString().isBlank()) {
          throw problem(field, "is blank" + (value instanceof List ? " in " + value : ""));
        }
        if (!seen.add(v)) {
          throw problem(field, "lists '" + v + "' twice");
        }
      }
    }

    private IllegalArgumentException problem(String field, String message) {
      return new IllegalArgumentException("dataset '" + name + "': field '" + field + "' " + message);
    }

    private static String name(Format format) {
      return format.name().toLowerCase(Locale.ROOT);
    }
  }
}
