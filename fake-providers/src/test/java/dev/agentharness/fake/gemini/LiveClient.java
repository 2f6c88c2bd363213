package dev.agentharness.fake.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.clock.Link;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * A raw Gemini Live client for the tests, on a real OkHttp WebSocket. When {@code tracked}, it opens a link
 * on the fake's clock and reports what it handled, so virtual time waits for the test: a frame taken with
 * {@link #next()} stays in flight until the following {@code next()}, and frames the test sends count as in
 * flight until the fake has handled them.
 */
final class LiveClient implements AutoCloseable {

  /** A server frame. */
  record Frame(String text, boolean binary) {
    JsonValue.Obj json() {
      return Json.parseObject(text);
    }

    boolean has(String key) {
      return text.startsWith("{\"" + key + "\"");
    }
  }

  /** The connection ended: a close frame from the server, or a failure. */
  record Ended(int code, String reason, Throwable failure, Response response) {}

  private final OkHttpClient http;
  private final Link link;
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final WebSocket ws;
  private int taken;
  /** A tracked client holds virtual time from its creation until its first frame is sent. */
  private boolean holding;

  private LiveClient(OkHttpClient http, Link link, Request request) {
    this.http = http;
    this.link = link;
    if (link != Link.UNTRACKED) {
      link.sent(1);
      holding = true;
    }
    this.ws = http.newWebSocket(request, new WebSocketListener() {
      @Override
      public void onMessage(WebSocket webSocket, String text) {
        events.add(new Frame(text, false));
      }

      @Override
      public void onMessage(WebSocket webSocket, ByteString bytes) {
        events.add(new Frame(bytes.utf8(), true));
      }

      @Override
      public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(code, null);
        events.add(new Ended(code, reason, null, null));
      }

      @Override
      public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        String body = null;
        try {
          if (response != null && response.body() != null) body = response.body().string();
        } catch (java.io.IOException e) {
          body = null;
        }
        events.add(new Ended(response == null ? -1 : response.code(), body, t, response));
      }
    });
  }

  /** Connects with the key in the {@code x-goog-api-key} header (as the Python and Java SDKs do). */
  static LiveClient header(FakeGeminiLive fake, String key) {
    return connect(fake, fake.liveUrl(), key == null ? Map.of() : Map.of("x-goog-api-key", key), false);
  }

  /** Connects with the key in {@code ?key=} (as raw clients and the Node SDK do). */
  static LiveClient query(FakeGeminiLive fake, String key) {
    return connect(fake, fake.liveUrl() + "?key=" + key, Map.of(), false);
  }

  static LiveClient connect(FakeGeminiLive fake, String url, Map<String, String> headers, boolean tracked) {
    OkHttpClient.Builder b = new OkHttpClient.Builder().readTimeout(0, TimeUnit.SECONDS);
    if (fake.server().usesTls()) {
      b.sslSocketFactory(fake.server().tls().clientSocketFactory(), fake.server().tls().clientTrustManager());
    }
    Link link = tracked ? fake.clock().openLink("test client") : Link.UNTRACKED;
    Request.Builder r = new Request.Builder().url(url);
    headers.forEach(r::header);
    if (tracked) r.header(Link.HEADER, link.id());
    return new LiveClient(b.build(), link, r.build());
  }

  void send(String json) {
    link.sent(1);
    if (!ws.send(json)) link.handled(1);
    release();
  }

  void sendBinary(String json) {
    link.sent(1);
    if (!ws.send(ByteString.encodeUtf8(json))) link.handled(1);
    release();
  }

  private void release() {
    if (holding) {
      holding = false;
      link.handled(1);
    }
  }

  void setup(String setupBody) {
    send("{\"setup\":" + setupBody + "}");
    Frame first = next();
    assertThat(first.text()).isEqualTo("{\"setupComplete\":{}}");
  }

  /** Streams PCM as {@code realtimeInput.audio} in 100 ms messages (3200 bytes at 16 kHz). */
  void audio(byte[] pcm) {
    for (int i = 0; i < pcm.length; i += 3200) {
      byte[] part = java.util.Arrays.copyOfRange(pcm, i, Math.min(pcm.length, i + 3200));
      send("{\"realtimeInput\":{\"audio\":{\"data\":\"" + Base64.getEncoder().encodeToString(part)
          + "\",\"mimeType\":\"audio/pcm;rate=16000\"}}}");
    }
  }

  /** The next server frame; fails on a close or failure. The previous frame counts as handled now. */
  Frame next() {
    Object e = nextEvent();
    assertThat(e).as("next frame").isInstanceOf(Frame.class);
    return (Frame) e;
  }

  /** The next frame, close or failure. */
  Object nextEvent() {
    link.handled(taken);
    taken = 0;
    try {
      Object e = events.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("an event within 10 s").isNotNull();
      if (e instanceof Frame) taken = 1;
      return e;
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new AssertionError(ex);
    }
  }

  /** Frames up to and including the next {@code turnComplete}. */
  List<Frame> untilTurnComplete() {
    List<Frame> out = new ArrayList<>();
    while (true) {
      Frame f = next();
      out.add(f);
      JsonValue.Obj sc = f.json().getPresent("serverContent") instanceof JsonValue.Obj o ? o : null;
      if (sc != null && sc.getPresent("turnComplete") != null) return out;
    }
  }

  /** Skips frames until the connection ends. */
  Ended awaitEnd() {
    while (true) {
      Object e = nextEvent();
      if (e instanceof Ended end) return end;
    }
  }

  /** True if nothing arrives within {@code millis}. */
  boolean quietFor(long millis) throws InterruptedException {
    link.handled(taken);
    taken = 0;
    return events.poll(millis, TimeUnit.MILLISECONDS) == null;
  }

  @Override
  public void close() {
    try {
      ws.close(1000, null);
    } finally {
      link.close();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }
}
