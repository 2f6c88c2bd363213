package dev.agentharness.fake;

import dev.agentharness.clock.Link;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * One fake provider's endpoint(s) on a {@link FakeServer}. Implemented by each fake; users mount fakes,
 * they do not implement routes.
 */
public interface Route extends AutoCloseable {

  /** For error messages and listings, e.g. {@code "OpenAI Realtime: GET /v1/realtime"}. */
  String describe();

  /** Whether this route serves {@code request} (decided on method and {@link Requests#path path}). */
  boolean matches(RecordedRequest request);

  /** Called once when mounted on a started server, before any request. */
  void mounted(FakeServer server);

  /**
   * Answers one request: a response, a streaming body, or a WebSocket upgrade.
   *
   * @param link the client's link on the session clock ({@link Link#UNTRACKED} for foreign clients)
   */
  MockResponse dispatch(RecordedRequest request, Link link) throws InterruptedException;

  /** Drops every open connection; called when the server closes. Must not throw. */
  @Override
  void close();
}
