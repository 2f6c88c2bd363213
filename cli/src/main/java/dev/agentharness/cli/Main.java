package dev.agentharness.cli;

import dev.agentharness.metrics.json.MetricsFormatException;
import dev.agentharness.scenario.ScenarioException;
import picocli.CommandLine;

/** {@code agentharness}: simulate scenarios, serve the fakes, replay metric logs. */
public final class Main {

  /** Exit code: the harness itself failed (a bug, or a session that could not finish); the cause is on stderr. */
  static final int INTERNAL_ERROR = 3;

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the CLI and returns its exit code: 0 ok, 1 an expectation or reconciliation failed, 2 bad input,
   * 3 the harness itself failed.
   */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /** Runs the CLI with its output and errors going to {@code out} and {@code err} (for tests and embedding). */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    return commandLine().setOut(out).setErr(err).execute(args);
  }

  private static CommandLine commandLine() {
    return new CommandLine(new AgentharnessCommand())
        .setParameterExceptionHandler((e, arguments) -> {
          // the problem and where to look, not the whole usage help
          CommandLine cmd = e.getCommandLine();
          String name = cmd.getCommandSpec().qualifiedName();
          cmd.getErr().println(name + ": " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, cmd.getErr());
          cmd.getErr().println("See: " + name + " --help");
          return cmd.getCommandSpec().exitCodeOnInvalidInput();
        })
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          String name = cmd.getCommandSpec().qualifiedName();
          if (e instanceof BadInput || e instanceof ScenarioException || e instanceof MetricsFormatException) {
            cmd.getErr().println(name + ": " + e.getMessage());
            return Report.BAD_INPUT;
          }
          if (e instanceof UnsupportedOperationException) {
            // a scenario the simulated session cannot play yet (e.g. a TTS it does not drive)
            cmd.getErr().println(name + ": " + e.getMessage());
            return Report.BAD_INPUT;
          }
          cmd.getErr().println(name + ": internal error: " + e);
          e.printStackTrace(cmd.getErr());
          return INTERNAL_ERROR;
        });
  }
}
