package dev.agentharness.fake;

import dev.agentharness.clock.Link;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * A test WebSocket client. With a tracked link it reports what it sent and handled, so that virtual time
 * waits for it: it holds time still from the dial to its first {@link #send}, counts its messages before
 * sending them, and counts a frame as handled once queued. With {@link Link#UNTRACKED} it is a foreign
 * client and virtual time runs freely.
 */
public final class WsProbe implements AutoCloseable {

  /** How the connection ended. */
  public record Ending(int code, String reason, Throwable failure, Integer httpStatus, String httpBody) {}

  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Ending> ending = new CompletableFuture<>();
  private final CompletableFuture<Response> opened = new CompletableFuture<>();
  private final Link link;
  private final WebSocket ws;
  private volatile int closeOnFrameCode;
  private volatile String closeOnFrameReason;
  private volatile String replyOnFirstFrame;
  private boolean held; // guarded by this

  private WsProbe(OkHttpClient client, Request.Builder request, Link link) {
    this.link = link;
    if (link != Link.UNTRACKED) request.header(Link.HEADER, link.id());
    // hold time still from the dial to the first message: a real client that sends at once after the
    // handshake is not idle in between, so the fake's idle timers must not fire there
    link.sent(1);
    this.held = true;
    this.ws = client.newWebSocket(request.build(), new WebSocketListener() {
      @Override
      public void onOpen(WebSocket webSocket, Response response) {
        opened.complete(response);
      }

      @Override
      public void onMessage(WebSocket webSocket, String text) {
        frames.add(text);
        String reply = replyOnFirstFrame;
        if (reply != null) {
          // the reply is in flight before the frame counts as handled: time waits for the server to read it
          replyOnFirstFrame = null;
          WsProbe.this.link.sent(1);
          if (!webSocket.send(reply)) WsProbe.this.link.handled(1);
        }
        if (closeOnFrameCode != 0) {
          // hang up, and keep the frame in flight so that time stands still until the server saw the close
          webSocket.close(closeOnFrameCode, closeOnFrameReason);
          return;
        }
        WsProbe.this.link.handled(1);
      }

      @Override
      public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(code, null);
        ending.complete(new Ending(code, reason, null, null, null));
      }

      @Override
      public void onClosed(WebSocket webSocket, int code, String reason) {
        ending.complete(new Ending(code, reason, null, null, null));
      }

      @Override
      public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        String body = null;
        Integer status = null;
        if (response != null) {
          status = response.code();
          try {
            body = response.body() == null ? null : response.body().string();
          } catch (Exception ignored) {
            // the body is informative only
          }
        }
        opened.completeExceptionally(t);
        ending.complete(new Ending(-1, null, t, status, body));
      }
    });
  }

  public static WsProbe open(OkHttpClient client, Request.Builder request, Link link) {
    return new WsProbe(client, request, link);
  }

  /**
   * Closes the socket when the first frame arrives (a barge-in), leaving that frame unhandled: close
   * frames do not count on a link, so virtual time stands still until the test closes the probe.
   */
  public WsProbe closeOnFirstFrame(int code, String reason) {
    this.closeOnFrameReason = reason;
    this.closeOnFrameCode = code;
    return this;
  }

  /** Sends {@code message} as soon as the first frame arrives (e.g. a cancel), before time moves on. */
  public WsProbe replyOnFirstFrame(String message) {
    this.replyOnFirstFrame = message;
    return this;
  }

  public WebSocket socket() {
    return ws;
  }

  /** Sends frames back to back, counted in flight up front so that time cannot slip in between. */
  public void send(String... messages) {
    link.sent(messages.length);
    release();
    for (String m : messages) {
      if (!ws.send(m)) link.handled(1);
    }
  }

  private synchronized void release() {
    if (!held) return;
    held = false;
    link.handled(1);
  }

  /** The next text frame, or {@code null} after 5 s. */
  public String next() throws InterruptedException {
    return frames.poll(5, TimeUnit.SECONDS);
  }

  /** Every text frame until the connection ended (waits at most 10 s for the end). */
  public List<String> framesUntilEnd() throws Exception {
    ending();
    List<String> out = new ArrayList<>();
    frames.drainTo(out);
    return out;
  }

  public Ending ending() throws Exception {
    return ending.get(10, TimeUnit.SECONDS);
  }

  public Response awaitOpen() throws Exception {
    return opened.get(10, TimeUnit.SECONDS);
  }

  public static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    ws.cancel();
    link.close();
  }
}
