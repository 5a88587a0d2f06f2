package dev.frontier.transforms.beam.io;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.FileSystems;

/**
 * Where the catalogue's files and the sweep's outputs may be: a plain local path, or a URL
 * ({@code scheme://...}) of a Beam filesystem. Which schemes work depends on the build: {@code file} always,
 * {@code gs} with the {@code flink} (default) or {@code dataflow} profile, which bring Beam's GCP core
 * extension, {@code hdfs} with Beam's Hadoop filesystem (in the default build) once a Hadoop configuration
 * names the cluster. An unknown scheme is reported here with that advice
 * instead of Beam's bare "No filesystem found for scheme".
 */
public final class Locations {
  private static final Pattern URL = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://");
  /** The start of Beam's message for a scheme no registered filesystem serves. */
  private static final String BEAM_UNKNOWN_SCHEME = "No filesystem found for scheme";

  private Locations() {}

  /** Whether {@code location} is a URL ({@code scheme://...}, {@code file://} included) rather than a plain path. */
  public static boolean isUrl(String location) {
    return URL.matcher(location).find();
  }

  /**
   * An output directory as Beam's writers need it: a URL stays as it is, except a {@code file:} URL, which
   * becomes the absolute path it names (Beam's {@code LocalFileSystem} matches {@code file:} URLs but creates
   * new files only from plain paths); a plain path becomes absolute.
   */
  public static String outputDirectory(String location) {
    Matcher m = URL.matcher(location);
    if (!m.find()) {
      return Path.of(location).toAbsolutePath().normalize().toString();
    }
    return m.group(1).equalsIgnoreCase("file") ? Path.of(URI.create(location)).toString() : location;
  }

  /**
   * Checks that a Beam filesystem of this JVM serves {@code location}'s scheme; call it after
   * {@link FileSystems#setDefaultPipelineOptions}. Plain paths always pass.
   *
   * @throws IllegalArgumentException naming the location, its scheme and what provides that scheme
   */
  public static void requireFileSystem(String location) {
    Matcher m = URL.matcher(location);
    if (!m.find()) {
      return;
    }
    try {
      FileSystems.matchNewResource(location, true);
    } catch (IllegalArgumentException e) {
      if (String.valueOf(e.getMessage()).startsWith(BEAM_UNKNOWN_SCHEME)) {
        throw new IllegalArgumentException(location + ": no filesystem for scheme '" + m.group(1)
            + "' in this build; " + provider(m.group(1).toLowerCase(Locale.ROOT)), e);
      }
      throw e;
    }
  }

  private static String provider(String scheme) {
    switch (scheme) {
      case "gs":
        return "gs:// comes with Beam's Google Cloud Platform core extension, which the flink profile (active "
            + "by default) and the dataflow profile (FRONTIER_PROFILES=dataflow, or mvn -Pdataflow) bring into the jar";
      case "hdfs":
      case "webhdfs":
      case "viewfs":
        return scheme + ":// is served by Beam's Hadoop filesystem (beam-sdks-java-io-hadoop-file-system, in the "
            + "default build) once a Hadoop configuration names the cluster: set HADOOP_CONF_DIR or pass "
            + "--hdfsConfiguration=[{\"fs.defaultFS\":\"hdfs://NAMENODE:8020\"}]";
      default:
        return "the jar serves file:// always, gs:// with the flink (default) or dataflow profile and hdfs:// with "
            + "a Hadoop configuration; another scheme needs its Beam filesystem module added to pipelines/pom.xml";
    }
  }
}
