package dev.frontier.transforms.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a {@link SweepReport} as one self-contained HTML page: the template {@code report.html} with its
 * style ({@code report.css}), its script ({@code report.js}), the ECharts library and the data as JSON
 * inlined, so the page opens from disk with no network and no server.
 *
 * <p>ECharts comes from its webjar on the classpath (pinned in the parent POM), minified build with the common
 * charts only; its version is read from the webjar's own Maven properties, so the POM is the one place to
 * change it.
 */
public final class ReportHtml {
  /** The report's file name in a sweep's output. */
  public static final String FILE = "report.html";

  private static final String WEBJAR = "META-INF/maven/org.webjars.npm/echarts/pom.properties";
  private static final String ECHARTS = "META-INF/resources/webjars/echarts/%s/dist/echarts.common.min.js";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(title|style|echarts|data|script)\\}\\}");
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private ReportHtml() {}

  /**
   * The page for {@code report}. {@code source} names the sweep output in the page's header;
   * {@code artifactsBase} is the relative link from the page to the sweep's {@code artifacts/} folder
   * (ending in "/"), which exported candidates link into.
   */
  public static String render(SweepReport report, String source, String artifactsBase) {
    Map<String, String> parts = Map.of(
        "title", escapeHtml("Frontier report: " + source),
        "style", resource("report.css"),
        "echarts", echarts(),
        "data", json(ReportData.of(report, source, artifactsBase)),
        "script", resource("report.js"));
    // One pass over the template only, so nothing inserted (a model id, the library) is read as a placeholder.
    Matcher m = PLACEHOLDER.matcher(resource("report.html"));
    StringBuilder page = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(page, Matcher.quoteReplacement(parts.get(m.group(1))));
    }
    return m.appendTail(page).toString();
  }

  /** The page as UTF-8 bytes. */
  public static byte[] bytes(SweepReport report, String source, String artifactsBase) {
    return render(report, source, artifactsBase).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code data} as JSON that is safe inside a {@code <script>} element: every {@code <} (which JSON only has
   * inside strings) becomes {@code \u003c}, so no value can close the element or open a comment.
   */
  static String json(Object data) {
    try {
      return JSON.writeValueAsString(data).replace("<", "\\u003c");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the report's data as JSON", e);
    }
  }

  private static String echarts() {
    Properties webjar = new Properties();
    try (InputStream in = classpath(WEBJAR)) {
      webjar.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (InputStream in = classpath(String.format(ECHARTS, webjar.getProperty("version")))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = ReportHtml.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " of the report is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream classpath(String name) {
    InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " is not on the classpath: the report needs the org.webjars.npm:echarts"
          + " dependency that transforms/pom.xml declares");
    }
    return in;
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
