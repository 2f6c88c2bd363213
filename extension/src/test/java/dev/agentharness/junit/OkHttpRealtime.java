package dev.agentharness.junit;

import dev.agentharness.audio.Pcm;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * A client of "your own", as a user's bridge would be: OkHttp dialing a fake OpenAI Realtime, one spoken
 * turn (a tone, then silence for server VAD), waiting for {@code response.done}. Closing shuts OkHttp's
 * threads and connections down.
 */
final class OkHttpRealtime implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Pattern RESPONSE_ID = Pattern.compile("\"id\":\"(resp_[^\"]+)\"");

  private final OkHttpClient http;

  OkHttpRealtime(FakeServer server) {
    OkHttpClient.Builder b = new OkHttpClient.Builder().retryOnConnectionFailure(false);
    if (server.usesTls()) b.sslSocketFactory(server.tls().clientSocketFactory(), server.tls().clientTrustManager());
    this.http = b.build();
  }

  /**
   * Speaks one utterance and returns the {@code response.done} event once the fake's ledger holds the
   * response (the fake bills just after sending {@code response.done}).
   *
   * @param beta send {@code OpenAI-Beta: realtime=v1}, as clients of the retired protocol do
   */
  String oneTurn(FakeOpenAiRealtime fake, String apiKey, boolean beta) throws InterruptedException {
    String done = oneTurn(fake.realtimeUrl("gpt-realtime"), apiKey, beta);
    Matcher id = RESPONSE_ID.matcher(done);
    if (!id.find()) throw new AssertionError("no response id in " + done);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (fake.ledger().entry(id.group(1)) == null) {
      if (System.nanoTime() > deadline) throw new AssertionError(id.group(1) + " was not billed within " + WAIT);
      Thread.sleep(1);
    }
    return done;
  }

  /** Speaks one utterance and returns the {@code response.done} event. */
  String oneTurn(String realtimeUrl, String apiKey, boolean beta) throws InterruptedException {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    Request.Builder request = new Request.Builder().url(realtimeUrl).header("Authorization", "Bearer " + apiKey);
    if (beta) request.header("OpenAI-Beta", "realtime=v1");
    WebSocket ws = http.newWebSocket(request.build(), new WebSocketListener() {
      @Override
      public void onMessage(WebSocket webSocket, String text) {
        events.add(text);
      }

      @Override
      public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        events.add("FAILURE " + t + (response != null ? " (HTTP " + response.code() + ")" : ""));
      }
    });
    try {
      ws.send(append(Pcm.tone(24000, 48000))); // 1 s of speech at 24 kHz
      ws.send(append(new byte[24000])); // 500 ms of silence ends the turn
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        String e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (e == null) throw new AssertionError("no response.done within " + WAIT);
        if (e.startsWith("FAILURE")) throw new AssertionError(e);
        if (e.contains("\"type\":\"response.done\"")) return e;
      }
    } finally {
      ws.close(1000, null);
    }
  }

  private static String append(byte[] pcm) {
    return "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(pcm) + "\"}";
  }

  @Override
  public void close() {
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
