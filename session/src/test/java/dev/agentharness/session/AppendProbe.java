package dev.agentharness.session;

import dev.agentharness.audio.Pcm;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

public class AppendProbe {
  public static void main(String[] args) throws Exception {
    mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer();
    long[] recv = new long[3];
    CountDownLatch[] latch = {new CountDownLatch(1)};
    server.enqueue(new mockwebserver3.MockResponse.Builder().webSocketUpgrade(new WebSocketListener() {
      @Override
      public void onMessage(WebSocket ws, String text) {
        long t0 = System.nanoTime();
        dev.agentharness.internal.json.JsonValue.Obj o = dev.agentharness.internal.json.Json.parseObject(text);
        long t1 = System.nanoTime();
        byte[] pcm = Base64.getDecoder().decode(((dev.agentharness.internal.json.JsonValue.Str) o.get("audio")).value());
        long t2 = System.nanoTime();
        recv[0] = t0; recv[1] = t1 - t0; recv[2] = t2 - t1;
        latch[0].countDown();
      }
    }).build());
    server.start();
    OkHttpClient client = new OkHttpClient();
    WebSocket ws = client.newWebSocket(new Request.Builder().url(server.url("/").toString().replace("http", "ws")).build(), new WebSocketListener() {});
    byte[] audio = Pcm.tone(24000, 211200);
    for (int i = 0; i < 200; i++) {
      latch[0] = new CountDownLatch(1);
      long s0 = System.nanoTime();
      String json = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(audio) + "\"}";
      long s1 = System.nanoTime();
      ws.send(json);
      latch[0].await(5, TimeUnit.SECONDS);
      long s2 = System.nanoTime();
      if (i % 20 == 19) System.out.printf("encode %.2f ms, send->server %.2f ms, parse %.2f ms, decode %.2f ms, total %.2f ms%n",
          (s1 - s0) / 1e6, (recv[0] - s1) / 1e6, recv[1] / 1e6, recv[2] / 1e6, (s2 - s0) / 1e6);
    }
    ws.close(1000, null);
    client.dispatcher().executorService().shutdown();
    server.close();
  }
}
