package dev.agentharness.cli;

import dev.agentharness.clock.ClockMode;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.Ids;
import dev.agentharness.fake.gemini.FakeGeminiLive;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.scenario.Scenario;
import java.util.List;
import java.util.Objects;

/**
 * What {@code agentharness serve} runs: every fake and the admin API on one loopback server, one ledger, one
 * key. Started by {@link ServeCommand}; tests start it in-process too.
 */
final class Serve implements AutoCloseable {

  /** The paths the fakes serve, as {@code GET /__admin/health} lists them. */
  static final List<String> FAKE_PATHS = List.of(
      "/v1/realtime",
      "/v1/chat/completions",
      "/v1/models",
      "/v1/audio/speech",
      "/v1/listen",
      FakeGeminiLive.path("v1beta"),
      FakeGeminiLive.path("v1alpha"));

  /**
   * How to serve.
   *
   * @param port the port on 127.0.0.1, 0 for an ephemeral one
   * @param apiKey the key every fake accepts, or null for a random one
   */
  record Options(int port, boolean tls, ClockMode clock, String apiKey) {
    Options {
      Objects.requireNonNull(clock, "clock");
      if (port < 0 || port > 65_535) throw new IllegalArgumentException("port " + port + " is not in 0..65535");
    }
  }

  private final SessionClock clock;
  private final FakeServer server;
  private final Ledger ledger = new Ledger();
  private final String apiKey;
  private final ServeRoute route;
  private long generation = 1; // guarded by this

  private Serve(Scenario scenario, Options options) {
    this.apiKey = options.apiKey() != null ? options.apiKey() : Ids.randomKey("sk-test-");
    this.clock = SessionClock.of(options.clock());
    FakeServer started;
    try {
      started = FakeServer.start(clock, options.tls(), options.port());
    } catch (RuntimeException e) {
      clock.close();
      throw e;
    }
    this.server = started;
    try {
      server.mount(new AdminRoute(this));
      this.route = server.mount(new ServeRoute(new ServeFakes(scenario, apiKey, ledger, server, clock.elapsed(), 1)));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Starts serving {@code scenario}.
   *
   * @throws java.io.UncheckedIOException if the port cannot be bound
   */
  static Serve start(Scenario scenario, Options options) {
    return new Serve(Objects.requireNonNull(scenario, "scenario"), options);
  }

  /** {@code http://127.0.0.1:PORT} ({@code https} with TLS). */
  String baseUrl() {
    return server.httpUrl("");
  }

  int port() {
    return server.port();
  }

  String apiKey() {
    return apiKey;
  }

  Ledger ledger() {
    return ledger;
  }

  SessionClock clock() {
    return clock;
  }

  FakeServer server() {
    return server;
  }

  /** The scenario new connections play. */
  Scenario scenario() {
    return route.current().scenario;
  }

  /** New connections play {@code scenario} from now on; open ones finish with the scenario they began. */
  synchronized void replace(Scenario scenario) {
    generation++;
    route.replace(new ServeFakes(scenario, apiKey, ledger, server, clock.elapsed(), generation));
  }

  /** Drops every connection, frees the port, stops the clock. Never throws. */
  @Override
  public void close() {
    server.close();
    clock.close();
  }
}
