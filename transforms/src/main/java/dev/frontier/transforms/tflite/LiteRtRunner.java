package dev.frontier.transforms.tflite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs .tflite files in LiteRT itself, the TFLite runtime, through Node.js: {@code scripts/litert/run-tflite.mjs}
 * with npm's {@code @litertjs/core} (LiteRT compiled to WebAssembly, XNNPACK CPU kernels), installed by
 * {@code scripts/setup.sh} ({@code npm ci} in {@code scripts/litert}).
 *
 * <p>The folder is {@code -Dfrontier.litert.dir}, else {@code FRONTIER_LITERT_DIR}, else the first
 * {@code scripts/litert} above the working directory. LiteRT prints a model it cannot prepare to the console
 * and then returns zeros; the script treats any such message as a failure, and so does this class.
 */
public final class LiteRtRunner {
  /** How to get LiteRT, for error messages. */
  public static final String HOW_TO_INSTALL = "install Node.js 20+ and run scripts/setup.sh (or 'npm ci' in "
      + "scripts/litert), or point -Dfrontier.litert.dir / FRONTIER_LITERT_DIR at that folder";
  private static final long TIMEOUT_MINUTES = 30;

  private final Path dir;
  private final String node;

  private LiteRtRunner(Path dir, String node) {
    this.dir = dir;
    this.node = node;
  }

  /**
   * The runner, after checking that Node.js and the package are there.
   *
   * @throws IllegalStateException saying what is missing and how to install it
   */
  public static LiteRtRunner locate() {
    Path dir = folder();
    if (dir == null) {
      throw new IllegalStateException("LiteRT check: no scripts/litert folder found above " + Path.of("").toAbsolutePath()
          + "; " + HOW_TO_INSTALL);
    }
    if (!Files.isDirectory(dir.resolve("node_modules").resolve("@litertjs").resolve("core").resolve("wasm"))) {
      throw new IllegalStateException("LiteRT check: @litertjs/core is not installed in " + dir + "; " + HOW_TO_INSTALL);
    }
    String node = System.getenv().getOrDefault("FRONTIER_NODE", "node");
    try {
      Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
      String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0 || !version.startsWith("v")) {
        throw new IllegalStateException("LiteRT check: '" + node + " --version' failed (" + version + "); " + HOW_TO_INSTALL);
      }
      int major = Integer.parseInt(version.substring(1, version.indexOf('.')));
      if (major < 20) {
        throw new IllegalStateException("LiteRT check: Node.js " + version + " is too old; " + HOW_TO_INSTALL);
      }
    } catch (IOException e) {
      throw new IllegalStateException("LiteRT check: Node.js ('" + node + "') not found; " + HOW_TO_INSTALL, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return new LiteRtRunner(dir, node);
  }

  private static Path folder() {
    String configured = System.getProperty("frontier.litert.dir", System.getenv("FRONTIER_LITERT_DIR"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("scripts").resolve("litert");
      if (Files.isRegularFile(candidate.resolve("run-tflite.mjs"))) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * The first output of {@code model} for every row (each row flattened to the input's per-row size; the
   * file's input shape is [1, ...]).
   *
   * @throws IllegalStateException when LiteRT fails or reports a problem, with its messages
   */
  public float[][] run(byte[] model, float[][] rows) {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("frontier-litert-");
      Path modelFile = tmp.resolve("model.tflite");
      Path in = tmp.resolve("rows.f32");
      Path out = tmp.resolve("out.f32");
      Files.write(modelFile, model);
      int width = rows.length == 0 ? 0 : rows[0].length;
      ByteBuffer b = ByteBuffer.allocate(rows.length * width * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] row : rows) {
        for (float v : row) {
          b.putFloat(v);
        }
      }
      Files.write(in, b.array());
      List<String> cmd = new ArrayList<>(List.of(node, dir.resolve("run-tflite.mjs").toString(),
          modelFile.toString(), in.toString(), out.toString()));
      Process p = new ProcessBuilder(cmd).redirectOutput(tmp.resolve("stdout").toFile())
          .redirectError(tmp.resolve("stderr").toFile()).start();
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("LiteRT check: no answer within " + TIMEOUT_MINUTES + " min");
      }
      String stderr = Files.readString(tmp.resolve("stderr")).trim();
      if (p.exitValue() != 0 || !stderr.isEmpty()) {
        throw new IllegalStateException("LiteRT check: LiteRT failed on the .tflite file (exit " + p.exitValue() + "): "
            + stderr);
      }
      ByteBuffer o = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
      int total = o.remaining() / 4;
      int outWidth = rows.length == 0 ? 0 : total / rows.length;
      float[][] result = new float[rows.length][outWidth];
      for (float[] r : result) {
        for (int j = 0; j < outWidth; j++) {
          r[j] = o.getFloat();
        }
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
