package dev.agentharness.client.openai;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.client.ClientTestBase;
import dev.agentharness.client.ProviderException;
import dev.agentharness.clock.Link;
import dev.agentharness.fake.openai.FakeOpenAiChat;
import dev.agentharness.fake.openai.FakeOpenAiSpeech;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.usage.UsageCollector;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiHttpClientsTest extends ClientTestBase {


  private void runAt(Duration at, Runnable action) throws InterruptedException {
    try (Link hold = clock.hold("test")) {
      clock.scheduler("test").after(at, action);
    }
    assertThat(clock.awaitIdle(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void aStreamedCompletionIsMeasuredLikeLiveKit() throws Exception {
    FakeOpenAiChat chat = server.mount(FakeOpenAiChat.builder().ledger(ledger)
        .reply(Reply.reply().text("Your balance is 42 euros.").ttft(ofMillis(400)).chunkGap(ofMillis(20))
            .usage(u -> u.inputText(120L).cachedText(64L)).build())
        .build());
    OpenAiChatClient client = new OpenAiChatClient(context, OpenAiChatClient.Options.of(chat.baseUrl(), chat.apiKey()));
    StringBuilder text = new StringBuilder();
    runAt(Duration.ofSeconds(1), () -> client.stream(List.of(OpenAiChatClient.Message.user("What's my balance?")),
        new OpenAiChatClient.Listener() {
          @Override
          public void textDelta(String delta) {
            text.append(delta);
          }
        }));
    assertThat(text).hasToString("Your balance is 42 euros.");
    LlmMetrics m = (LlmMetrics) metrics.get(0);
    int chunks = 7; // ceil(25 characters / 4)
    assertThat(m.ttft()).isEqualTo(ofMillis(400));
    assertThat(m.duration()).isEqualTo(ofMillis(400 + 20 * (chunks - 1)));
    assertThat(m.promptTokens()).isEqualTo(120);
    assertThat(m.promptCachedTokens()).isEqualTo(64);
    assertThat(m.completionTokens()).isEqualTo(chunks);
    assertThat(m.requestId()).startsWith("chatcmpl-").isEqualTo(ledger.entries().get(0).id());
    assertThat(m.cancelled()).isFalse();
    assertThat(Reconciliation.of(ledger, UsageCollector.summarize(metrics), metrics).matches()).isTrue();
  }

  @Test
  void aStreamWithoutItsUsageChunkReportsZeroTokens() throws Exception {
    FakeOpenAiChat chat = server.mount(FakeOpenAiChat.builder().ledger(ledger)
        .reply(Reply.reply().text("Hi.").fault(FaultKind.NO_USAGE_CHUNK).build()).build());
    OpenAiChatClient client = new OpenAiChatClient(context, OpenAiChatClient.Options.of(chat.baseUrl(), chat.apiKey()));
    runAt(Duration.ZERO, () -> client.stream(List.of(OpenAiChatClient.Message.user("Hello")), null));
    assertThat(errors).isEmpty();
    LlmMetrics m = (LlmMetrics) metrics.get(0);
    assertThat(m.promptTokens()).isZero();
    assertThat(m.completionTokens()).isZero();
    Reconciliation r = Reconciliation.of(ledger, UsageCollector.summarize(metrics), metrics);
    assertThat(r.report()).contains("carried no usage");
  }

  @Test
  void aWrongKeyIsAnUnauthorizedErrorAndNoMetric() throws Exception {
    FakeOpenAiChat chat = server.mount(FakeOpenAiChat.builder().ledger(ledger).build());
    OpenAiChatClient client = new OpenAiChatClient(context, OpenAiChatClient.Options.of(chat.baseUrl(), "sk-wrong-key-123456"));
    runAt(Duration.ZERO, () -> client.stream(List.of(OpenAiChatClient.Message.user("Hello")), null));
    assertThat(metrics).isEmpty();
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAUTHORIZED);
      assertThat(e.code()).isEqualTo(401);
      assertThat(e.getMessage()).startsWith("openai-chat: POST /v1/chat/completions: HTTP 401").contains("Incorrect API key");
    });
  }

  @Test
  void speechIsMeasuredFromTheDecodedBytes() throws Exception {
    FakeOpenAiSpeech speech = server.mount(FakeOpenAiSpeech.builder().ledger(ledger)
        .reply(Reply.reply().text("ignored").audio(ofMillis(2400)).ttfb(ofMillis(250)).chunkGap(ofMillis(10)).build())
        .build());
    OpenAiSpeechClient client = new OpenAiSpeechClient(context, OpenAiSpeechClient.Options.of(speech.baseUrl(), speech.apiKey()));
    String text = "Your balance is 42 euros.";
    runAt(Duration.ofSeconds(2), () -> client.synthesize(text, null));
    TtsMetrics m = (TtsMetrics) metrics.get(0);
    assertThat(m.ttfb()).isEqualTo(ofMillis(250));
    assertThat(m.audioDuration()).isEqualTo(ofMillis(2400));
    assertThat(m.duration()).isEqualTo(ofMillis(250 + 10 * 23));
    assertThat(m.charactersCount()).isEqualTo(text.length());
    assertThat(m.streamed()).isFalse();
    assertThat(m.requestId()).isEqualTo(ledger.entries().get(0).id());
    assertThat(Reconciliation.of(ledger, UsageCollector.summarize(metrics), metrics).matches()).isTrue();
  }
}
