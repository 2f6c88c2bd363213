package dev.agentharness.junit;

import static dev.agentharness.junit.AgentTestKit.execute;
import static dev.agentharness.junit.AgentTestKit.reportValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.junit.AgentSession.Lifecycle;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.session.SimulatedSession;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Events;

/** {@link Lifecycle#PER_TEST} (the default) against {@link Lifecycle#PER_CLASS}, and {@code @Nested} classes. */
class LifecycleTests {

  @Test
  void perClassSharesOneSessionRunInBeforeAll() {
    EngineExecutionResults results = execute(PerClassFixture.class);

    results.testEvents().assertStatistics(s -> s.started(3).succeeded(3).failed(0));
    assertThat(reportValues(results.testEvents(), "session")).hasSize(3).containsOnly(
        reportValues(results.testEvents(), "session").get(0));
  }

  @Test
  void perClassPublishesItsReportOnceOnTheClass() {
    EngineExecutionResults results = execute(PerClassFixture.class);

    assertThat(reportValues(results.testEvents(), "agentharness.usage")).isEmpty();
    assertThat(reportValues(results.containerEvents(), "agentharness.usage")).hasSize(1)
        .allMatch(v -> v.contains("llm_output_audio_tokens=109"));
    assertThat(reportValues(results.containerEvents(), "agentharness.reconciliation")).containsExactly("OK");
  }

  @Test
  void perClassClosesTheSessionAfterTheClass() {
    EngineExecutionResults results = execute(PerClassFixture.class);

    int port = Integer.parseInt(reportValues(results.testEvents(), "port").get(0));
    assertRefused(port);
  }

  @Test
  void perClassFakesWithoutAScenarioAreSharedByTheTests() {
    EngineExecutionResults results = execute(PerClassFakesFixture.class);

    results.testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));
    assertThat(reportValues(results.testEvents(), "port")).hasSize(2).containsOnly(
        reportValues(results.testEvents(), "port").get(0));
    assertThat(reportValues(results.testEvents(), "fake")).hasSize(2).containsOnly(
        reportValues(results.testEvents(), "fake").get(0));
  }

  @Test
  void nestedClassesInheritTheConfigurationOrOverrideIt() {
    Events tests = execute(OuterFixture.class).testEvents();

    tests.assertStatistics(s -> s.started(3).succeeded(3).failed(0));
    assertThat(reportValues(tests, "scenario"))
        .containsExactlyInAnyOrder("greeting-openai-realtime", "greeting-openai-realtime", "parallel-2");
  }

  @Test
  void perTestGivesEachInvocationOfARepeatedTestItsOwnSession() {
    Events tests = execute(PerTestFixture.class).testEvents();

    tests.assertStatistics(s -> s.started(3).succeeded(3));
    assertThat(reportValues(tests, "session")).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void perTestInjectsTheTestsOwnValuesIntoTheConstructor() {
    Events tests = execute(PerTestConstructorFixture.class).testEvents();

    tests.assertStatistics(s -> s.started(2).succeeded(2).failed(0));
    assertThat(reportValues(tests, "server")).hasSize(2).doesNotHaveDuplicates(); // not ports: the OS may reuse a closed one
  }

  static void assertRefused(int port) {
    assertThatThrownBy(() -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      }
    }).as("connecting to 127.0.0.1:%d", port).isInstanceOfAny(ConnectException.class, IOException.class);
  }

  @AgentSession(scenario = "scenarios/greeting-openai-realtime.json", lifecycle = Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClassFixture {
    private final SimulatedSession fromConstructor;

    PerClassFixture(SimulatedSession session) {
      this.fromConstructor = session;
    }

    @BeforeAll
    static void play(SimulatedSession session) {
      session.run();
    }

    @Test
    @Order(1)
    void outputAudio(SimulatedSession session, TestReporter reporter) {
      publish(session, reporter);
      assertThat(session).isSameAs(fromConstructor);
      assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(109);
    }

    @Test
    @Order(2)
    void outputText(SimulatedSession session, TestReporter reporter) {
      publish(session, reporter);
      assertThat(session.usage().llmOutputTextTokens()).isEqualTo(34);
    }

    @Test
    @Order(3)
    void ledger(SimulatedSession session, Ledger ledger, TestReporter reporter) {
      publish(session, reporter);
      assertThat(ledger).isSameAs(session.ledger());
      assertThat(ledger.entries()).hasSize(2);
    }

    private static void publish(SimulatedSession session, TestReporter reporter) {
      reporter.publishEntry("session", Integer.toHexString(System.identityHashCode(session)));
      reporter.publishEntry("port", Integer.toString(session.server().port()));
      reporter.publishEntry("server", Integer.toHexString(System.identityHashCode(session.server())));
    }
  }

  @AgentSession(fakes = Fake.OPENAI_REALTIME, lifecycle = Lifecycle.PER_CLASS)
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerClassFakesFixture {
    @Test
    @Order(1)
    void first(FakeOpenAiRealtime openai, FakeServer server, TestReporter reporter) {
      reporter.publishEntry("fake", Integer.toHexString(System.identityHashCode(openai)));
      reporter.publishEntry("port", Integer.toString(server.port()));
      reporter.publishEntry("server", Integer.toHexString(System.identityHashCode(server)));
    }

    @Test
    @Order(2)
    void second(FakeOpenAiRealtime openai, TestReporter reporter) {
      reporter.publishEntry("fake", Integer.toHexString(System.identityHashCode(openai)));
      reporter.publishEntry("port", Integer.toString(openai.server().port()));
      reporter.publishEntry("server", Integer.toHexString(System.identityHashCode(openai.server())));
    }
  }

  @AgentSession(scenario = "scenarios/greeting-openai-realtime.json")
  static class OuterFixture {
    @Test
    void outer(Scenario scenario, TestReporter reporter) {
      reporter.publishEntry("scenario", scenario.name());
    }

    @Nested
    class Inherits {
      @Test
      void inner(SimulatedSession session, TestReporter reporter) {
        reporter.publishEntry("scenario", session.scenario().name());
      }
    }

    @Nested
    @AgentSession(scenario = "scenarios/parallel/scenario-2.json")
    class Overrides {
      @Test
      void inner(SimulatedSession session, TestReporter reporter) {
        reporter.publishEntry("scenario", session.scenario().name());
        session.run();
        assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(202);
      }
    }
  }

  @AgentSession(scenario = "scenarios/parallel/scenario-1.json")
  static class PerTestFixture {
    @org.junit.jupiter.api.RepeatedTest(3)
    void repeated(SimulatedSession session, TestReporter reporter) {
      reporter.publishEntry("session", Integer.toHexString(System.identityHashCode(session)));
      session.run();
      assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(101);
    }
  }

  @AgentSession(fakes = Fake.OPENAI_REALTIME)
  static class PerTestConstructorFixture {
    private final FakeServer server;

    PerTestConstructorFixture(FakeServer server) {
      this.server = server;
    }

    @Test
    void first(FakeServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.port()));
      reporter.publishEntry("server", Integer.toHexString(System.identityHashCode(server)));
      assertThat(server).isSameAs(this.server);
    }

    @Test
    void second(FakeServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.port()));
      reporter.publishEntry("server", Integer.toHexString(System.identityHashCode(server)));
      assertThat(server).isSameAs(this.server);
    }
  }
}
