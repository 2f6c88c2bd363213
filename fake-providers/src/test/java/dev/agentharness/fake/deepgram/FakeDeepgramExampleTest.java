package dev.agentharness.fake.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.audio.Pcm;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;
import org.junit.jupiter.api.Test;

/** The example of docs/fake-providers/deepgram.md: a plain OkHttp client on the real-time clock. */
class FakeDeepgramExampleTest {

  @Test
  void transcribesTheScriptedUtteranceAndBillsTheStream() throws Exception {
    OkHttpClient http = new OkHttpClient();
    try (SessionClock clock = SessionClock.realTime();
        FakeDeepgram deepgram = FakeDeepgram.builder().clock(clock).transcripts("What is my balance?").start()) {
      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      String query = "model=nova-3&encoding=linear16&sample_rate=16000&interim_results=true&vad_events=true"
          + "&endpointing=25&punctuate=true";
      WebSocket ws = http.newWebSocket(new Request.Builder().url(deepgram.listenUrl(query))
          .header("Authorization", "Token " + deepgram.apiKey()).build(), new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
              events.add(text);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
              events.add("FAILURE " + t);
            }
          });
      ws.send(ByteString.of(new byte[16_000]));         // 0.5 s of silence (16 kHz, 16-bit mono)
      ws.send(ByteString.of(Pcm.tone(16_000, 64_000))); // 2 s of "speech"
      ws.send(ByteString.of(new byte[16_000]));         // 0.5 s of silence
      ws.send("{\"type\":\"CloseStream\"}");

      List<JsonValue.Obj> got = new ArrayList<>();
      while (got.isEmpty() || !got.get(got.size() - 1).get("type").asString("type").equals("Metadata")) {
        String e = events.poll(5, TimeUnit.SECONDS);
        assertThat(e).as("next event").isNotNull().doesNotStartWith("FAILURE");
        got.add(Json.parseObject(e));
      }
      JsonValue.Obj started = got.get(0);
      assertThat(started.get("type").asString("type")).isEqualTo("SpeechStarted");
      assertThat(started.get("timestamp").asDouble("timestamp")).isEqualTo(0.5);
      JsonValue.Obj fin = got.stream().filter(o -> o.has("is_final") && o.get("is_final").asBoolean("f"))
          .findFirst().orElseThrow();
      assertThat(fin.get("speech_final").asBoolean("speech_final")).isTrue();
      assertThat(fin.get("channel").asObject("c").get("alternatives").asArray("a").items().get(0).asObject("alt")
          .get("transcript").asString("t")).isEqualTo("What is my balance?");
      JsonValue.Obj metadata = got.get(got.size() - 1);
      assertThat(metadata.get("duration").asDouble("duration")).isEqualTo(3.0); // audio received

      String requestId = metadata.get("request_id").asString("request_id");
      LedgerEntry billed = deepgram.ledger().entry(requestId);
      assertThat(billed.billing()).isEqualTo(Billing.STT_STREAM);
      assertThat(billed.provider()).isEqualTo("Deepgram");
      assertThat(billed.model()).isEqualTo("nova-3");
      // billed: the connection's lifetime (wall time here); the audio received is in streams()
      assertThat(deepgram.stream(requestId).audioReceived()).hasSeconds(3);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
