package dev.agentharness.fake;

import dev.agentharness.clock.Link;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * The server side of one fake WebSocket connection. Subclasses handle frames in {@link #onText} and
 * {@link #onBinary}, and send with {@link #send}; every frame counts on the client's {@link Link}, so
 * virtual time waits for it to be handled.
 *
 * <p>Frames arrive on OkHttp's reader thread, one at a time: handlers must not block. They schedule
 * what to send on the session clock instead.
 */
public abstract class FakeWebSocket extends WebSocketListener {

  private final Link link;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean opening = new AtomicBoolean(true);
  private volatile WebSocket socket;
  private volatile Runnable onClosed = () -> {};

  /** Create it while dispatching the upgrade: the work of opening counts as in flight until {@link #opened()} ran. */
  protected FakeWebSocket(Link link) {
    this.link = link;
    link.sent(1);
  }

  /** The client's link on the session clock. */
  protected final Link link() {
    return link;
  }

  /** Called when the connection is open, e.g. to send {@code session.created}. */
  protected void opened() {}

  /** One text frame from the client. */
  protected void onText(String text) {}

  /** One binary frame from the client. */
  protected void onBinary(ByteString bytes) {}

  /** The connection is gone (closed by either side, or failed). Called once. */
  protected void closed(int code, String reason) {}

  /** OkHttp drops a connection whose send queue passes 16 MiB; senders wait below this. */
  private static final long MAX_QUEUED_BYTES = 4L << 20;
  private static final long MAX_DRAIN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
  private static final long MAX_BACKPRESSURE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

  /** Sends a text frame; {@code false} if the connection is already closing. */
  protected final boolean send(String text) {
    WebSocket ws = socket;
    if (ws == null || closed.get()) return false;
    awaitQueueRoom(ws);
    link.sent(1);
    if (!ws.send(text)) {
      link.handled(1);
      return false;
    }
    return true;
  }

  /** Sends a binary frame; {@code false} if the connection is already closing. */
  protected final boolean send(ByteString bytes) {
    WebSocket ws = socket;
    if (ws == null || closed.get()) return false;
    awaitQueueRoom(ws);
    link.sent(1);
    if (!ws.send(bytes)) {
      link.handled(1);
      return false;
    }
    return true;
  }

  // a long reply is sent in one burst; let the client drain it rather than overflow OkHttp's queue
  private void awaitQueueRoom(WebSocket ws) {
    if (ws.queueSize() <= MAX_QUEUED_BYTES) return;
    long deadline = System.nanoTime() + MAX_BACKPRESSURE_NANOS;
    while (ws.queueSize() > MAX_QUEUED_BYTES && !closed.get() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(50_000);
    }
  }

  /**
   * Starts a normal close with a provider close code and reason. The close frame counts on the link like
   * any frame: virtual time waits until the client has seen it (a tracked client closes its link then),
   * so that the client reads the instant the server closed at.
   */
  protected final void closeWith(int code, String reason) {
    WebSocket ws = socket;
    if (ws == null || closed.get()) return;
    link.sent(1);
    if (!ws.close(code, reason)) link.handled(1);
  }

  /** Drops the connection without a close frame, as a server that dies does. */
  protected final void drop() {
    WebSocket ws = socket;
    if (ws != null && !closed.get()) {
      // the drop counts like a frame: time waits until the client has handled the failure (it closes its link)
      link.sent(1);
      // what the server sent before it died reaches the client: let the writer drain first (bounded)
      long deadline = System.nanoTime() + MAX_DRAIN_NANOS;
      while (ws.queueSize() > 0 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(50_000);
      }
      cut(ws, "dropped by a scripted fault");
    }
    finish(1006, "dropped by a scripted fault");
  }

  // A server-side WebSocket has no Call, so WebSocket.cancel() throws a NullPointerException in OkHttp 5
  // (RealWebSocket.cancel() is call!!.cancel()). failWebSocket closes the socket without a close frame.
  private static void cut(WebSocket ws, String why) {
    if (ws instanceof okhttp3.internal.ws.RealWebSocket r) {
      r.failWebSocket(new java.io.IOException(why), null, false);
    } else {
      ws.cancel();
    }
  }

  public final boolean isOpen() {
    return socket != null && !closed.get();
  }

  /** Registers what the server does when this connection ends (it forgets it). */
  final void onClosed(Runnable r) {
    onClosed = r;
  }

  /** Drops the connection; used when the server shuts down. */
  final void shutdown() {
    WebSocket ws = socket;
    if (ws != null) cut(ws, "server shutting down");
    finish(1001, "server shutting down");
  }

  @Override
  public final void onOpen(WebSocket webSocket, Response response) {
    socket = webSocket;
    try {
      opened();
    } finally {
      if (opening.compareAndSet(true, false)) link.handled(1);
    }
  }

  @Override
  public final void onMessage(WebSocket webSocket, String text) {
    try {
      onText(text);
    } finally {
      link.handled(1);
    }
  }

  @Override
  public final void onMessage(WebSocket webSocket, ByteString bytes) {
    try {
      onBinary(bytes);
    } finally {
      link.handled(1);
    }
  }

  /**
   * The client closed: {@link #closed} runs (a fake bills what the client left) before the close is answered,
   * so that a client waiting for the answer (as {@code ClientSocket.closeAndAwaitAnswer()} holds the clock)
   * finds the bill done.
   */
  @Override
  public final void onClosing(WebSocket webSocket, int code, String reason) {
    try {
      finish(code, reason);
    } finally {
      webSocket.close(code, null);
    }
  }

  @Override
  public final void onClosed(WebSocket webSocket, int code, String reason) {
    finish(code, reason);
  }

  @Override
  public final void onFailure(WebSocket webSocket, Throwable t, Response response) {
    finish(1006, String.valueOf(t.getMessage()));
  }

  private void finish(int code, String reason) {
    if (opening.compareAndSet(true, false)) link.handled(1);
    if (!closed.compareAndSet(false, true)) return;
    try {
      closed(code, reason);
    } finally {
      onClosed.run();
    }
  }
}
