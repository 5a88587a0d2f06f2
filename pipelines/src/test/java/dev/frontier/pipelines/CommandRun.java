package dev.frontier.pipelines;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One {@code frontier} command line run in this JVM, as a user would run it: its exit code, what it printed
 * on standard output and what it printed as errors.
 */
public record CommandRun(int code, String out, String err) {

  /** Runs {@code args} through {@link Frontier#commandLine()}, capturing both outputs. */
  public static CommandRun of(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      CommandLine cli = Frontier.commandLine();
      cli.setErr(new PrintWriter(err, true));
      int code = cli.execute(args);
      return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(old);
    }
  }
}
