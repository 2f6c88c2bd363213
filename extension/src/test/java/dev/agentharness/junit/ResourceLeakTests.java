package dev.agentharness.junit;

import static dev.agentharness.junit.AgentTestKit.execute;
import static dev.agentharness.junit.AgentTestKit.reportValues;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.scenario.Reply;
import dev.agentharness.session.SimulatedSession;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.Events;

/**
 * Closing frees everything: after 200 tests (100 simulated sessions, 100 fakes driven by an OkHttp client
 * of the test's own), no thread started for them survives and every port they used refuses connections.
 */
@Tag("slow")
class ResourceLeakTests {

  private static final int EACH = 100;
  private static final long WAIT_NANOS = 15_000_000_000L;

  /**
   * OkHttp's process-wide task runner (shared by every OkHttp client and MockWebServer in the JVM) keeps
   * idle threads for 60 s and Okio's watchdog is a single daemon: they are not per test, so they are only
   * required not to grow with the number of tests.
   */
  private static final Pattern SHARED_POOLS = Pattern.compile("OkHttp TaskRunner|Okio Watchdog");
  private static final int SHARED_POOL_BOUND = 12;

  @Test
  void twoHundredTestsLeaveNoThreadAndNoOpenPort() throws InterruptedException {
    // warm up: JUnit, OkHttp and the JDK start their process-wide threads once
    execute(ScenarioSessionTests.GreetingFixture.class);
    execute(OwnClientTests.OpenAiFixture.class);
    Set<Thread> before = Thread.getAllStackTraces().keySet();

    Events tests = execute(LeakFixture.class).testEvents();

    tests.assertStatistics(s -> s.started(2 * EACH).succeeded(2 * EACH).failed(0));
    List<Thread> survivors = survivors(before);
    assertThat(survivors).as("threads started by the tests and still alive after %d s", WAIT_NANOS / 1_000_000_000L)
        .isEmpty();
    assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> SHARED_POOLS.matcher(t.getName()).matches()))
        .as("OkHttp's shared pool threads").hasSizeLessThanOrEqualTo(SHARED_POOL_BOUND);
    List<String> ports = reportValues(tests, "port");
    assertThat(ports).hasSize(2 * EACH); // sequential tests may get a port an earlier test freed
    for (String port : ports) LifecycleTests.assertRefused(Integer.parseInt(port));
  }

  /** New threads, other than OkHttp's shared pools, still alive after a bounded wait. */
  private static List<Thread> survivors(Set<Thread> before) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT_NANOS;
    List<Thread> alive;
    do {
      alive = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t) && t.isAlive() && !SHARED_POOLS.matcher(t.getName()).matches())
          .collect(Collectors.toList());
      if (alive.isEmpty()) return alive;
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    return alive;
  }

  static class LeakFixture {
    @Nested
    @AgentSession(scenario = "scenarios/greeting-openai-realtime.json")
    class Sessions {
      @RepeatedTest(EACH)
      void run(SimulatedSession session, TestReporter reporter) {
        reporter.publishEntry("port", Integer.toString(session.server().port()));
        session.run();
        assertThat(session.reconcile().matches()).isTrue();
      }
    }

    @Nested
    @AgentSession(fakes = Fake.OPENAI_REALTIME)
    class OwnClients {
      @RepeatedTest(EACH)
      void run(FakeOpenAiRealtime openai, FakeServer server, TestReporter reporter) throws InterruptedException {
        reporter.publishEntry("port", Integer.toString(server.port()));
        openai.script(Reply.reply().text("Hello").audio(ofMillis(500)).usage(u -> u.outputAudio(12)));
        try (OkHttpRealtime client = new OkHttpRealtime(server)) {
          client.oneTurn(openai, openai.apiKey(), false);
        }
        assertThat(openai.ledger().entries()).hasSize(1);
      }
    }
  }
}
