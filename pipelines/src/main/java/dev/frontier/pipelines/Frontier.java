package dev.frontier.pipelines;

import dev.frontier.pipelines.cli.EvaluateCommand;
import dev.frontier.pipelines.cli.ExportCommand;
import dev.frontier.pipelines.cli.ProfileCommand;
import dev.frontier.pipelines.cli.ReportCommand;
import dev.frontier.pipelines.cli.SensitivityCommand;
import dev.frontier.pipelines.cli.SweepCommand;
import dev.frontier.pipelines.cli.TrainCatalogueCommand;
import dev.frontier.pipelines.cli.VerifyTfliteCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code frontier} command line: one subcommand per job. Each parses and validates its own options,
 * builds typed configuration, and only then starts TensorFlow or a Beam pipeline.
 */
@Command(
    name = "frontier",
    mixinStandardHelpOptions = true,
    versionProvider = Frontier.Version.class,
    description = "Compress a catalogue of TensorFlow SavedModels and find each model's Pareto front.",
    subcommands = {SweepCommand.class, ExportCommand.class, VerifyTfliteCommand.class, ReportCommand.class, EvaluateCommand.class, SensitivityCommand.class, ProfileCommand.class, TrainCatalogueCommand.class, CommandLine.HelpCommand.class})
public final class Frontier implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Frontier());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /** Prints a one-line error instead of a stack trace for failures the user can act on. */
  static final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
      cli.getErr().println("frontier " + cli.getCommandName() + ": " + describe(e));
      if (Boolean.getBoolean("frontier.debug")) {
        e.printStackTrace(cli.getErr());
      } else {
        cli.getErr().println("(run with JAVA_TOOL_OPTIONS=-Dfrontier.debug=true for the stack trace)");
      }
      return 2;
    }

    private static String describe(Throwable e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return e.getCause() != null && e.getCause().getMessage() != null
              && !message.contains(e.getCause().getMessage())
          ? message + ": " + e.getCause().getMessage()
          : message;
    }
  }

  /** Version from the jar manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Frontier.class.getPackage().getImplementationVersion();
      return new String[] {"frontier " + (v == null ? "dev" : v)};
    }
  }
}
