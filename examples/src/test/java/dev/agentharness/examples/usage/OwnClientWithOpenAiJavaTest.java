package dev.agentharness.examples.usage;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.agentharness.fake.openai.FakeOpenAiChat;
import dev.agentharness.fake.openai.FakeOpenAiSpeech;
import dev.agentharness.junit.AgentSession;
import dev.agentharness.junit.Fake;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Reply;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * <b>Way of use 2, your own client.</b> {@code @AgentSession(fakes = ...)} starts fake OpenAI chat and speech
 * endpoints; the test points the official {@code com.openai:openai-java} client at their base URL and key,
 * as your own pipeline would, and compares what the SDK shows (the stream's usage chunk, the audio bytes)
 * with what the fakes billed. No scenario: the test scripts each reply.
 */
@AgentSession(fakes = {Fake.OPENAI_CHAT, Fake.OPENAI_SPEECH})
class OwnClientWithOpenAiJavaTest {

  private OpenAIClient client;

  @AfterEach
  void closeClient() {
    if (client != null) client.close();
  }

  @Test
  void theUsageChunkTheSdkSeesIsWhatTheFakeBilled(FakeOpenAiChat chat, Ledger ledger) {
    chat.script(Reply.reply().text("Your balance is 42 euros."));
    client = OpenAIOkHttpClient.builder().baseUrl(chat.baseUrl()).apiKey(chat.apiKey()).maxRetries(0).build();

    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4.1-mini")
        .addUserMessage("What's my balance?")
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    List<ChatCompletionChunk> chunks;
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      chunks = stream.stream().collect(Collectors.toList());
    }
    CompletionUsage usage = chunks.get(chunks.size() - 1).usage().orElseThrow();

    LedgerEntry billed = ledger.entry(chunks.get(0).id());
    assertThat(usage.promptTokens()).isEqualTo(billed.tokens().input());
    assertThat(usage.completionTokens()).isEqualTo(billed.tokens().output()).isEqualTo(7);
    assertThat(ledger).summary().llmCompletionTokens().isEqualTo(usage.completionTokens());
  }

  @Test
  void theAudioTheSdkReceivesIsWhatTheFakeBilled(FakeOpenAiSpeech speech, Ledger ledger) throws Exception {
    speech.script(Reply.reply().audio(ofMillis(2400)));
    client = OpenAIOkHttpClient.builder().baseUrl(speech.baseUrl()).apiKey(speech.apiKey()).maxRetries(0).build();

    String text = "Your balance is 42 euros.";
    SpeechCreateParams params = SpeechCreateParams.builder().model("gpt-4o-mini-tts").input(text)
        .voice(SpeechCreateParams.Voice.ALLOY).responseFormat(SpeechCreateParams.ResponseFormat.PCM).build();
    byte[] pcm;
    String requestId;
    try (HttpResponse response = client.audio().speech().create(params); InputStream body = response.body()) {
      pcm = body.readAllBytes();
      requestId = response.requestId().orElseThrow();
    }
    Duration heard = Duration.ofMillis(pcm.length * 1000L / 48_000);   // 24 kHz, 16-bit mono

    LedgerEntry billed = ledger.entry(requestId);
    assertThat(heard).isEqualTo(billed.audio()).isEqualTo(ofMillis(2400));
    assertThat((long) text.length()).isEqualTo(billed.characters());
    assertThat(ledger).summary().ttsCharactersCount().isEqualTo(25);
  }
}
