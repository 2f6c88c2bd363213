package dev.agentharness.junit;

import dev.agentharness.metrics.AgentMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits, with a bound, for metrics that arrive later: a session playing in real time, or your own client
 * reporting from its threads. Immutable: each setting returns a new instance.
 *
 * <pre>{@code
 * List<AgentMetrics> metrics = awaitMetrics(session).atMost(ofSeconds(5))
 *     .until("three responses", l -> l.stream()
 *         .filter(m -> m instanceof RealtimeModelMetrics r && !r.isConnectionMetric()).count() == 3);
 * awaitMetrics(collected::snapshot).atMost(ofSeconds(5))
 *     .untilAsserted(m -> m.ofType(RealtimeModelMetrics.class).excludingConnectionMetrics().hasSize(3));
 * }</pre>
 *
 * <p>Defaults: at most 10 s, polled every 20 ms.
 */
public final class MetricsAwait {

  /** How long {@link #until} waits unless told otherwise. */
  public static final Duration DEFAULT_AT_MOST = Duration.ofSeconds(10);

  private final Supplier<? extends List<? extends AgentMetrics>> source;
  private final Duration atMost;
  private final Duration pollInterval;

  MetricsAwait(Supplier<? extends List<? extends AgentMetrics>> source, Duration atMost, Duration pollInterval) {
    this.source = Objects.requireNonNull(source, "source");
    this.atMost = Objects.requireNonNull(atMost, "atMost");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
  }

  /** Waits at most this long (real time). */
  public MetricsAwait atMost(Duration timeout) {
    return new MetricsAwait(source, timeout, pollInterval);
  }

  /** Reads the metrics this often. */
  public MetricsAwait pollInterval(Duration interval) {
    return new MetricsAwait(source, atMost, interval);
  }

  /** Until {@code condition} holds; returns the metrics that satisfied it. */
  public List<AgentMetrics> until(Predicate<? super List<AgentMetrics>> condition) {
    return until("the condition", condition);
  }

  /**
   * Until {@code condition} holds; returns the metrics that satisfied it. On timeout, fails with
   * {@code description} and the metrics there were.
   */
  public List<AgentMetrics> until(String description, Predicate<? super List<AgentMetrics>> condition) {
    Objects.requireNonNull(condition, "condition");
    List<AgentMetrics>[] last = newHolder();
    Waiting.retry(atMost, pollInterval, () -> {
      List<AgentMetrics> now = snapshot();
      last[0] = now;
      if (!condition.test(now)) {
        throw new AssertionError("Expected the metrics to satisfy " + description + " within " + Texts.duration(atMost)
            + ", but they did not; " + Texts.plural(now.size(), "metric was", "metrics were") + " collected:\n"
            + Texts.metrics(now).stripTrailing());
      }
    });
    return last[0];
  }

  /** Until there are at least {@code n} metrics; returns them. */
  public List<AgentMetrics> untilAtLeast(int n) {
    return until("at least " + n + " metrics", l -> l.size() >= n);
  }

  /**
   * Until {@code assertion} passes on the metrics (it is given a fresh {@link MetricsAssert} each time);
   * on timeout, its last failure is rethrown.
   */
  public List<AgentMetrics> untilAsserted(Consumer<MetricsAssert<AgentMetrics>> assertion) {
    Objects.requireNonNull(assertion, "assertion");
    List<AgentMetrics>[] last = newHolder();
    Waiting.retry(atMost, pollInterval, () -> {
      List<AgentMetrics> now = snapshot();
      last[0] = now;
      assertion.accept(new MetricsAssert<>(now));
    });
    return last[0];
  }

  private List<AgentMetrics> snapshot() {
    List<? extends AgentMetrics> l = source.get();
    return l == null ? List.of() : List.copyOf(l);
  }

  @SuppressWarnings("unchecked")
  private static List<AgentMetrics>[] newHolder() {
    return (List<AgentMetrics>[]) new List<?>[1];
  }
}
