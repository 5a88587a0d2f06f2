package dev.frontier.transforms.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Why the plan splits each layer's 15 bits as it does: with oneDNN limited to AVX2 (the CPUs without VNNI that
 * workers may have; {@code ONEDNN_MAX_CPU_ISA=AVX2}, set before the child JVM starts), 7-bit activations with
 * ±127 weights where a layer's input comes from float and 8-bit handed-on levels with ±63 weights keep every
 * integer accumulator and handed-on level exact, while 8-bit activations with ±127 weights do not (u8×s8 pairs
 * saturate the 16-bit multiply-add). The check runs in a child JVM because oneDNN reads the variable once.
 */
class IsaExactnessTest {
  private static final long TIMEOUT_SECONDS = 300;
  private static final Pattern LINE = Pattern.compile("bits=(\\d+) wrong=(\\d+) of=(\\d+)");

  @Test
  void sevenBitActivationsAreExactOnAvx2AndEightBitOnesAreNot() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path")));
    for (String property : List.of("org.bytedeco.javacpp.cachedir", "frontier.shared")) {
      if (System.getProperty(property) != null) {
        command.add("-D" + property + "=" + System.getProperty(property));
      }
    }
    command.add(IsaExactnessCheck.class.getName());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("ONEDNN_MAX_CPU_ISA", "AVX2");
    pb.environment().put("TF_ENABLE_ONEDNN_OPTS", "1");
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "child JVM timed out");
    assertEquals(0, p.exitValue(), output);
    Matcher m = LINE.matcher(output);
    assertTrue(m.find(), output);
    assertEquals(FullInt8Kernels.ACTIVATION_BITS, Integer.parseInt(m.group(1)));
    assertEquals(0, Long.parseLong(m.group(2)), "the plan's accumulators or levels off on AVX2: " + output);
    assertTrue(m.find(), output);
    long wrong8 = Long.parseLong(m.group(2));
    System.out.printf("oneDNN limited to AVX2: the plan (7-bit from float, 8-bit handed on with ±63 weights) 0 wrong accumulators or handed-on levels; 8-bit from float with ±127 weights %d of %s%n", wrong8, m.group(3));
    assertTrue(wrong8 > 0, "8-bit activations were exact on AVX2 too: " + output);
  }
}
