package dev.agentharness.fake.elevenlabs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.clock.SessionClock;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.scenario.Reply;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;

/** The examples of docs/fake-providers/elevenlabs.md: plain OkHttp clients. */
class FakeElevenLabsExampleTest {

  @Test
  void httpStreamingBillsTheCharactersAndTheAudio() throws Exception {
    OkHttpClient http = new OkHttpClient();
    try (FakeElevenLabs eleven = FakeElevenLabs.builder().start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(2400)).ttfb(Duration.ofMillis(150)));
      Request request = new Request.Builder()
          .url(eleven.streamUrl("21m00Tcm4TlvDq8ikWAM") + "?output_format=pcm_24000")
          .header("xi-api-key", eleven.apiKey())
          .post(RequestBody.create("{\"text\":\"Your balance is 42 euros.\",\"model_id\":\"eleven_flash_v2_5\"}",
              MediaType.get("application/json")))
          .build();
      try (Response response = http.newCall(request).execute()) {
        assertThat(response.header("character-cost")).isEqualTo("25");
        assertThat(response.body().bytes()).hasSize(115_200); // 2.4 s of 24 kHz 16-bit mono
      }
      LedgerEntry billed = eleven.ledger().entries().get(0);
      assertThat(billed.characters()).isEqualTo(25);
      assertThat(billed.audio()).isEqualTo(Duration.ofMillis(2400));
      TtsMetrics ideal = (TtsMetrics) billed.idealMetric();
      assertThat(ideal.charactersCount()).isEqualTo(25);
      assertThat(ideal.metadata().modelProvider()).isEqualTo("ElevenLabs");
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Test
  void streamInputOnTheRealTimeClock() throws Exception {
    OkHttpClient http = new OkHttpClient();
    try (SessionClock clock = SessionClock.realTime();
        FakeElevenLabs eleven = FakeElevenLabs.builder().clock(clock).start()) {
      eleven.script(Reply.reply().audio(Duration.ofMillis(1200)));
      BlockingQueue<String> frames = new LinkedBlockingQueue<>();
      WebSocket ws = http.newWebSocket(new Request.Builder()
          .url(eleven.streamInputUrl("21m00Tcm4TlvDq8ikWAM", "model_id=eleven_flash_v2_5&output_format=pcm_16000"))
          .header("xi-api-key", eleven.apiKey()).build(), new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
              frames.add(text);
            }
          });
      ws.send("{\"text\":\" \",\"voice_settings\":{\"stability\":0.5,\"similarity_boost\":0.8}}");
      ws.send("{\"text\":\"Hello there. \",\"flush\":true}");
      ws.send("{\"text\":\"\"}");
      long audioBytes = 0;
      StringBuilder aligned = new StringBuilder();
      for (String f; !(f = frames.poll(5, TimeUnit.SECONDS)).equals("{\"isFinal\":true}"); ) {
        JsonValue.Obj o = Json.parseObject(f);
        audioBytes += Base64.getDecoder().decode(o.get("audio").asString("audio")).length;
        if (o.getPresent("alignment") instanceof JsonValue.Obj a) {
          a.get("chars").asArray("chars").items().forEach(c -> aligned.append(c.asString("c")));
        }
      }
      assertThat(audioBytes).isEqualTo(38_400); // 1.2 s of 16 kHz 16-bit mono
      assertThat(aligned).hasToString("Hello there. ");
      assertThat(eleven.ledger().entries().get(0).characters()).isEqualTo(13);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
