package dev.agentharness.junit;

import static dev.agentharness.junit.Fixtures.connection;
import static dev.agentharness.junit.Fixtures.legacyJsUsage;
import static dev.agentharness.junit.Fixtures.realtime;
import static dev.agentharness.junit.Fixtures.realtimeUsage;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class AgentSoftAssertionsTest {

  private static final List<AgentMetrics> STREAM = List.of(connection(), realtime("resp_1", 13, 91, 30).build(),
      realtime("resp_2", 0, 0, 0).build());

  @Test
  void everyFailingCheckInTheBlockIsReportedIncludingAfterNavigation() {
    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThat(legacyJsUsage()).hasNoZeroAudioTokens();                                   // 1
    softly.assertThat(legacyJsUsage()).llmOutputAudioTokens().isPositive();                      // 2: navigation
    softly.assertThat(legacyJsUsage()).ttsAudioDuration().isPositive();                          // 3: navigation
    softly.assertThat(realtimeUsage()).hasLlmOutputAudioTokens(91).llmInputAudioTokens().isEqualTo(13); // passes
    softly.assertThatMetrics(STREAM).ofType(RealtimeModelMetrics.class).excludingConnectionMetrics()
        .everyResponseHasUsage();                                                                 // 4: two navigations
    softly.assertThatMetrics(STREAM).totalUsage().llmOutputAudioTokens().isEqualTo(90);         // 5
    softly.assertThat(7L).isEqualTo(8L);                                                          // 6: AssertJ's own
    assertThat(softly.errorsCollected()).hasSize(6);
    assertThatThrownBy(softly::assertAll)
        .hasMessageContaining("Multiple Failures (6 failures)")
        .hasMessageContaining("Expected input and output audio tokens to be positive, but:")
        .hasMessageContaining("[llm_output_audio_tokens (llmOutputAudioTokens): output audio tokens are 0 while 121"
            + " completion tokens were collected")
        .hasMessageContaining("[tts_audio_duration (ttsAudioDuration): no TTS usage was collected")
        .hasMessageContaining("Expected every response to carry usage, but 1 of 2 has zero tokens:\n  resp_2")
        .hasMessageContaining("expected: 90L")
        .hasMessageContaining("expected: 8L");
  }

  @Test
  void assertJsOwnListNavigationOnAMetricStreamStaysSoft() {
    AgentSoftAssertions softly = new AgentSoftAssertions();
    softly.assertThatMetrics(STREAM).filteredOn(m -> m instanceof RealtimeModelMetrics).hasSize(9);
    softly.assertThatMetrics(STREAM).ofType(RealtimeModelMetrics.class).extracting(RealtimeModelMetrics::requestId)
        .containsExactly("resp_9");
    softly.assertThatMetrics(STREAM).ofType(RealtimeModelMetrics.class).withRequestId("resp_1").hasSize(2);
    assertThat(softly.errorsCollected()).hasSize(3);
    assertThat(softly.errorsCollected().get(2))
        .hasMessageStartingWith("Expected 2 realtime_model_metrics with request id \"resp_1\", but found 1:");
  }

  @Test
  void aNavigationThatFailsIsCollectedAndTheBlockGoesOn() {
    AgentSoftAssertions softly = new AgentSoftAssertions();
    AgentSessionUsage usage = new AgentSessionUsage(List.of(new LlmModelUsage("api.openai.com", "gpt-realtime", 132, 0,
        0, 13, 0, 119, 0, 0, 0, 121, 91, 30, Duration.ZERO)));
    // the model is missing: its checks run on null and fail too, instead of ending the block with an NPE
    softly.assertThat(usage).hasLlm("api.openai.com", "gpt-4o").hasOutputAudioTokens(91);
    softly.assertThat((UsageSummary) null).llmOutputAudioTokens().isPositive();
    softly.assertThat(usage).hasLlm("api.openai.com", "gpt-realtime").outputAudioTokens().isEqualTo(90);
    assertThat(softly.errorsCollected()).hasSize(4);
    assertThat(softly.errorsCollected().get(0))
        .hasMessageStartingWith("Expected LLM usage of \"api.openai.com\"/\"gpt-4o\", but there is none.");
    assertThat(softly.errorsCollected().get(1)).hasMessageContaining("[llm_usage \"api.openai.com\"/\"gpt-4o\"]")
        .hasMessageContaining("Expecting actual not to be null");
    assertThat(softly.errorsCollected().get(2)).hasMessageContaining("[llm_output_audio_tokens (llmOutputAudioTokens)]")
        .hasMessageContaining("Expecting actual not to be null");
    assertThat(softly.errorsCollected().get(3)).hasMessageContaining("expected: 90L");
  }

  @Test
  void aRealSessionInASoftBlock() {
    try (SimulatedSession session = SimulatedSession.of(Fixtures.usageMissing())) {
      session.run();
      AgentSoftAssertions softly = new AgentSoftAssertions();
      softly.assertThat(session).usageMatchesLedger();
      softly.assertThat(session).usage().llmOutputAudioTokens().isEqualTo(111);
      softly.assertThat(session).metrics().everyResponseHasUsage();
      softly.assertThat(session).modelUsage().hasLlm(SimulatedSession.OPENAI_PROVIDER, "gpt-realtime")
          .hasOutputAudioTokens(111);
      softly.assertThat(session).events().emittedInOrder("close", "metrics_collected");
      softly.assertThat(session).ledger().hasSize(2).summary().hasLlmOutputAudioTokens(111);   // passes
      softly.assertThat(session).hasNoErrors();                                                 // passes
      softly.assertThat(session.ledger()).reconcilesWith(session.usage());
      softly.assertThat(session.reconcile()).matches();
      assertThat(softly.errorsCollected()).hasSize(7);
      assertThat(softly.errorsCollected()).extracting(Throwable::getMessage)
          .anySatisfy(m -> assertThat(m)
              .startsWith("Expected collected usage to match what the fakes billed, but 5 fields differ:"))
          .anySatisfy(m -> assertThat(m).contains("91 collected, but the fake billed 111"))
          .anySatisfy(m -> assertThat(m).startsWith("Expected every response to carry usage"))
          .anySatisfy(m -> assertThat(m).contains("(the fake billed 111)"))
          .anySatisfy(m -> assertThat(m).startsWith("Expected the session to emit, in this order, [close,"
              + " metrics_collected]"));
    }
  }

  @Test
  void autoCloseableAndAssertSoftly() {
    assertThatThrownBy(() -> {
      try (AutoCloseableAgentSoftAssertions softly = new AutoCloseableAgentSoftAssertions()) {
        softly.assertThat(legacyJsUsage()).hasLlmOutputAudioTokens(91);
        softly.assertThatDuration(ofMillis(9200)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(8));
      }
    }).hasMessageContaining("Multiple Failures (2 failures)")
        .hasMessageContaining("Expected a duration between 5s and 8s, but it was 9.2s (1.2s too long)");
    assertThatThrownBy(() -> SoftAssertionsProvider.assertSoftly(AgentSoftAssertions.class, softly -> {
      softly.assertThat(legacyJsUsage()).llmInputAudioTokens().isPositive();
      softly.assertThat(realtime("resp_1", 13, 91, 30).build()).hasOutputAudioTokens(90).hasInputAudioTokens(12);
    })).hasMessageContaining("Multiple Failures (3 failures)");
  }

  @Test
  void injectedByAssertJsSoftAssertionsExtension() {
    Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(InjectedFixture.class)).execute()
        .testEvents();
    tests.assertStatistics(s -> s.started(1).failed(1));
    Throwable failure = tests.failed().stream().findFirst().orElseThrow()
        .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
    assertThat(failure).hasMessageContaining("Multiple Failures (2 failures)")
        .hasMessageContaining("output audio tokens are 0 while 121 completion tokens were collected")
        .hasMessageContaining("Expected every response to carry usage");
  }

  /** Run only by {@link #injectedByAssertJsSoftAssertionsExtension()} (nested classes are not run by Surefire). */
  @ExtendWith(SoftAssertionsExtension.class)
  static class InjectedFixture {
    @InjectSoftAssertions
    AgentSoftAssertions softly;

    @Test
    void twoSoftFailures() {
      softly.assertThat(legacyJsUsage()).llmOutputAudioTokens().isPositive();
      softly.assertThatMetrics(STREAM).everyResponseHasUsage();
    }
  }
}
