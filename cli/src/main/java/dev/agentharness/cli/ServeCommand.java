package dev.agentharness.cli;

import dev.agentharness.clock.ClockMode;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.scenario.ScenarioException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Serve every fake provider on one loopback port, with an admin API, for agents in any language.",
        "Prints 'agentharness serving on http://127.0.0.1:PORT' and 'api key: KEY' when ready; stops on SIGINT or "
            + "SIGTERM."})
final class ServeCommand implements Callable<Integer> {

  /** The bundled scenario served unless {@code --scenario} names another. */
  static final String DEFAULT_SCENARIO = "serve-default";
  /** The first line on stdout, once the server is ready. */
  static final String READY = "agentharness serving on ";

  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", description = "The port on 127.0.0.1 (default: 0, an ephemeral port).")
  int port;

  @Option(names = "--scenario", paramLabel = "SCENARIO",
      description = "A scenario file or bundled scenario name: what the fakes reply (default: ${DEFAULT-VALUE}).")
  String scenario = DEFAULT_SCENARIO;

  @Option(names = "--api-key", paramLabel = "KEY", description = "The key every fake accepts (default: a random one).")
  String apiKey;

  @Option(names = "--tls", description = "Serve https and wss with a certificate made at start (see --ca-out).")
  boolean tls;

  @Option(names = "--ca-out", paramLabel = "FILE", description = "With --tls: write the CA certificate (PEM) here.")
  Path caOut;

  @Option(names = "--clock", paramLabel = "MODE",
      description = "real (default): the fakes wait their scripted latencies; virtual: no waiting, see docs/cli.md.")
  String clock = "real";

  /** Held so that the logging level set below is not lost to garbage collection. */
  private Logger quiet;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ClockMode mode;
    switch (clock) {
      case "real" -> mode = ClockMode.REAL_TIME;
      case "virtual" -> mode = ClockMode.VIRTUAL;
      default -> {
        err.println("agentharness serve: --clock " + clock + ": expected real or virtual");
        return 2;
      }
    }
    if (caOut != null && !tls) {
      err.println("agentharness serve: --ca-out needs --tls");
      return 2;
    }
    if (apiKey != null && apiKey.isBlank()) {
      err.println("agentharness serve: --api-key must not be empty");
      return 2;
    }
    Scenario s;
    try {
      s = BundledScenarios.load(scenario);
    } catch (ScenarioException | IllegalArgumentException e) {
      err.println("agentharness serve: " + e.getMessage());
      return 2;
    }
    // MockWebServer logs every request at INFO
    quiet = Logger.getLogger("mockwebserver3");
    quiet.setLevel(Level.WARNING);
    Serve serve;
    try {
      serve = Serve.start(s, new Serve.Options(port, tls, mode, apiKey));
    } catch (UncheckedIOException | IllegalArgumentException e) {
      err.println("agentharness serve: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
      return 2;
    }
    if (caOut != null) {
      try {
        Files.writeString(caOut, serve.server().tls().caCertificatePem(), StandardCharsets.US_ASCII);
      } catch (IOException e) {
        serve.close();
        err.println("agentharness serve: cannot write the CA certificate to " + caOut + ": " + e);
        return 2;
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      serve.close();
      stopped.countDown();
      out.flush();
      err.flush();
      // SIGINT and SIGTERM end a server that did what it was asked: exit 0, not 130 or 143
      Runtime.getRuntime().halt(0);
    }, "agentharness-serve-shutdown"));
    out.println(READY + serve.baseUrl());
    out.println("api key: " + serve.apiKey());
    out.flush();
    stopped.await();
    return 0;
  }
}
