package dev.agentharness.junit;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static dev.agentharness.junit.AgentAssertions.awaitMetrics;
import static dev.agentharness.junit.AgentAssertions.eventually;
import static dev.agentharness.junit.Fixtures.connection;
import static dev.agentharness.junit.Fixtures.realtime;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.session.SimulatedSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Waiting for metrics that arrive later: our bounded helpers, and the Awaitility idiom. */
class WaitingTest {

  private final List<AgentMetrics> arriving = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService client;

  /** A client that reports a connection metric now and three responses 30, 60 and 90 ms later. */
  @BeforeEach
  void startClient() {
    client = Executors.newSingleThreadScheduledExecutor();
    arriving.add(connection());
    for (int i = 1; i <= 3; i++) {
      RealtimeModelMetrics m = realtime("resp_" + i, 10, 20, 5).build();
      client.schedule(() -> arriving.add(m), 30L * i, TimeUnit.MILLISECONDS);
    }
  }

  @AfterEach
  void stopClient() throws InterruptedException {
    client.shutdownNow();
    assertThat(client.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void eventuallyRetriesUntilTheAssertionPasses() {
    eventually(ofSeconds(5), () -> assertThat(arriving).excludingConnectionMetrics().hasSize(3));
    assertThat(arriving).hasSize(4);
  }

  @Test
  void eventuallyRethrowsTheLastFailureWhenTimeIsUp() {
    assertThatThrownBy(() -> eventually(ofMillis(200), ofMillis(10),
        () -> assertThat(arriving).excludingConnectionMetrics().hasSize(4)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("Expected 4 metrics (connection metrics excluded), but found 3:\n  resp_1")
        .satisfies(e -> assertThat(e.getSuppressed()).singleElement().extracting(Throwable::getMessage).asString()
            .startsWith("still failing after ").endsWith("; this is the last failure"));
  }

  @Test
  void eventuallyRunsAtLeastOnceAndStopsOnOtherExceptions() {
    AtomicInteger runs = new AtomicInteger();
    eventually(ofMillis(0), () -> runs.incrementAndGet());
    assertThat(runs).hasValue(1);
    assertThatThrownBy(() -> eventually(ofSeconds(5), () -> {
      runs.incrementAndGet();
      throw new IllegalStateException("not an assertion");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(runs).hasValue(2);
  }

  @Test
  void awaitMetricsUntilAConditionOrAnAssertion() {
    List<AgentMetrics> got = awaitMetrics(() -> arriving).atMost(ofSeconds(5))
        .until("three responses", l -> l.stream().filter(m -> !Texts.isConnectionMetric(m)).count() == 3);
    assertThat(got).hasSize(4).everyResponseHasUsage();
    awaitMetrics(() -> arriving).atMost(ofSeconds(5)).pollInterval(ofMillis(5))
        .untilAsserted(m -> m.ofType(RealtimeModelMetrics.class).withRequestId("resp_3").hasSize(1));
    assertThat(awaitMetrics(() -> arriving).untilAtLeast(2)).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void awaitMetricsFailsWithTheMetricsThereWere() {
    assertThatThrownBy(() -> awaitMetrics(() -> arriving).atMost(ofMillis(150))
        .until("ten responses", l -> l.size() >= 11))
        .hasMessageStartingWith("Expected the metrics to satisfy ten responses within 150ms, but they did not;"
            + " 4 metrics were collected:\n  (connection)  realtime_model_metrics");
  }

  @Test
  void awaitTheMetricsOfASession() {
    try (SimulatedSession session = SimulatedSession.of(Fixtures.threeTurns())) {
      Thread player = new Thread(session::run, "session-player");
      player.start();
      List<AgentMetrics> metrics = awaitMetrics(session).atMost(ofSeconds(30)).untilAtLeast(4);
      assertThat(metrics).ofType(RealtimeModelMetrics.class).excludingConnectionMetrics().hasSize(3);
      eventually(ofSeconds(30), () -> assertThat(session.closeEvent()).isNotNull());
      try {
        player.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assertThat(player.isAlive()).isFalse();
    }
  }

  @Test
  void theAwaitilityIdiom() {
    // every setting per call: never Awaitility's static defaults
    await().atMost(ofSeconds(5)).pollInterval(ofMillis(10))
        .untilAsserted(() -> assertThat(arriving).excludingConnectionMetrics().hasSize(3).everyResponseHasUsage());
  }
}
