package dev.agentharness.cli;

import picocli.CommandLine;

/** {@code agentharness}: simulate scenarios, serve the fakes, replay metric logs. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code (0 ok, 1 an expectation or reconciliation failed, 2 bad input). */
  public static int run(String... args) {
    return new CommandLine(new AgentharnessCommand())
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("agentharness: " + e.getMessage());
          return 2;
        })
        .execute(args);
  }
}
