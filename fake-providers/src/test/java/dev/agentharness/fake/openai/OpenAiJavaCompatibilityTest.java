package dev.agentharness.fake.openai;

import static dev.agentharness.scenario.Reply.reply;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.FaultKind;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The fakes against the official {@code com.openai:openai-java} client, with its response validation on. */
class OpenAiJavaCompatibilityTest {

  static OpenAIClient client(String baseUrl, String key) {
    return OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(key).maxRetries(0).responseValidation(true).build();
  }

  static SpeechCreateParams speechParams() {
    return SpeechCreateParams.builder().model("gpt-4o-mini-tts").input("Your balance is 42 euros.")
        .voice(SpeechCreateParams.Voice.ALLOY).responseFormat(SpeechCreateParams.ResponseFormat.PCM).build();
  }

  @Test
  void speechReturnsTheScriptedAudioToOpenAiJava() throws Exception {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      speech.script(reply().audio(ofMillis(2400)).chunkGap(ofMillis(40)));
      OpenAIClient client = client(speech.baseUrl(), speech.apiKey());
      try (HttpResponse r = client.audio().speech().create(speechParams()); InputStream in = r.body()) {
        assertThat(r.statusCode()).isEqualTo(200);
        byte[] pcm = in.readAllBytes();
        assertThat(pcm).hasSize(115_200); // 2.4 s of 24 kHz 16-bit mono
        String requestId = r.requestId().orElseThrow();
        LedgerEntry e = speech.ledger().entry(requestId);
        assertThat(e).isNotNull();
        assertThat(e.audio()).isEqualTo(ofMillis(2400));
        assertThat(e.characters()).isEqualTo(25);
      } finally {
        client.close();
      }
    }
  }

  @Test
  void aWrongKeyIsUnauthorizedForOpenAiJava() {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      OpenAIClient client = client(speech.baseUrl(), "sk-test-wrong-key-000000000000");
      try {
        assertThatThrownBy(() -> client.audio().speech().create(speechParams()).close())
            .isInstanceOf(UnauthorizedException.class).hasMessageContaining("Incorrect API key provided");
      } finally {
        client.close();
      }
      assertThat(speech.ledger().entries()).isEmpty();
    }
  }

  static ChatCompletionCreateParams chatParams() {
    return ChatCompletionCreateParams.builder().model("gpt-4.1-mini").addUserMessage("What's my balance?")
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
  }

  @Test
  void chatStreamingUsageParsesInOpenAiJava() {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().text("Your balance is 42 euros.").usage(u -> u.cachedText(3).reasoning(11)));
      OpenAIClient client = client(chat.baseUrl(), chat.apiKey());
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chatParams())) {
        List<ChatCompletionChunk> chunks = stream.stream().collect(Collectors.toList());
        String text = chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
            .collect(Collectors.joining());
        assertThat(text).isEqualTo("Your balance is 42 euros.");
        CompletionUsage usage = chunks.get(chunks.size() - 1).usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(5);
        assertThat(usage.completionTokens()).isEqualTo(7 + 11);
        assertThat(usage.totalTokens()).isEqualTo(5 + 7 + 11);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).contains(3L);
        assertThat(usage.completionTokensDetails().orElseThrow().reasoningTokens()).contains(11L);
        assertThat(chunks).allSatisfy(c -> assertThat(c.id()).isEqualTo(chunks.get(0).id()));
        assertThat(chat.ledger().entry(chunks.get(0).id()).tokens().total()).isEqualTo(usage.totalTokens());
      } finally {
        client.close();
      }
    }
  }

  @Test
  void chatToolCallsAndNonStreamingCompletionsValidateInOpenAiJava() {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().toolCall("get_balance", "{\"account\":\"main\"}", "{\"balance\":42}"), reply().text("Hi."));
      OpenAIClient client = client(chat.baseUrl(), chat.apiKey());
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chatParams())) {
        List<ChatCompletionChunk> chunks = stream.stream().collect(Collectors.toList());
        String arguments = chunks.stream().flatMap(c -> c.choices().stream())
            .flatMap(c -> c.delta().toolCalls().orElse(List.of()).stream())
            .map(t -> t.function().flatMap(f -> f.arguments()).orElse("")).collect(Collectors.joining());
        assertThat(arguments).isEqualTo("{\"account\":\"main\"}");
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
            .model("gpt-4.1-mini").addUserMessage("Hello").build());
        assertThat(completion.choices().get(0).message().content()).contains("Hi.");
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(2 + 1);
      } finally {
        client.close();
      }
    }
  }

  @Test
  void aMidStreamErrorIsAnSseExceptionInOpenAiJava() {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().text("Your balance is 42 euros.").fault(FaultKind.MID_STREAM_ERROR));
      OpenAIClient client = client(chat.baseUrl(), chat.apiKey());
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chatParams())) {
        assertThatThrownBy(() -> stream.stream().count()).isInstanceOf(SseException.class)
            .hasMessageContaining("The server had an error");
      } finally {
        client.close();
      }
    }
  }
}
