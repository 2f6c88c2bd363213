package dev.agentharness.junit;

import static dev.agentharness.junit.AgentTestKit.execute;
import static dev.agentharness.junit.AgentTestKit.reportValues;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.clock.ClockMode;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.junit.AgentSession.Lifecycle;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.session.SessionEvent;
import dev.agentharness.session.SimulatedSession;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Events;

/** Programmatic registration: {@code @RegisterExtension} with {@link AgentSessionExtension#builder()}. */
class RegisterExtensionTests {

  static Scenario balance() {
    return Scenario.builder("balance")
        .realtime(Providers.Realtime.OPENAI)
        .turn(t -> t.user("What's my balance?", ofSeconds(2))
            .reply(r -> r.text("Your balance is 42 euros.").audio(ofMillis(2400))
                .usage(u -> u.outputAudio(91).outputText(30))))
        .build();
  }

  @Test
  void aStaticFieldSharesOneSessionPerClassAndFeedsItsListener() {
    EngineExecutionResults results = execute(StaticFieldFixture.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));
    assertThat(reportValues(results.testEvents(), "session")).hasSize(2).containsOnly(
        reportValues(results.testEvents(), "session").get(0));
    assertThat(reportValues(results.containerEvents(), "agentharness.reconciliation")).containsExactly("OK");
  }

  @Test
  void anInstanceFieldGivesEachTestItsOwnSession() {
    Events tests = execute(InstanceFieldFixture.class).testEvents();

    tests.assertStatistics(s -> s.started(2).succeeded(2).failed(0));
    assertThat(reportValues(tests, "session")).hasSize(2).doesNotHaveDuplicates();
    assertThat(reportValues(tests, "agentharness.reconciliation")).containsExactly("OK", "OK");
  }

  @Test
  void aStaticFieldCanAskForOneSessionPerTest() {
    Events tests = execute(StaticPerTestFixture.class).testEvents();

    tests.assertStatistics(s -> s.started(2).succeeded(2).failed(0));
    assertThat(reportValues(tests, "server")).hasSize(2).doesNotHaveDuplicates(); // not ports: the OS may reuse a closed one
  }

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class StaticFieldFixture {
    static final List<SessionEvent> EVENTS = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static AgentSessionExtension agent = AgentSessionExtension.builder()
        .scenario(balance())
        .listener(EVENTS::add)
        .build();

    @Test
    @Order(1)
    void runs(SimulatedSession session, TestReporter reporter) {
      reporter.publishEntry("session", Integer.toHexString(System.identityHashCode(session)));
      session.run();
      assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(91);
      assertThat(EVENTS).filteredOn(e -> e instanceof SessionEvent.MetricsCollected).isNotEmpty();
    }

    @Test
    @Order(2)
    void seesTheSameSession(SimulatedSession session, TestReporter reporter) {
      reporter.publishEntry("session", Integer.toHexString(System.identityHashCode(session)));
      assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(91);
    }
  }

  static class InstanceFieldFixture {
    @RegisterExtension
    AgentSessionExtension agent = AgentSessionExtension.builder()
        .scenario("scenarios/greeting-openai-realtime.json")
        .fakes(Fake.OPENAI_REALTIME)
        .build();

    @Test
    void first(SimulatedSession session, FakeOpenAiRealtime openai, TestReporter reporter) {
      reporter.publishEntry("session", Integer.toHexString(System.identityHashCode(session)));
      assertThat(openai).isSameAs(session.openAiRealtime()); // the scenario's fake is not started twice
      session.run();
      assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(109);
    }

    @Test
    void second(SimulatedSession session, TestReporter reporter) {
      reporter.publishEntry("session", Integer.toHexString(System.identityHashCode(session)));
      session.run();
      assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(109);
    }
  }

  static class StaticPerTestFixture {
    @RegisterExtension
    static AgentSessionExtension agent = AgentSessionExtension.builder()
        .fakes(Fake.OPENAI_REALTIME)
        .clock(ClockMode.REAL_TIME)
        .lifecycle(Lifecycle.PER_TEST)
        .build();

    @Test
    void first(FakeServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.port()));
      reporter.publishEntry("server", Integer.toHexString(System.identityHashCode(server)));
      assertThat(server.clock().mode()).isEqualTo(ClockMode.REAL_TIME);
    }

    @Test
    void second(FakeServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.port()));
      reporter.publishEntry("server", Integer.toHexString(System.identityHashCode(server)));
    }
  }
}
