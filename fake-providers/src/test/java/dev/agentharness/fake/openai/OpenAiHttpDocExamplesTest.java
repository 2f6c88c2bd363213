package dev.agentharness.fake.openai;

import static dev.agentharness.scenario.Reply.reply;
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
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.FaultKind;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The examples in docs/fake-providers/openai-chat.md and openai-speech.md, verbatim. */
class OpenAiHttpDocExamplesTest {

  @Test
  void aStreamWithoutItsUsageChunkStillBillsTheCompletion() {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().text("Your balance is 42 euros.").fault(FaultKind.NO_USAGE_CHUNK));
      OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(chat.baseUrl()).apiKey(chat.apiKey()).build();
      try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
          ChatCompletionCreateParams.builder().model("gpt-4.1-mini").addUserMessage("What's my balance?")
              .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
        List<ChatCompletionChunk> chunks = stream.stream().collect(Collectors.toList());
        // what a client that trusts the stream reports: no usage at all
        assertThat(chunks).allSatisfy(c -> assertThat(c.usage()).isEmpty());
      } finally {
        client.close();
      }
      // what OpenAI billed: 5 prompt tokens ("What's my balance?") and 7 completion tokens
      LedgerEntry billed = chat.ledger().entries().get(0);
      assertThat(billed.tokens().input()).isEqualTo(5);
      assertThat(billed.tokens().output()).isEqualTo(7);
    }
  }

  @Test
  void speechReturnsExactlyTheScriptedAudio() throws Exception {
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.start()) {
      speech.script(reply().audio(ofMillis(2400)).ttfb(ofMillis(250)));
      OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(speech.baseUrl()).apiKey(speech.apiKey()).build();
      SpeechCreateParams params = SpeechCreateParams.builder().model("gpt-4o-mini-tts")
          .input("Your balance is 42 euros.").voice(SpeechCreateParams.Voice.ALLOY)
          .responseFormat(SpeechCreateParams.ResponseFormat.PCM).build();
      try (HttpResponse response = client.audio().speech().create(params); InputStream body = response.body()) {
        assertThat(body.readAllBytes()).hasSize(115_200); // 2.4 s of 24 kHz 16-bit mono
        LedgerEntry billed = speech.ledger().entry(response.requestId().orElseThrow());
        assertThat(billed.characters()).isEqualTo(25);
        assertThat(billed.audio()).isEqualTo(ofMillis(2400));
        assertThat(billed.tokens().outputAudio()).isEqualTo(48); // 20 per second
      } finally {
        client.close();
      }
    }
  }
}
