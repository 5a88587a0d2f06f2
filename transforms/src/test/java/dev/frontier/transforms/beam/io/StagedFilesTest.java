package dev.frontier.transforms.beam.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.transforms.config.ModelEntry;
import dev.frontier.transforms.config.SubsetSpec;
import dev.frontier.transforms.model.ModelImportException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staging through the real Beam {@code LocalFileSystem} by {@code file://} URLs: the same calls through
 * {@code FileSystems} that a {@code gs://} or {@code hdfs://} location takes.
 */
class StagedFilesTest {
  @TempDir Path dir;
  Path source;
  Path stagingDir;
  StagedFiles staged;

  /** A SavedModel-shaped tree (nested variables/) and a single data file, with random bytes. */
  @BeforeEach
  void writeSources() throws IOException {
    source = dir.resolve("remote");
    Random random = new Random(7);
    write(source.resolve("model/saved_model.pb"), random, 3000);
    write(source.resolve("model/variables/variables.index"), random, 200);
    write(source.resolve("model/variables/variables.data-00000-of-00001"), random, 70_000);
    write(source.resolve("data/iris.csv"), random, 500);
    stagingDir = dir.resolve("staging");
    staged = StagedFiles.in(stagingDir);
  }

  private static void write(Path file, Random random, int sizeBytes) throws IOException {
    byte[] bytes = new byte[sizeBytes];
    random.nextBytes(bytes);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  private static String url(Path path) {
    return "file://" + path.toAbsolutePath();
  }

  /** Every regular file under {@code root} by its relative path, with its bytes. */
  private static Map<String, byte[]> tree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      Map<String, byte[]> files = new TreeMap<>();
      for (Path p : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
        files.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
      return files;
    }
  }

  @Test
  void aDirectoryIsCopiedWholeWithNestedFilesByteForByte() throws IOException {
    Path local = staged.local(url(source.resolve("model")));

    assertTrue(local.startsWith(stagingDir), local.toString());
    Map<String, byte[]> expected = tree(source.resolve("model"));
    Map<String, byte[]> copied = tree(local);
    assertEquals(Set.of("saved_model.pb", "variables/variables.index", "variables/variables.data-00000-of-00001"),
        copied.keySet());
    for (String name : expected.keySet()) {
      assertArrayEquals(expected.get(name), copied.get(name), name);
    }
    try (Stream<Path> left = Files.list(local.getParent())) {
      assertEquals(List.of(local), left.collect(Collectors.toList()), "no temporary directory is left beside it");
    }
  }

  @Test
  void aSingleFileIsCopiedUnderItsOwnName() throws IOException {
    Path local = staged.local(url(source.resolve("data/iris.csv")));

    assertEquals("iris.csv", local.getFileName().toString());
    assertTrue(local.startsWith(stagingDir), local.toString());
    assertArrayEquals(Files.readAllBytes(source.resolve("data/iris.csv")), Files.readAllBytes(local));
  }

  @Test
  void aSecondRequestReturnsTheSameCopyWithoutCopyingAgain() throws IOException {
    String location = url(source.resolve("model"));
    long before = StagedFiles.copiesInThisJvm();
    Path first = staged.local(location);
    FileTime written = FileTime.fromMillis(1_000_000);
    Files.setLastModifiedTime(first.resolve("saved_model.pb"), written);

    Path second = staged.local(location);

    assertEquals(first, second);
    assertEquals(1, StagedFiles.copiesInThisJvm() - before);
    assertEquals(written, Files.getLastModifiedTime(second.resolve("saved_model.pb")), "the file was not rewritten");
  }

  @Test
  void concurrentRequestsStageOnce() throws Exception {
    String location = url(source.resolve("model"));
    int threads = 8;
    long before = StagedFiles.copiesInThisJvm();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Path>> paths = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        paths.add(pool.submit(() -> {
          start.await();
          return staged.local(location);
        }));
      }
      start.countDown();
      Set<Path> distinct = new java.util.HashSet<>();
      for (Future<Path> p : paths) {
        distinct.add(p.get());
      }
      assertEquals(1, distinct.size(), distinct.toString());
      assertEquals(1, StagedFiles.copiesInThisJvm() - before, "one copy for " + threads + " threads");
      assertEquals(tree(source.resolve("model")).keySet(), tree(distinct.iterator().next()).keySet());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCopyLeftByAnEarlierJvmWithThisPidIsReplaced() throws IOException {
    String location = url(source.resolve("model"));
    Path target = staged.target(location);
    assertTrue(target.startsWith(stagingDir.resolve("jvm-" + ProcessHandle.current().pid())), target.toString());
    Files.createDirectories(target.resolve("variables"));
    Files.writeString(target.resolve("stale.txt"), "from an earlier run");
    Files.writeString(target.resolve("saved_model.pb"), "old content");

    Path local = staged.local(location);

    assertEquals(target, local);
    assertEquals(tree(source.resolve("model")).keySet(), tree(local).keySet());
    assertArrayEquals(Files.readAllBytes(source.resolve("model/saved_model.pb")),
        Files.readAllBytes(local.resolve("saved_model.pb")));
  }

  @Test
  void aMissingLocationIsAnErrorNamingIt() {
    String location = url(source.resolve("no-such-model"));
    FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> staged.local(location));
    assertTrue(e.getMessage().contains(location), e.getMessage());
  }

  @Test
  void aMissingSavedModelIsAnImportErrorNamingModelAndLocation() {
    String location = url(source.resolve("no-such-model"));
    ModelEntry entry = new ModelEntry("lost", location, ModelEntry.DEFAULT_SIGNATURE, null, ModelEntry.DEFAULT_TAGS,
        false, new SubsetSpec("d", SubsetSpec.ALL_ROWS, 1), null, null);
    ModelImportException e = assertThrows(ModelImportException.class, () -> entry.importRequest(staged));
    assertTrue(e.getMessage().contains("model 'lost'") && e.getMessage().contains(location), e.getMessage());
  }

  @Test
  void anUnknownSchemeIsAnErrorNamingTheSchemeAndWhatProvidesIt() {
    // transforms has no GCP extension on its classpath (pipelines gets one with the flink profile).
    IllegalArgumentException gs = assertThrows(IllegalArgumentException.class,
        () -> staged.local("gs://bucket/models/m"));
    assertTrue(gs.getMessage().contains("'gs'") && gs.getMessage().contains("dataflow"), gs.getMessage());
    IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
        () -> staged.local("nope://host/m"));
    assertTrue(other.getMessage().contains("'nope'") && other.getMessage().contains("pipelines/pom.xml"),
        other.getMessage());
  }

  @Test
  void aPlainPathIsUsedAsItIsWithoutCopying() throws IOException {
    long before = StagedFiles.copiesInThisJvm();
    String plain = source.resolve("model").toString();

    assertEquals(Path.of(plain), staged.local(plain));
    assertEquals(0, StagedFiles.copiesInThisJvm() - before);
    assertFalse(Files.exists(stagingDir), "nothing staged");
  }
}
