package dev.agentharness.benchmarks;

import dev.agentharness.client.ClientContext;
import dev.agentharness.client.openai.OpenAiRealtimeClient;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.scenario.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * How many megabytes of decoded audio per second one fake OpenAI Realtime server streams to one client over
 * loopback: one response of {@code seconds} of 24 kHz PCM16 in 100 ms {@code response.output_audio.delta}
 * events (base64 in JSON, as OpenAI sends them), timed from {@code response.create} to {@code response.done}.
 *
 * <p>Two clients, interleaved round by round:
 * <ul>
 *   <li>{@code okhttp}: an OkHttp WebSocket that finds each delta and decodes it, as the performance
 *       anchor's client did; the fake's own ceiling;
 *   <li>{@code reference}: the {@link OpenAiRealtimeClient} on the virtual clock, as a simulated session
 *       runs it: every frame counted in flight until handled, the metric emitted at the end.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.agentharness.benchmarks.RealtimeStreamBench [seconds] [rounds]
 * </pre>
 */
public final class RealtimeStreamBench {

  private static final double BYTES_PER_SECOND = 48_000;

  private RealtimeStreamBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3600;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Reply reply = Reply.reply().text("A long story.").audio(Duration.ofSeconds(seconds)).build();
    System.out.printf("realtime stream: %d s of audio (%.1f MB decoded) per run, 1 warm-up + %d rounds, %s%n",
        seconds, seconds * BYTES_PER_SECOND / 1e6, rounds, System.getProperty("java.vm.version"));
    OkHttpClient http = new OkHttpClient.Builder().readTimeout(0, TimeUnit.SECONDS).build();
    List<Double> raw = new ArrayList<>();
    List<Double> reference = new ArrayList<>();
    try {
      for (int i = -1; i < rounds; i++) {
        double a = okhttp(http, reply, seconds);
        double b = reference(reply, seconds);
        System.out.printf("%s: okhttp %.0f MB/s, reference %.0f MB/s%n", i < 0 ? "warm-up" : "round " + (i + 1), a, b);
        if (i >= 0) {
          raw.add(a);
          reference.add(b);
        }
      }
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
    print("okhttp", raw);
    print("reference", reference);
  }

  private static void print(String name, List<Double> mbs) {
    Stats s = new Stats(mbs.stream().mapToDouble(Double::doubleValue).toArray());
    System.out.printf("%-9s decoded audio MB/s: median %s [%s–%s], %s× real time%n", name, Stats.f(s.median()),
        Stats.f(s.min()), Stats.f(s.max()), Stats.f(s.median() * 1e6 / BYTES_PER_SECOND));
  }

  /** MB/s of decoded audio to a plain OkHttp WebSocket client. */
  static double okhttp(OkHttpClient http, Reply reply, int seconds) throws Exception {
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().replies(List.of(reply)).start()) {
      CompletableFuture<Long> done = new CompletableFuture<>();
      long[] started = new long[1];
      WebSocket ws = http.newWebSocket(new Request.Builder().url(openai.realtimeUrl("gpt-realtime"))
          .header("Authorization", "Bearer " + openai.apiKey()).build(), new WebSocketListener() {
            long decoded;

            @Override
            public void onMessage(WebSocket webSocket, String text) {
              int type = text.indexOf("\"type\":\"");
              if (text.startsWith("response.output_audio.delta\"", type + 8)) {
                int from = text.indexOf("\"delta\":\"") + 9;
                decoded += Base64.getDecoder().decode(text.substring(from, text.indexOf('"', from))).length;
              } else if (text.startsWith("session.created\"", type + 8)) {
                started[0] = System.nanoTime();
                webSocket.send("{\"type\":\"response.create\"}");
              } else if (text.startsWith("response.done\"", type + 8)) {
                done.complete(decoded);
              } else if (text.startsWith("error\"", type + 8)) {
                done.completeExceptionally(new IllegalStateException(text));
              }
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
              done.completeExceptionally(t);
            }
          });
      long bytes = done.get(5, TimeUnit.MINUTES);
      double elapsed = (System.nanoTime() - started[0]) / 1e9;
      ws.close(1000, null);
      check(bytes, seconds);
      return bytes / elapsed / 1e6;
    }
  }

  /** MB/s of decoded audio to the reference client, on the virtual clock with every frame tracked. */
  static double reference(Reply reply, int seconds) throws Exception {
    try (SessionClock clock = SessionClock.virtual();
        FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().clock(clock).replies(List.of(reply)).start();
        ClientContext context = ClientContext.builder(clock).timeout(Duration.ofMinutes(5)).build()) {
      CompletableFuture<Long> done = new CompletableFuture<>();
      long[] started = new long[1];
      OpenAiRealtimeClient[] client = new OpenAiRealtimeClient[1];
      client[0] = new OpenAiRealtimeClient(context,
          OpenAiRealtimeClient.Options.of(openai.baseUrl(), openai.apiKey()).withSilenceDuration(null),
          new OpenAiRealtimeClient.Listener() {
            @Override
            public void sessionReady() {
              started[0] = System.nanoTime();
              client[0].createResponse();
            }

            @Override
            public void responseDone(OpenAiRealtimeClient.Generation generation, RealtimeModelMetrics metric) {
              if (metric == null) done.completeExceptionally(new IllegalStateException("no metric"));
              else done.complete(generation.audioBytes());
            }

            @Override
            public void error(dev.agentharness.client.ProviderException e) {
              done.completeExceptionally(e);
            }
          });
      client[0].connect();
      long bytes = done.get(5, TimeUnit.MINUTES);
      double elapsed = (System.nanoTime() - started[0]) / 1e9;
      client[0].close();
      check(bytes, seconds);
      return bytes / elapsed / 1e6;
    }
  }

  private static void check(long bytes, int seconds) {
    if (bytes != (long) (seconds * BYTES_PER_SECOND)) {
      throw new AssertionError("decoded " + bytes + " bytes, expected " + (long) (seconds * BYTES_PER_SECOND));
    }
  }
}
