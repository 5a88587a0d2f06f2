package dev.frontier.pipelines;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frontier.transforms.beam.io.Locations;
import dev.frontier.transforms.beam.io.StagedFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * What a sweep was run with, kept in its output so that {@code frontier export} can rebuild any of its
 * candidates later without being told again: {@code OUTPUT/sweep-inputs.json} names the catalogue (an
 * absolute path or URL) and {@code OUTPUT/sweep.yaml} is a byte-for-byte copy of the sweep file.
 *
 * @param catalogue where the catalogue file was (absolute path or URL)
 * @param sweepFile the copy of the sweep file, relative to the output folder
 */
public record SweepRecord(String catalogue, @JsonProperty("sweep_file") String sweepFile) {
  public static final String FILE = "sweep-inputs.json";
  public static final String SWEEP_COPY = "sweep.yaml";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  /** Records {@code catalogue} and a copy of {@code sweep} in the output folder {@code outputDir}. */
  public static void write(String outputDir, String catalogue, Path sweep) throws IOException {
    ResourceId dir = FileSystems.matchNewResource(outputDir, true);
    write(dir.resolve(SWEEP_COPY, StandardResolveOptions.RESOLVE_FILE), Files.readAllBytes(sweep));
    write(dir.resolve(FILE, StandardResolveOptions.RESOLVE_FILE),
        JSON.writeValueAsBytes(new SweepRecord(catalogue, SWEEP_COPY)));
  }

  /**
   * The record of the sweep whose output is {@code outputDir}.
   *
   * @throws IOException when the folder has none (not a sweep's output, or one older than the record)
   */
  public static SweepRecord read(String outputDir) throws IOException {
    try (InputStream in = open(outputDir, FILE)) {
      return JSON.readValue(in, SweepRecord.class);
    }
  }

  /** The sweep file copy as a local file (a remote output's copy is staged first). */
  public Path localSweepFile(String outputDir) throws IOException {
    String location = outputDir + "/" + sweepFile;
    return Locations.isUrl(location) ? StagedFiles.create().local(location) : Path.of(location);
  }

  private static InputStream open(String outputDir, String name) throws IOException {
    String location = outputDir + "/" + name;
    MatchResult match = FileSystems.match(location, EmptyMatchTreatment.ALLOW);
    if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
      throw new IOException(location + " does not exist: " + outputDir + " is not the output of a sweep that "
          + "records its inputs; pass --catalogue and --sweep");
    }
    return Channels.newInputStream(FileSystems.open(match.metadata().get(0).resourceId()));
  }

  private static void write(ResourceId file, byte[] bytes) throws IOException {
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(file, MimeTypes.TEXT))) {
      out.write(bytes);
    }
  }
}
