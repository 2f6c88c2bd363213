package dev.agentharness.session;

/**
 * Receives a session's events in order, on the session's clock thread. Your own billing code can be
 * one:
 *
 * <pre>{@code
 * session.addListener(e -> {
 *   if (e instanceof SessionEvent.MetricsCollected m) billing.record(m.metrics());
 * });
 * }</pre>
 *
 * A listener that throws is reported as an {@code error} event and does not stop the session.
 */
@FunctionalInterface
public interface SessionListener {
  void onEvent(SessionEvent event);
}
