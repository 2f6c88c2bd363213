package dev.agentharness.fake.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.clock.Link;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * An OkHttp WebSocket client for the fake. A tracked client names its link on the fake's clock in the
 * {@code Agentharness-Link} header and reports every frame it sends and handles, so virtual time waits
 * for it; its sends are scheduled at virtual instants. An untracked client is foreign: virtual time
 * runs ahead of it.
 */
final class DeepgramTestClient {

  static final long WAIT_SECONDS = 5;

  /** One server frame and the virtual instant it was handled at. */
  record Message(String text, Instant at) {
    JsonValue.Obj json() {
      return Json.parseObject(text);
    }

    String type() {
      return json().get("type").asString("type");
    }
  }

  /** How the connection ended: a close code and reason, or a failure. */
  record Ending(int code, String reason, Throwable failure) {}

  /** A refused handshake: status, headers and body. */
  record Refusal(int code, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
      }
      return null;
    }
  }

  final FakeDeepgram fake;
  final SessionClock clock;
  final Link link;
  final Scheduler scheduler;
  final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  final List<Message> all = new CopyOnWriteArrayList<>();
  final CompletableFuture<Response> opened = new CompletableFuture<>();
  final CompletableFuture<Ending> ended = new CompletableFuture<>();
  final CompletableFuture<Refusal> refused = new CompletableFuture<>();
  private final MessageDigest sent;
  private volatile boolean closeSent;
  private volatile WebSocket ws;

  private DeepgramTestClient(FakeDeepgram fake, boolean tracked) {
    this.fake = fake;
    this.clock = fake.clock();
    this.link = tracked ? clock.openLink("deepgram test client") : Link.UNTRACKED;
    this.scheduler = clock.scheduler("test-client");
    try {
      this.sent = MessageDigest.getInstance("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A tracked client, connected: hold the clock while calling this and scheduling its sends. */
  static DeepgramTestClient connect(OkHttpClient http, FakeDeepgram fake, String query, String... headers) {
    DeepgramTestClient c = new DeepgramTestClient(fake, true);
    c.open(http, fake.listenUrl(query), headers);
    c.awaitOpen();
    return c;
  }

  /**
   * A tracked client, connected while the clock is held, with its sends scheduled by {@code plan}: virtual
   * time starts once the plan is in place.
   */
  static DeepgramTestClient start(OkHttpClient http, FakeDeepgram fake, String query, String[] headers,
      Consumer<DeepgramTestClient> plan) {
    Link hold = fake.clock().hold("scheduling the test client");
    try {
      DeepgramTestClient c = connect(http, fake, query, headers);
      plan.accept(c);
      return c;
    } finally {
      hold.close();
    }
  }

  /** A foreign client (no link): starts the handshake and returns. */
  static DeepgramTestClient foreign(OkHttpClient http, FakeDeepgram fake, String query, String... headers) {
    DeepgramTestClient c = new DeepgramTestClient(fake, false);
    c.open(http, fake.listenUrl(query), headers);
    return c;
  }

  /** Authorization: Token with the fake's key. */
  static String[] token(FakeDeepgram fake) {
    return new String[] {"Authorization", "Token " + fake.apiKey()};
  }

  private void open(OkHttpClient http, String url, String... headers) {
    Request.Builder r = new Request.Builder().url(url);
    for (int i = 0; i + 1 < headers.length; i += 2) r.header(headers[i], headers[i + 1]);
    if (link != Link.UNTRACKED) r.header(Link.HEADER, link.id());
    ws = http.newWebSocket(r.build(), new WebSocketListener() {
      @Override
      public void onOpen(WebSocket webSocket, Response response) {
        opened.complete(response);
      }

      @Override
      public void onMessage(WebSocket webSocket, String text) {
        Message m = new Message(text, clock.now());
        all.add(m);
        messages.add(m);
        link.handled(1);
      }

      @Override
      public void onMessage(WebSocket webSocket, ByteString bytes) {
        link.handled(1);
      }

      @Override
      public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(code, null);
        finish(new Ending(code, reason, null));
      }

      @Override
      public void onClosed(WebSocket webSocket, int code, String reason) {
        finish(new Ending(code, reason, null));
      }

      @Override
      public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        if (response != null && !opened.isDone()) {
          String body;
          try {
            body = response.body().string();
          } catch (IOException | RuntimeException e) {
            body = "";
          }
          refused.complete(new Refusal(response.code(), response.headers().toMultimap(), body));
        }
        opened.completeExceptionally(t);
        finish(new Ending(1006, null, t));
      }
    });
  }

  private void finish(Ending e) {
    if (ended.isDone()) return;
    if (closeSent) awaitServerSawClose();
    ended.complete(e);
    link.close();
  }

  /** A close the client started ends on the server's reader thread: hold the clock until it did. */
  private void awaitServerSawClose() {
    String id = requestId();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < deadline) {
      FakeDeepgram.ListenStream s = id == null ? null : fake.stream(id);
      if (s == null || s.closed() != null) return;
      java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }
  }

  Response awaitOpen() {
    try {
      return opened.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the WebSocket did not open", e);
    }
  }

  Refusal awaitRefusal() {
    try {
      return refused.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the handshake was not refused", e);
    }
  }

  Ending awaitEnd() {
    try {
      return ended.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the connection did not end; received " + texts(), e);
    }
  }

  String requestId() {
    Response r = opened.getNow(null);
    return r == null ? null : r.header("dg-request-id");
  }

  // ---------------------------------------------------------------- sending, now or at virtual instants

  void sendNow(byte[] audio) {
    sent.update(audio);
    link.sent(1);
    if (!ws.send(ByteString.of(audio))) link.handled(1);
  }

  void sendNow(String text) {
    link.sent(1);
    if (!ws.send(text)) link.handled(1);
  }

  /** Starts a close handshake now; the clock is held until the server has seen it. */
  void closeNow(int code) {
    closeSent = true;
    link.sent(1);
    ws.close(code, null);
  }

  void at(Duration t, Runnable action) {
    scheduler.at(clock.origin().plus(t), action);
  }

  void closeAt(Duration t, int code) {
    at(t, () -> closeNow(code));
  }

  void audioAt(Duration t, byte[] audio) {
    at(t, () -> sendNow(audio));
  }

  void textAt(Duration t, String text) {
    at(t, () -> sendNow(text));
  }

  /**
   * Schedules {@code chunks} in {@code chunkDuration} steps from {@code from}: each element is a
   * chunk of audio.
   */
  void streamAt(Duration from, Duration chunkDuration, List<byte[]> chunks) {
    for (int i = 0; i < chunks.size(); i++) audioAt(from.plus(chunkDuration.multipliedBy(i)), chunks.get(i));
  }

  /** Hex SHA-256 of every audio byte sent so far. */
  String sentSha256() {
    try {
      return HexFormat.of().formatHex(((MessageDigest) sent.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- receiving

  Message next() {
    try {
      Message m = messages.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(m).as("next message after " + texts()).isNotNull();
      return m;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Every message until the connection ended. */
  List<Message> untilEnd() {
    awaitEnd();
    return List.copyOf(all);
  }

  List<String> texts() {
    List<String> out = new ArrayList<>();
    for (Message m : all) out.add(m.text());
    return out;
  }

  void cancel() {
    WebSocket w = ws;
    if (w != null) w.cancel();
    link.close();
  }
}
