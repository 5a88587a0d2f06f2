package dev.frontier.pipelines;

import static dev.frontier.pipelines.TinySweep.read;
import static dev.frontier.pipelines.TinySweep.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tiny sweep's {@code report.html} ({@link TinySweep#directRun}) opened in a real browser, headless Chromium:
 * the page draws without a script error or console message, each model's two plots hold as many points as the
 * model has rows in {@code results*.parquet}, the chosen candidate is marked on both, the broken model's failure
 * is listed, and a screenshot is saved as {@code target/report-browser/report.png} for a person to look at.
 * Exported candidates link to their artifact folders; {@code frontier report} rebuilds the same data from the
 * Parquet, its links relative to wherever it writes the page.
 *
 * <p>Needs Debian's {@code chromium} ({@code scripts/setup.sh} installs it): in CI its absence fails the test,
 * elsewhere it skips with the command to install it. {@code -Dfrontier.chromium=PATH} names another binary.
 */
class ReportBrowserTest {
  private static final Path TARGET = Path.of("target", "report-browser");
  private static final Pattern CHART = Pattern.compile("<div class=\"chart\"[^>]*>");
  private static final Pattern ATTRIBUTE = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");
  private static final Pattern DATA = Pattern.compile(
      "<script id=\"report-data\" type=\"application/json\">(.*?)</script>", Pattern.DOTALL);
  private static final long BROWSER_SECONDS = 90;

  static TinySweep.Run run;
  static Path report;
  static List<GenericRecord> results;
  static String chromium;

  @BeforeAll
  static void sweep() throws IOException {
    chromium = chromium();
    run = TinySweep.directRun();
    report = run.out().resolve("report.html");
    results = read(run.out(), "results");
    Files.createDirectories(TARGET);
  }

  @Test
  void theSweepWritesTheReportAndItDrawsEveryRowWithoutErrors() throws Exception {
    assertTrue(Files.isRegularFile(report), "the sweep wrote no " + report);
    Browser page = open(report, "--dump-dom");
    String dom = page.stdout();
    assertTrue(dom.contains("data-ready=\"true\""), "the page's script did not finish:\n" + page.stderr());
    assertTrue(dom.contains("data-errors=\"0\""), "script errors on the page: " + between(dom, "report-errors"));
    List<String> console = page.stderr().lines().filter(l -> l.contains(":CONSOLE")).toList();
    assertEquals(List.of(), console, "the page wrote to the console");

    Map<String, List<GenericRecord>> byModel =
        results.stream().collect(Collectors.groupingBy(r -> str(r, "model_id")));
    List<Map<String, String>> charts = charts(dom);
    for (Map.Entry<String, List<GenericRecord>> model : byModel.entrySet()) {
      String chosen = model.getValue().stream().filter(r -> (Boolean) r.get("chosen"))
          .map(r -> str(r, "candidate_id")).findFirst().orElse("");
      for (String plot : List.of("size", "latency")) {
        Map<String, String> chart = charts.stream()
            .filter(c -> model.getKey().equals(c.get("data-model")) && plot.equals(c.get("data-plot")))
            .findFirst().orElseThrow(() -> new AssertionError("no " + plot + " plot of " + model.getKey()));
        assertEquals(String.valueOf(model.getValue().size()), chart.get("data-points"),
            plot + " plot of " + model.getKey() + ": points drawn vs rows in the Parquet");
        assertEquals(chosen, chart.get("data-chosen"), plot + " plot of " + model.getKey() + ": chosen mark");
      }
    }
    assertFalse(chosenOf(byModel).isEmpty(), "the tiny sweep chose no candidate at all: nothing was checked");
    assertTrue(dom.contains("id=\"failures\"") && between(dom, "failures").contains("ImportModel"),
        "the broken model's import failure is not listed");
  }

  @Test
  void screenshotIsSavedForAPersonToLookAt() throws Exception {
    Path png = TARGET.resolve("report.png").toAbsolutePath();
    Files.deleteIfExists(png);
    open(report, "--screenshot=" + png, "--window-size=1400,2200");
    assertTrue(Files.size(png) > 10_000, "no screenshot in " + png);
  }

  @Test
  void frontRowsOfExportedCandidatesLinkToTheirArtifacts() throws Exception {
    JsonNode data = data(report);
    int links = 0;
    for (JsonNode model : data.get("models")) {
      Iterator<Map.Entry<String, JsonNode>> artifacts = model.get("artifacts").fields();
      while (artifacts.hasNext()) {
        Path folder = report.getParent().resolve(artifacts.next().getValue().asText());
        assertTrue(Files.isRegularFile(folder.resolve("manifest.json")), "link to no artifact: " + folder);
        links++;
      }
    }
    long exported = results.stream().filter(r -> r.get("artifact_path") != null).count();
    assertEquals(exported, links, "one link per exported candidate");
    assertTrue(links > 0, "the tiny sweep exported nothing: no link was checked");
  }

  @Test
  void reportCommandRebuildsTheSameDataFromTheParquet() throws Exception {
    Path rebuilt = TARGET.resolve("rebuilt.html").toAbsolutePath();
    CommandRun cli = CommandRun.of("report", "--results", run.out().toString(), "--out", rebuilt.toString());
    assertEquals(0, cli.code(), cli.err());
    assertTrue(cli.out().contains("3 models"), cli.out());
    JsonNode sweepData = data(report);
    JsonNode rebuiltData = data(rebuilt);
    assertEquals(TinySweep.ACCURACY_BUDGET_PP, rebuiltData.get("accuracyBudgetPp").asDouble());
    assertEquals(sweepData.get("failures"), rebuiltData.get("failures"));
    for (int i = 0; i < sweepData.get("models").size(); i++) {
      assertEquals(sweepData.get("models").get(i).get("rows"), rebuiltData.get("models").get(i).get("rows"));
    }
    String link = null;
    for (JsonNode model : rebuiltData.get("models")) {
      Iterator<JsonNode> links = model.get("artifacts").elements();
      if (link == null && links.hasNext()) {
        link = links.next().asText();
      }
    }
    assertNotNull(link, "no exported candidate is linked");
    assertTrue(Files.isRegularFile(rebuilt.getParent().resolve(link).resolve("manifest.json")),
        "the rebuilt report's relative link does not lead to the artifact: " + link);
  }

  private static List<String> chosenOf(Map<String, List<GenericRecord>> byModel) {
    return byModel.values().stream().flatMap(List::stream).filter(r -> (Boolean) r.get("chosen"))
        .map(r -> str(r, "candidate_id")).toList();
  }

  private static List<Map<String, String>> charts(String dom) {
    List<Map<String, String>> charts = new ArrayList<>();
    Matcher m = CHART.matcher(dom);
    while (m.find()) {
      Map<String, String> attributes = new HashMap<>();
      Matcher a = ATTRIBUTE.matcher(m.group());
      while (a.find()) {
        attributes.put(a.group(1), a.group(2));
      }
      charts.add(attributes);
    }
    return charts;
  }

  private static JsonNode data(Path page) throws IOException {
    Matcher m = DATA.matcher(Files.readString(page));
    assertTrue(m.find(), "no report data in " + page);
    return new ObjectMapper().readTree(m.group(1));
  }

  /** The text of the element with {@code id} and what follows it, up to 4000 characters (for messages). */
  private static String between(String dom, String id) {
    int at = dom.indexOf("id=\"" + id + "\"");
    return at < 0 ? "" : dom.substring(at, Math.min(dom.length(), at + 4000));
  }

  record Browser(String stdout, String stderr) {}

  /** Opens {@code page} in headless Chromium with {@code args}, in a profile of its own, and waits for it. */
  private static Browser open(Path page, String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("report-chromium");
    File out = File.createTempFile("chromium", ".out");
    File err = File.createTempFile("chromium", ".err");
    try {
      List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
          "--hide-scrollbars", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
          "--virtual-time-budget=10000"));
      command.addAll(List.of(args));
      command.add(page.toUri().toString());
      Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
      if (!p.waitFor(BROWSER_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("chromium did not finish within " + BROWSER_SECONDS + " s");
      }
      return new Browser(Files.readString(out.toPath(), StandardCharsets.UTF_8),
          Files.readString(err.toPath(), StandardCharsets.UTF_8));
    } finally {
      FileUtils.deleteQuietly(profile.toFile());
      FileUtils.deleteQuietly(out);
      FileUtils.deleteQuietly(err);
    }
  }

  /** The Chromium binary: -Dfrontier.chromium, else chromium on the PATH; missing fails in CI, skips elsewhere. */
  private static String chromium() {
    String named = System.getProperty("frontier.chromium");
    if (named != null) {
      return named;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "chromium");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    String message = "this test opens the HTML report in headless Chromium, and no chromium is on the PATH: "
        + "install Debian's package (sudo apt-get install chromium, which scripts/setup.sh does) "
        + "or name a binary with -Dfrontier.chromium=PATH";
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(message);
    }
    assumeTrue(false, message);
    return null;
  }
}
