package dev.agentharness.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.TestInstance;

/**
 * The baseline of {@link PerTestOverheadBench}, as in the performance anchors (§1, scenario b): a fresh
 * MockWebServer per test with a WebSocket upgrade, one echoed 25-character message through the JDK's
 * WebSocket client, a close, and the server stopped. Not a test of this project.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public class BareMockWebServerFixture {

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @RepeatedTest(PerTestOverheadBench.REPETITIONS)
  void echo() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse.Builder().webSocketUpgrade(new WebSocketListener() {
        @Override
        public void onMessage(okhttp3.WebSocket ws, String text) {
          ws.send(text);
        }

        @Override
        public void onClosing(okhttp3.WebSocket ws, int code, String reason) {
          ws.close(1000, null);
        }
      }).build());
      server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
      CompletableFuture<String> echo = new CompletableFuture<>();
      CompletableFuture<Integer> closed = new CompletableFuture<>();
      WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(server.url("/").toString().replace("http", "ws")),
          new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
              echo.complete(data.toString());
              webSocket.request(1);
              return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
              closed.complete(statusCode);
              return null;
            }
          }).get(5, TimeUnit.SECONDS);
      ws.sendText("{\"type\":\"response.create\"}", true).get(5, TimeUnit.SECONDS);
      assertThat(echo.get(5, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"response.create\"}");
      ws.sendClose(1000, "").get(5, TimeUnit.SECONDS);
      assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
    }
  }
}
