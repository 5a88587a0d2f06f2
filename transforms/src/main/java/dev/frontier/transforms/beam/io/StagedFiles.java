package dev.frontier.transforms.beam.io;

import dev.frontier.transforms.config.LocalFiles;
import dev.frontier.transforms.model.Sha256;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LocalFiles} for pipeline workers and the command line: a location with a URL scheme ({@code gs://},
 * {@code hdfs://}, {@code file://}, any Beam filesystem) is copied through {@link FileSystems} into a local
 * staging directory, once per JVM, and the copy is read; a plain path is used as it is. TensorFlow loads a
 * SavedModel only from a local directory, and the dataset readers use {@code java.nio}, so this is what lets
 * a catalogue point at shared storage.
 *
 * <p>A location is staged into {@code STAGING/jvm-<pid>/<16 hex digits of its SHA-256>/}: a directory
 * location (a SavedModel) as its whole tree, a single file under its own name. Each JVM has its own
 * folder, so TaskManagers sharing a host and a temp directory never replace a copy another one is reading;
 * the folder is deleted when the JVM exits. The copy is written into a temporary directory beside it and
 * renamed into place, so a reader never sees half a copy. Concurrent calls for one location wait for a
 * single copy; a copy left by an earlier JVM that had the same process id is replaced, since the source may
 * have changed. {@code STAGING} is the system property {@value #STAGING_DIR_PROPERTY} of the JVM that stages,
 * else {@code ${java.io.tmpdir}/frontier-staging}.
 */
public final class StagedFiles implements LocalFiles {
  private static final long serialVersionUID = 1L;
  /** System property naming the staging directory of a worker JVM. */
  public static final String STAGING_DIR_PROPERTY = "frontier.staging.dir";
  /** The staging directory's name under {@code java.io.tmpdir} when the property is not set. */
  public static final String DEFAULT_DIR_NAME = "frontier-staging";
  /** Hex digits of the location's SHA-256 that name its copy: 64 bits, no collision in any real catalogue. */
  private static final int NAME_HEX_DIGITS = 16;
  private static final Logger LOG = LoggerFactory.getLogger(StagedFiles.class);
  private static final StagedFiles PER_WORKER = new StagedFiles(null);
  /** Copies made or being made in this JVM, by their local directory. */
  private static final ConcurrentMap<Path, Staging> STAGED = new ConcurrentHashMap<>();
  private static final AtomicLong COPIES = new AtomicLong();
  /** This JVM's staging folders, each deleted when the JVM exits. */
  private static final ConcurrentMap<Path, Boolean> JVM_DIRS = new ConcurrentHashMap<>();

  /** The staging directory, or null for the one of whichever JVM stages. */
  private final String stagingDir;

  private StagedFiles(String stagingDir) {
    this.stagingDir = stagingDir;
  }

  /** Stages into the staging directory of whichever JVM reads the location (see the class comment). */
  public static StagedFiles create() {
    return PER_WORKER;
  }

  /** Stages into {@code stagingDir}, on every JVM (tests, or a launcher that knows its workers' disks). */
  public static StagedFiles in(Path stagingDir) {
    return new StagedFiles(stagingDir.toAbsolutePath().toString());
  }

  /**
   * The local copy of a URL location (a directory for a directory), made at the first call in this JVM; a
   * plain path unchanged.
   *
   * @throws FileNotFoundException if nothing exists at the location (the message names it)
   * @throws IllegalArgumentException if no filesystem of this build serves the location's scheme
   */
  @Override
  public Path local(String location) throws IOException {
    if (!Locations.isUrl(location)) {
      return Path.of(location);
    }
    Path target = target(location);
    return STAGED.computeIfAbsent(target, t -> new Staging(location, t)).path();
  }

  /** Where this JVM stages {@code location}. */
  Path target(String location) {
    Path jvmDir = stagingDir().resolve("jvm-" + ProcessHandle.current().pid());
    JVM_DIRS.computeIfAbsent(jvmDir, StagedFiles::deleteAtExit);
    return jvmDir.resolve(Sha256.hex(location).substring(0, NAME_HEX_DIGITS));
  }

  private static Boolean deleteAtExit(Path jvmDir) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(jvmDir.toFile()),
        "frontier-staging-cleanup"));
    return Boolean.TRUE;
  }

  /** Locations copied in this JVM so far (for tests: a second request must not copy again). */
  static long copiesInThisJvm() {
    return COPIES.get();
  }

  private Path stagingDir() {
    String dir = stagingDir != null ? stagingDir : System.getProperty(STAGING_DIR_PROPERTY);
    return dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), DEFAULT_DIR_NAME);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StagedFiles && Objects.equals(stagingDir, ((StagedFiles) o).stagingDir);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(stagingDir);
  }

  @Override
  public String toString() {
    return "StagedFiles{" + (stagingDir == null ? "per worker" : stagingDir) + "}";
  }

  /** One location's copy: made by the first caller, the others wait for it; a failed copy is tried again. */
  private static final class Staging {
    private final String location;
    private final Path target;
    private Path local; // null until copied

    Staging(String location, Path target) {
      this.location = location;
      this.target = target;
    }

    synchronized Path path() throws IOException {
      if (local == null) {
        local = copy(location, target);
      }
      return local;
    }
  }

  /** The files of a location: a single file, or every file under a directory, with their local names. */
  private record Listing(List<MatchResult.Metadata> files, List<String> relativePaths, boolean directory) {}

  private static Path copy(String location, Path target) throws IOException {
    Locations.requireFileSystem(location);
    Listing listing = list(location);
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempDirectory(target.getParent(), target.getFileName() + ".tmp-");
    long bytes = 0;
    try {
      for (int i = 0; i < listing.files().size(); i++) {
        Path file = temp.resolve(listing.relativePaths().get(i)).normalize();
        if (!file.startsWith(temp)) {
          throw new IOException(location + ": file " + listing.files().get(i).resourceId() + " lies outside it");
        }
        Files.createDirectories(file.getParent());
        try (InputStream in = Channels.newInputStream(FileSystems.open(listing.files().get(i).resourceId()))) {
          bytes += Files.copy(in, file);
        }
      }
      publish(temp, target);
    } finally {
      FileUtils.deleteDirectory(temp.toFile());
    }
    COPIES.incrementAndGet();
    Counters.LOCATIONS.inc();
    Counters.FILES.inc(listing.files().size());
    Counters.BYTES.inc(bytes);
    LOG.info("staged {} ({} files, {} bytes) into {}", location, listing.files().size(), bytes, target);
    return listing.directory() ? target : target.resolve(listing.relativePaths().get(0));
  }

  /**
   * The location as a directory tree ({@code location/**}), or else as a single file. Directory entries that
   * some filesystems list (zero-byte {@code dir/} objects) are skipped.
   */
  private static Listing list(String location) throws IOException {
    String dir = location.endsWith("/") ? location : location + "/";
    MatchResult tree = FileSystems.match(dir + "**", EmptyMatchTreatment.ALLOW);
    String dirPath = pathPart(dir);
    List<MatchResult.Metadata> files = new ArrayList<>();
    List<String> names = new ArrayList<>();
    if (tree.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata m : tree.metadata()) {
        String path = pathPart(m.resourceId().toString());
        if (m.resourceId().isDirectory() || path.endsWith("/") || !path.startsWith(dirPath)) {
          continue;
        }
        files.add(m);
        names.add(path.substring(dirPath.length()));
      }
    }
    if (!files.isEmpty()) {
      return new Listing(files, names, true);
    }
    MatchResult single = FileSystems.match(location, EmptyMatchTreatment.ALLOW);
    if (single.status() != MatchResult.Status.OK || single.metadata().isEmpty()) {
      throw new FileNotFoundException(location + " does not exist (no file there, and no files under it)");
    }
    ResourceId file = single.metadata().get(0).resourceId();
    return new Listing(List.of(single.metadata().get(0)), List.of(file.getFilename()), false);
  }

  /**
   * A location's path without {@code scheme://authority}: filesystems print matched files in their own form
   * ({@code LocalFileSystem} without {@code file://}, HDFS with the namenode's port), so files are placed
   * relative to the directory by path alone.
   */
  private static String pathPart(String resource) {
    int scheme = resource.indexOf("://");
    if (scheme < 0 || !Locations.isUrl(resource)) {
      return resource;
    }
    int path = resource.indexOf('/', scheme + 3);
    return path < 0 ? "/" : resource.substring(path);
  }

  /** Renames the finished copy into place, replacing one left by an earlier JVM. */
  private static void publish(Path temp, Path target) throws IOException {
    if (Files.exists(target)) {
      Path old = target.resolveSibling(target.getFileName() + ".old-" + UUID.randomUUID());
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      FileUtils.deleteDirectory(old.toFile());
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      LOG.info("{} was staged by another process meanwhile; using that copy", target);
    }
  }

  /** Beam counters of the step that staged (a copy counts once, in the step whose element needed it first). */
  private static final class Counters {
    static final Counter LOCATIONS = Metrics.counter(StagedFiles.class, "staged_locations");
    static final Counter FILES = Metrics.counter(StagedFiles.class, "staged_files");
    static final Counter BYTES = Metrics.counter(StagedFiles.class, "staged_bytes");
  }
}
