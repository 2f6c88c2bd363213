package dev.agentharness.fake.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.audio.Pcm;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;

/** The example in docs/fake-providers/gemini.md, kept runnable. */
class FakeGeminiLiveExampleTest {

  @Test
  void aSpokenTurnEndsWithUsageOnTurnComplete() throws Exception {
    OkHttpClient http = new OkHttpClient();
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().start()) {
      gemini.script(Reply.reply().text("Your balance is 42 euros.").audio(Duration.ofMillis(2400))
          .fault(FaultKind.TEXT_MODALITY_ONLY));
      BlockingQueue<String> frames = new LinkedBlockingQueue<>();
      WebSocket ws = http.newWebSocket(new Request.Builder().url(gemini.liveUrl())
          .header("x-goog-api-key", gemini.apiKey()).build(), new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
              frames.add(text);
            }
          });
      ws.send("{\"setup\":{\"model\":\"models/gemini-2.5-flash-native-audio-preview-09-2025\"}}");
      assertThat(frames.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"setupComplete\":{}}");

      // the user: 1 s of speech (a tone), then 600 ms of silence, as 16 kHz PCM16
      byte[] pcm = new byte[51_200];
      System.arraycopy(Pcm.tone(16_000, 32_000), 0, pcm, 0, 32_000);
      ws.send("{\"realtimeInput\":{\"audio\":{\"data\":\"" + Base64.getEncoder().encodeToString(pcm)
          + "\",\"mimeType\":\"audio/pcm;rate=16000\"}}}");

      String last;
      do {
        last = frames.poll(10, TimeUnit.SECONDS);
      } while (last != null && !last.startsWith("{\"serverContent\":{\"turnComplete\":true}"));
      // the report names only TEXT (livekit/agents #2426) ...
      assertThat(last).isEqualTo("{\"serverContent\":{\"turnComplete\":true},\"usageMetadata\":{"
          + "\"promptTokenCount\":52,\"responseTokenCount\":77,\"totalTokenCount\":129,"
          + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":52}],"
          + "\"responseTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":77}]}}");
      // ... while the ledger bills what the model really did: 1.6 s in and 2.4 s out, at 32 tokens/s
      assertThat(gemini.ledger().summary().llmInputAudioTokens()).isEqualTo(52);
      assertThat(gemini.ledger().summary().llmOutputAudioTokens()).isEqualTo(77);
      ws.close(1000, null);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
