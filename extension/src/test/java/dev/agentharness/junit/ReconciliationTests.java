package dev.agentharness.junit;

import static dev.agentharness.junit.AgentTestKit.execute;
import static dev.agentharness.junit.AgentTestKit.firstFailure;
import static dev.agentharness.junit.AgentTestKit.reportValues;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.junit.AgentSession.Lifecycle;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.scenario.Reply;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.UsageCollector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/** {@code failOnUnreconciledUsage}: a test whose collected usage differs from the ledger fails after its body. */
class ReconciliationTests {

  @Test
  void aTestWhoseUsageWentMissingFailsWithTheReconciliationReport() {
    Events tests = execute(UsageMissingFixture.class).testEvents();

    tests.assertStatistics(s -> s.started(1).failed(1));
    Throwable failure = firstFailure(tests);
    assertThat(failure).isInstanceOf(AssertionFailedError.class)
        .hasMessageStartingWith("Expected collected usage to match what the fakes billed, but ")
        .hasMessageContaining("llm_output_audio_tokens")
        .hasMessageContaining("Likely cause: ")
        .hasMessageContaining("checked because of failOnUnreconciledUsage = true, @AgentSession on "
            + UsageMissingFixture.class.getName());
    AssertionFailedError afe = (AssertionFailedError) failure;
    assertThat(afe.getExpected().getStringRepresentation()).contains("llm_output_audio_tokens=109");
    assertThat(afe.getActual().getStringRepresentation()).contains("llm_output_audio_tokens=18");
  }

  @Test
  void theFailedTestStillPublishesItsUsageAndTheDifferences() {
    Events tests = execute(UsageMissingFixture.class).testEvents();

    assertThat(reportValues(tests, "agentharness.usage")).singleElement().asString()
        .contains("llm_output_audio_tokens=18");
    assertThat(reportValues(tests, "agentharness.reconciliation")).singleElement().asString()
        .startsWith("Expected collected usage to match")
        .containsPattern("llm_output_audio_tokens +109 +18");
  }

  @Test
  void withoutTheFlagTheSameTestPassesAndTheReportShowsTheDifference() {
    Events tests = execute(UsageMissingNotCheckedFixture.class).testEvents();

    tests.assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(reportValues(tests, "agentharness.reconciliation")).singleElement().asString()
        .containsPattern("llm_output_audio_tokens +109 +18");
  }

  @Test
  void aTestWhoseUsageMatchesPasses() {
    Events tests = execute(MatchingFixture.class).testEvents();

    tests.assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(reportValues(tests, "agentharness.reconciliation")).containsExactly("OK");
    assertThat(reportValues(tests, "agentharness.standingTime")).singleElement().asString()
        .startsWith("StandingTime at ").contains("agent ").doesNotContain("still present");
  }

  @Test
  void aTestThatFailedKeepsItsOwnFailure() {
    Events tests = execute(AlreadyFailingFixture.class).testEvents();

    assertThat(firstFailure(tests)).isInstanceOf(IllegalStateException.class).hasMessage("the test's own failure");
    assertThat(firstFailure(tests).getSuppressed()).isEmpty();
  }

  @Test
  void withoutAScenarioTheInjectedCollectorIsCheckedAgainstTheLedger() {
    Events tests = execute(OwnCollectorFixture.class).testEvents();

    tests.assertStatistics(s -> s.started(3).succeeded(2).failed(1));
    assertThat(tests.failed().stream().map(e -> e.getTestDescriptor().getDisplayName()))
        .containsExactly("collectsNothing(FakeOpenAiRealtime, FakeServer, UsageCollector)");
    assertThat(firstFailure(tests)).hasMessageContaining("llm_output_audio_tokens");
  }

  @Test
  void perClassChecksOnceAfterAllTests() {
    EngineExecutionResults results = execute(PerClassFixture.class);

    results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    assertThat(firstFailure(results.containerEvents())).isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("llm_output_audio_tokens");
  }

  @AgentSession(scenario = "scenarios/usage-missing-openai-realtime.json", failOnUnreconciledUsage = true)
  static class UsageMissingFixture {
    @Test
    void runs(SimulatedSession session) {
      session.run();
    }
  }

  @AgentSession(scenario = "scenarios/usage-missing-openai-realtime.json")
  static class UsageMissingNotCheckedFixture {
    @Test
    void runs(SimulatedSession session) {
      session.run();
      assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(18);
      assertThat(session.ledger().summary().llmOutputAudioTokens()).isEqualTo(109);
    }
  }

  @AgentSession(scenario = "scenarios/greeting-openai-realtime.json", failOnUnreconciledUsage = true)
  static class MatchingFixture {
    @Test
    void runs(SimulatedSession session) {
      session.run();
    }
  }

  @AgentSession(scenario = "scenarios/usage-missing-openai-realtime.json", failOnUnreconciledUsage = true)
  static class AlreadyFailingFixture {
    @Test
    void fails(SimulatedSession session) {
      session.run();
      throw new IllegalStateException("the test's own failure");
    }
  }

  @AgentSession(fakes = Fake.OPENAI_REALTIME, failOnUnreconciledUsage = true)
  static class OwnCollectorFixture {
    @Test
    void collectsWhatWasBilled(FakeOpenAiRealtime openai, FakeServer server, UsageCollector usage, Ledger ledger)
        throws Exception {
      oneTurn(openai, server);
      ledger.idealMetrics().forEach(usage::collect); // a client that counts right
    }

    @Test
    void collectsNothing(FakeOpenAiRealtime openai, FakeServer server, UsageCollector usage) throws Exception {
      oneTurn(openai, server); // a client that never reports usage
    }

    @Test
    void usesNoCollector(FakeOpenAiRealtime openai, FakeServer server) throws Exception {
      oneTurn(openai, server); // nothing collected to check
    }

    private static void oneTurn(FakeOpenAiRealtime openai, FakeServer server) throws Exception {
      openai.script(Reply.reply().text("Hello").audio(ofMillis(600)).usage(u -> u.outputAudio(12).outputText(2)));
      try (OkHttpRealtime client = new OkHttpRealtime(server)) {
        client.oneTurn(openai, openai.apiKey(), false);
      }
    }
  }

  @AgentSession(scenario = "scenarios/usage-missing-openai-realtime.json", failOnUnreconciledUsage = true,
      lifecycle = Lifecycle.PER_CLASS)
  static class PerClassFixture {
    @BeforeAll
    static void play(SimulatedSession session) {
      session.run();
    }

    @Test
    void assertsSomethingElse(SimulatedSession session) {
      assertThat(session.ledger().entries()).hasSize(2);
    }
  }
}
