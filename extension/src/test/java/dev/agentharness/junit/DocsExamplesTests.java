package dev.agentharness.junit;

import static dev.agentharness.junit.AgentTestKit.execute;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.clock.ClockMode;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.junit.AgentSession.Lifecycle;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.session.SessionEvent;
import dev.agentharness.session.SimulatedSession;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The three ways of use, exactly as {@code docs/junit.md} shows them; each must pass. */
class DocsExamplesTests {

  @Test
  void harnessDriven() {
    execute(GreetingUsageTest.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
  }

  @Test
  void yourOwnClient() {
    execute(BridgeTest.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
  }

  @Test
  @Tag("slow") // starts a second JVM that compiles the agent's source: several seconds
  void anyLanguage() {
    execute(ForeignAgentTest.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
  }

  @Test
  void perClass() {
    execute(GreetingPerClassTest.class).testEvents().assertStatistics(s -> s.started(2).succeeded(2));
  }

  @Test
  void registeredInCode() {
    execute(BalanceTest.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
  }

  // 1. Harness-driven
  @AgentSession(scenario = "scenarios/greeting-openai-realtime.json")
  static class GreetingUsageTest {
    @Test
    void outputAudioIsCountedAndMatchesTheLedger(SimulatedSession session) {
      session.run();

      assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(91 + 18);
      assertThat(session.reconcile().matches()).isTrue();
    }
  }

  // 2. Your own client (OkHttpRealtime, in this directory, stands for your bridge)
  @AgentSession(fakes = Fake.OPENAI_REALTIME)
  static class BridgeTest {
    @Test
    void bridgeSeesTheUsageOpenAiBills(FakeOpenAiRealtime openai, FakeServer server, Ledger ledger)
        throws Exception {
      openai.script(Reply.reply().text("Your balance is 42 euros.").audio(ofMillis(2400))
          .usage(u -> u.outputAudio(91).outputText(30)));

      try (OkHttpRealtime bridge = new OkHttpRealtime(server)) {
        String done = bridge.oneTurn(openai, openai.apiKey(), false);
        assertThat(done).contains("\"output_token_details\":{\"text_tokens\":30,\"audio_tokens\":91}");
      }
      assertThat(ledger.summary().llmOutputAudioTokens()).isEqualTo(91);
    }
  }

  // 3. Any language: an agent in another process, configured through its environment
  @AgentSession(fakes = Fake.OPENAI_REALTIME, clock = ClockMode.REAL_TIME)
  static class ForeignAgentTest {
    @Test
    void theAgentProcessIsServedAndBilled(FakeOpenAiRealtime openai, Ledger ledger) throws Exception {
      openai.script(Reply.reply().text("Hello!").audio(ofMillis(500)).usage(u -> u.outputAudio(12).outputText(2)));

      ProcessBuilder agent = new ProcessBuilder(java(), agentSource()).redirectErrorStream(true);
      agent.environment().put("OPENAI_BASE_URL", openai.baseUrl());
      agent.environment().put("OPENAI_API_KEY", openai.apiKey());
      Process process = agent.start();
      try {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the agent exits").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("\"type\":\"response.done\"");
      } finally {
        process.destroyForcibly();
      }
      assertThat(ledger.summary().llmOutputAudioTokens()).isEqualTo(12);
    }

    private static String java() {
      return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String agentSource() throws URISyntaxException {
      return new File(ForeignAgentTest.class.getResource("/foreign/ForeignRealtimeAgent.java").toURI()).getPath();
    }
  }

  // Lifecycle.PER_CLASS
  @AgentSession(scenario = "scenarios/greeting-openai-realtime.json", lifecycle = Lifecycle.PER_CLASS)
  static class GreetingPerClassTest {
    @BeforeAll
    static void play(SimulatedSession session) {
      session.run();
    }

    @Test
    void outputAudio(SimulatedSession session) {
      assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(109);
    }

    @Test
    void ledger(Ledger ledger) {
      assertThat(ledger.entries()).hasSize(2);
    }
  }

  // Registered in code, with a listener
  static class BalanceTest {
    static final List<SessionEvent> EVENTS = new CopyOnWriteArrayList<>(); // or your billing code

    @RegisterExtension
    static AgentSessionExtension agent = AgentSessionExtension.builder()
        .scenario(Scenario.builder("balance")
            .realtime(Providers.Realtime.OPENAI)
            .turn(t -> t.user("What's my balance?", ofSeconds(2))
                .reply(r -> r.text("Your balance is 42 euros.").audio(ofMillis(2400))
                    .usage(u -> u.outputAudio(91).outputText(30))))
            .build())
        .listener(EVENTS::add)
        .build();

    @Test
    void runs(SimulatedSession session) {
      session.run();
      assertThat(session.usage().llmOutputAudioTokens()).isEqualTo(91);
      assertThat(EVENTS).filteredOn(e -> e instanceof SessionEvent.MetricsCollected).isNotEmpty();
    }
  }
}
