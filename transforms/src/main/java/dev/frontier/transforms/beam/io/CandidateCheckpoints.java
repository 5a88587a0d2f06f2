package dev.frontier.transforms.beam.io;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frontier.transforms.results.CandidateResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small JSON file per finished candidate under {@code OUTPUT/candidates/}, written as soon as the
 * candidate is measured. A rerun with the same output directory reads them back and skips those
 * candidates, so an interrupted sweep continues where it stopped; the files are named by the stable
 * candidate id, so writing one twice is harmless. Goes through Beam {@link FileSystems}, so it works on
 * any filesystem the pipeline can write.
 */
public final class CandidateCheckpoints {
  public static final String DIR = "candidates";
  private static final String SUFFIX = ".json";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private static final Logger LOG = LoggerFactory.getLogger(CandidateCheckpoints.class);

  private CandidateCheckpoints() {}

  /** Records a measured candidate (before front flags are set). Written to a temporary name, then renamed. */
  public static void write(String outputDir, CandidateResult result) {
    ResourceId dir = dir(outputDir);
    ResourceId temp = dir.resolve(result.candidateId() + SUFFIX + ".tmp", StandardResolveOptions.RESOLVE_FILE);
    ResourceId done = dir.resolve(result.candidateId() + SUFFIX, StandardResolveOptions.RESOLVE_FILE);
    try {
      try (OutputStream out = Channels.newOutputStream(FileSystems.create(temp, MimeTypes.TEXT))) {
        JSON.writeValue(out, result);
      }
      FileSystems.rename(List.of(temp), List.of(done), StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + done + ": " + e.getMessage(), e);
    }
  }

  /** Every candidate recorded under {@code outputDir}, in no particular order (none when there are none). */
  public static List<CandidateResult> readAll(String outputDir) throws IOException {
    String pattern = dir(outputDir).resolve("*" + SUFFIX, StandardResolveOptions.RESOLVE_FILE).toString();
    MatchResult match = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
    List<CandidateResult> results = new ArrayList<>();
    if (match.status() != MatchResult.Status.OK) {
      return results;
    }
    for (MatchResult.Metadata file : match.metadata()) {
      try (InputStream in = Channels.newInputStream(FileSystems.open(file.resourceId()))) {
        CandidateResult r = JSON.readValue(in, CandidateResult.class);
        if (r.graphSha256() == null) {
          LOG.info("checkpoint {} predates artifact export (no graph hash); its candidate is measured again",
              file.resourceId());
          continue;
        }
        results.add(r);
      } catch (IOException e) {
        throw new IOException("checkpoint " + file.resourceId() + " is unreadable (delete it to measure that "
            + "candidate again): " + e.getMessage(), e);
      }
    }
    return results;
  }

  private static ResourceId dir(String outputDir) {
    return FileSystems.matchNewResource(outputDir, true).resolve(DIR, StandardResolveOptions.RESOLVE_DIRECTORY);
  }
}
