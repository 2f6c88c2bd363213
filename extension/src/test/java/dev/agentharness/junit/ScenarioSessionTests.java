package dev.agentharness.junit;

import static dev.agentharness.junit.AgentTestKit.execute;
import static dev.agentharness.junit.AgentTestKit.reportValues;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.clock.ClockMode;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.ModelUsageCollector;
import dev.agentharness.usage.UsageCollector;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.Events;

/** Harness-driven use: {@code @AgentSession(scenario = ...)} and an injected {@link SimulatedSession}. */
class ScenarioSessionTests {

  @Test
  void theInjectedSessionPlaysTheScenarioAndMatchesItsLedger() {
    Events tests = execute(GreetingFixture.class).testEvents();

    tests.assertStatistics(s -> s.started(3).succeeded(3).failed(0));
  }

  @Test
  void eachTestGetsItsOwnSessionAndServer() {
    Events tests = execute(GreetingFixture.class).testEvents();

    List<String> sessions = reportValues(tests, "session");
    List<String> servers = reportValues(tests, "server");
    assertThat(sessions).hasSize(3).doesNotHaveDuplicates();
    assertThat(servers).hasSize(3).doesNotHaveDuplicates(); // ports are not compared: the OS may reuse a closed one
    assertThat(reportValues(tests, "port")).hasSize(3).allMatch(p -> Integer.parseInt(p) > 0);
  }

  @Test
  void usageAndReconciliationArePublishedAfterEachTest() {
    Events tests = execute(GreetingFixture.class).testEvents();

    assertThat(reportValues(tests, "agentharness.usage")).hasSize(3)
        .filteredOn(v -> v.contains("llm_output_audio_tokens=109")).hasSize(2); // the third test does not run it
    assertThat(reportValues(tests, "agentharness.usage"))
        .allMatch(v -> v.startsWith("UsageSummary(llm_prompt_tokens="));
    assertThat(reportValues(tests, "agentharness.reconciliation")).containsExactly("OK", "OK", "OK");
  }

  @Test
  void aTestThatInjectsNothingStartsNothingAndPublishesNothing() {
    Events tests = execute(NothingInjectedFixture.class).testEvents();

    tests.assertStatistics(s -> s.succeeded(1));
    assertThat(AgentTestKit.reportEntries(tests)).isEmpty();
  }

  @Test
  void theRealTimeClockIsUsedOnRequest() {
    execute(RealTimeFixture.class).testEvents().assertStatistics(s -> s.succeeded(1).failed(0));
  }

  @Test
  void aBundledScenarioIsNamedByItsPathInTheSessionJar() {
    execute(BundledScenarioFixture.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
  }

  /** The catalogue's Gemini bug, straight from the scenarios agentharness ships. */
  @AgentSession(scenario = "dev/agentharness/scenarios/text-modality-only.json")
  static class BundledScenarioFixture {
    @Test
    void outputAudioTokensAreZeroBecauseGeminiSaysTextOnly(SimulatedSession session) {
      session.run();
      AgentAssertions.assertThat(session.usage()).llmOutputAudioTokens().isZero();
      AgentAssertions.assertThat(session.usage()).llmOutputTextTokens().isPositive();
      assertThat(session.reconcile().matches()).isFalse();
    }
  }

  @AgentSession(scenario = "scenarios/greeting-openai-realtime.json")
  static class GreetingFixture {
    private SimulatedSession fromBeforeEach;

    @BeforeEach
    void before(SimulatedSession session) {
      this.fromBeforeEach = session;
    }

    @Test
    void runsTheScenario(SimulatedSession session, TestReporter reporter) {
      reporter.publishEntry("session", Integer.toHexString(System.identityHashCode(session)));
      reporter.publishEntry("port", Integer.toString(session.server().port()));
      reporter.publishEntry("server", Integer.toHexString(System.identityHashCode(session.server())));
      session.run();
      assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(91 + 18);
      assertThat(session.usage().llmOutputTextTokens()).isEqualTo(30 + 4);
      assertThat(session.reconcile().matches()).as(session.reconcile().report()).isTrue();
      assertThat(session.usage()).isEqualTo(session.ledger().summary());
    }

    @Test
    void everythingInjectedBelongsToTheSession(SimulatedSession session, Ledger ledger, UsageCollector usage,
        ModelUsageCollector modelUsage, SessionClock clock, FakeServer server, FakeOpenAiRealtime openai,
        Scenario scenario, TestReporter reporter) {
      reporter.publishEntry("session", Integer.toHexString(System.identityHashCode(session)));
      reporter.publishEntry("port", Integer.toString(session.server().port()));
      reporter.publishEntry("server", Integer.toHexString(System.identityHashCode(session.server())));
      assertThat(session).isSameAs(fromBeforeEach);
      assertThat(ledger).isSameAs(session.ledger());
      assertThat(usage).isSameAs(session.usageCollector());
      assertThat(modelUsage).isSameAs(session.modelUsageCollector());
      assertThat(clock).isSameAs(session.clock());
      assertThat(clock.mode()).isEqualTo(ClockMode.VIRTUAL);
      assertThat(server).isSameAs(session.server());
      assertThat(openai).isSameAs(session.openAiRealtime());
      assertThat(scenario).isSameAs(session.scenario());
      assertThat(scenario.name()).isEqualTo("greeting-openai-realtime");
      session.run();
      assertThat(usage.summary().llmOutputAudioTokens()).isEqualTo(109);
      assertThat(openai.ledger().entries()).hasSize(2);
    }

    @Test
    void theSessionIsNotRunBeforeTheTestAsksForIt(SimulatedSession session, TestReporter reporter) {
      reporter.publishEntry("session", Integer.toHexString(System.identityHashCode(session)));
      reporter.publishEntry("port", Integer.toString(session.server().port()));
      reporter.publishEntry("server", Integer.toHexString(System.identityHashCode(session.server())));
      assertThat(session.metrics()).isEmpty();
      assertThat(session.ledger().entries()).isEmpty();
    }

    @AfterEach
    void after(SimulatedSession session) {
      assertThat(session).isSameAs(fromBeforeEach);
    }
  }

  @AgentSession(scenario = "scenarios/greeting-openai-realtime.json")
  static class NothingInjectedFixture {
    @Test
    void needsNothing() {}
  }

  @AgentSession(scenario = "scenarios/greeting-openai-realtime.json", clock = ClockMode.REAL_TIME)
  static class RealTimeFixture {
    @Test
    void runsOnTheWallClock(SimulatedSession session, SessionClock clock) {
      assertThat(clock.mode()).isEqualTo(ClockMode.REAL_TIME);
      assertThat(session.clock()).isSameAs(clock);
    }
  }
}
