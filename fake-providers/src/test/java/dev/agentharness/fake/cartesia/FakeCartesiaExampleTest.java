package dev.agentharness.fake.cartesia;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.clock.SessionClock;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.LedgerEntry;
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

/** The example of docs/fake-providers/cartesia.md: a plain OkHttp client on the real-time clock. */
class FakeCartesiaExampleTest {

  @Test
  void oneContextIsBilledOnce() throws Exception {
    OkHttpClient http = new OkHttpClient();
    try (SessionClock clock = SessionClock.realTime();
        FakeCartesia cartesia = FakeCartesia.builder().clock(clock).start()) {
      cartesia.script(Reply.reply().audio(Duration.ofMillis(800)));
      BlockingQueue<String> messages = new LinkedBlockingQueue<>();
      WebSocket ws = http.newWebSocket(new Request.Builder()
          .url(cartesia.websocketUrl() + "?api_key=" + cartesia.apiKey() + "&cartesia_version=2024-06-10").build(),
          new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
              messages.add(text);
            }
          });
      String request = "{\"model_id\":\"sonic-2\","
          + "\"voice\":{\"mode\":\"id\",\"id\":\"a0e99841-438c-4a64-b679-ae501e7d6091\"},"
          + "\"output_format\":{\"container\":\"raw\",\"encoding\":\"pcm_s16le\",\"sample_rate\":24000},"
          + "\"language\":\"en\",\"context_id\":\"turn-1\",\"transcript\":%s,\"continue\":%s}";
      ws.send(String.format(request, "\"Your balance is \"", "true"));
      ws.send(String.format(request, "\"42 euros. \"", "true"));
      ws.send(String.format(request, "\" \"", "false"));
      long audioBytes = 0;
      while (true) {
        JsonValue.Obj m = Json.parseObject(messages.poll(5, TimeUnit.SECONDS));
        if (m.get("type").asString("type").equals("done")) break;
        audioBytes += Base64.getDecoder().decode(m.get("data").asString("data")).length;
      }
      assertThat(audioBytes).isEqualTo(38_400); // 0.8 s of 24 kHz 16-bit mono
      LedgerEntry billed = cartesia.ledger().entries().get(0);
      assertThat(billed.id()).isEqualTo("turn-1");
      assertThat(billed.characters()).isEqualTo("Your balance is 42 euros.  ".length());
      assertThat(billed.audio()).isEqualTo(Duration.ofMillis(800));
      ws.close(1000, null);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
