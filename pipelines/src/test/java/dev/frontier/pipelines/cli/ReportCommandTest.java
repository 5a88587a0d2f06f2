package dev.frontier.pipelines.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.frontier.pipelines.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code frontier report} without a sweep: a folder that is not a sweep's output is refused with exit 2 and a
 * message saying so, and writes nothing; artifact links are relative between local folders and absolute for
 * URLs. ReportBrowserTest runs it on a real sweep's output.
 */
class ReportCommandTest {
  @TempDir Path dir;

  @Test
  void aFolderWithoutResultsIsRefused() {
    CommandRun run = CommandRun.of("report", "--results", dir.toString());
    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("holds no results*.parquet"), run.err());
    assertFalse(Files.exists(dir.resolve("report.html")));
  }

  @Test
  void artifactLinksAreRelativeBetweenLocalFoldersAndAbsoluteForUrls() {
    assertEquals("artifacts/", ReportCommand.artifactsLink("/data/sweep", "/data/sweep/report.html"));
    assertEquals("../sweep/artifacts/", ReportCommand.artifactsLink("/data/sweep", "/data/reports/r.html"));
    assertEquals("gs://b/sweep/artifacts/", ReportCommand.artifactsLink("gs://b/sweep", "/tmp/r.html"));
  }
}
