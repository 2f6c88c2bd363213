package dev.agentharness.junit;

import static dev.agentharness.junit.AgentTestKit.execute;
import static dev.agentharness.junit.AgentTestKit.reportValues;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.clock.ClockMode;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.scenario.Providers.OpenAiDialect;
import dev.agentharness.scenario.Reply;
import dev.agentharness.usage.ModelUsageCollector;
import dev.agentharness.usage.UsageCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.Events;

/** "Your own client": fakes started by {@code @AgentSession(fakes = ...)} without a scenario, driven over OkHttp. */
class OwnClientTests {

  @Test
  void anInjectedFakeServesAClientOfYourOwnAndBillsTheTestsLedger() {
    Events tests = execute(OpenAiFixture.class).testEvents();

    tests.assertStatistics(s -> s.started(3).succeeded(3).failed(0));
  }

  @Test
  void eachTestGetsItsOwnFakeKeyAndPort() {
    Events tests = execute(OpenAiFixture.class).testEvents();

    assertThat(reportValues(tests, "server")).hasSize(3).doesNotHaveDuplicates(); // not ports: the OS may reuse a closed one
    assertThat(reportValues(tests, "keyHash")).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void withoutACollectorTheBilledUsageIsPublished() {
    Events tests = execute(OpenAiFixture.class).testEvents();

    assertThat(reportValues(tests, "agentharness.billed"))
        .containsExactly("UsageSummary(llm_prompt_tokens=10, llm_prompt_cached_tokens=0, llm_input_audio_tokens=10,"
            + " llm_input_cached_audio_tokens=0, llm_input_text_tokens=0, llm_input_cached_text_tokens=0,"
            + " llm_input_image_tokens=0, llm_input_cached_image_tokens=0, llm_completion_tokens=121,"
            + " llm_output_audio_tokens=91, llm_output_image_tokens=0, llm_output_text_tokens=30,"
            + " tts_characters_count=0, tts_audio_duration=0.0, stt_audio_duration=0.0)");
    assertThat(reportValues(tests, "agentharness.usage")).hasSize(1);
    assertThat(reportValues(tests, "agentharness.reconciliation")).hasSize(1);
  }

  @Test
  void apiKeyDialectAndTlsConfigureTheFakes() {
    execute(ConfiguredFixture.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
  }

  @AgentSession(fakes = Fake.OPENAI_REALTIME)
  static class OpenAiFixture {

    @Test
    void bridgeBillsWhatTheFakeBilled(FakeOpenAiRealtime openai, FakeServer server, Ledger ledger, SessionClock clock,
        TestReporter reporter) throws Exception {
      reporter.publishEntry("port", Integer.toString(server.port()));
      reporter.publishEntry("server", Integer.toHexString(System.identityHashCode(server)));
      reporter.publishEntry("keyHash", Integer.toString(openai.apiKey().hashCode()));
      openai.script(Reply.reply().text("Your balance is 42 euros.").audio(ofMillis(2400))
          .usage(u -> u.outputAudio(91).outputText(30)));
      String done;
      try (OkHttpRealtime client = new OkHttpRealtime(server)) {
        done = client.oneTurn(openai, openai.apiKey(), false);
      }
      assertThat(done).contains("\"output_tokens\":121");
      assertThat(openai.server()).isSameAs(server);
      assertThat(openai.ledger()).isSameAs(ledger);
      assertThat(openai.clock()).isSameAs(clock);
      assertThat(clock.mode()).isEqualTo(ClockMode.VIRTUAL);
      assertThat(openai.dialect()).isEqualTo(OpenAiDialect.GA);
      assertThat(openai.apiKey()).startsWith("sk-test-");
      assertThat(openai.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
      assertThat(ledger.summary().llmOutputAudioTokens()).isEqualTo(91);
    }

    @Test
    void collectorsForYourOwnClientStartEmpty(UsageCollector usage, ModelUsageCollector modelUsage, Ledger ledger,
        FakeOpenAiRealtime openai, FakeServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.port()));
      reporter.publishEntry("server", Integer.toHexString(System.identityHashCode(server)));
      reporter.publishEntry("keyHash", Integer.toString(openai.apiKey().hashCode()));
      assertThat(usage.summary().isEmpty()).isTrue();
      assertThat(modelUsage.usage().modelUsage()).isEmpty();
      assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void nothingIsBilledWithoutAClient(FakeOpenAiRealtime openai, FakeServer server, TestReporter reporter) {
      reporter.publishEntry("port", Integer.toString(server.port()));
      reporter.publishEntry("server", Integer.toHexString(System.identityHashCode(server)));
      reporter.publishEntry("keyHash", Integer.toString(openai.apiKey().hashCode()));
      assertThat(openai.openConnections()).isZero();
      assertThat(openai.ledger().size()).isZero();
    }
  }

  @AgentSession(fakes = Fake.OPENAI_REALTIME, apiKey = "sk-test-fixed", dialect = OpenAiDialect.BETA, tls = true)
  static class ConfiguredFixture {
    @Test
    void theFakeTakesTheKeyDialectAndTls(FakeOpenAiRealtime openai, FakeServer server) throws Exception {
      assertThat(openai.apiKey()).isEqualTo("sk-test-fixed");
      assertThat(openai.dialect()).isEqualTo(OpenAiDialect.BETA);
      assertThat(server.usesTls()).isTrue();
      assertThat(openai.baseUrl()).startsWith("https://127.0.0.1:");
      String done;
      try (OkHttpRealtime client = new OkHttpRealtime(server)) {
        done = client.oneTurn(openai, "sk-test-fixed", true);
      }
      assertThat(done).contains("\"type\":\"response.done\"");
      assertThat(openai.ledger().entries()).hasSize(1);
    }
  }
}
