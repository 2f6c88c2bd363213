package dev.agentharness.client;

import dev.agentharness.clock.Link;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * The client side of one WebSocket. Every frame it sends counts on its {@link Link} until the fake has
 * handled it, and every frame it receives is reported handled once {@link #onText}/{@link #onBinary}
 * returned, so that virtual time never moves while a frame is half processed. The provider's close frame
 * counts too (a fake counts it when it closes): the link is released only after {@link #ended} or
 * {@link #failed} returned, so that they read the instant of the close.
 */
public abstract class ClientSocket extends WebSocketListener {

  protected final ClientContext context;
  private final String provider;
  private final AtomicBoolean opening = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean closeSent = new AtomicBoolean();
  private volatile Link link = Link.UNTRACKED;
  private volatile WebSocket socket;

  protected ClientSocket(ClientContext context, String provider) {
    this.context = context;
    this.provider = provider;
  }

  /** The service name used in errors, e.g. {@code openai-realtime}. */
  public final String provider() {
    return provider;
  }

  /** Dials; {@link #opened()} runs when the handshake succeeded, {@link #failed} if it did not. */
  protected final void connect(Request.Builder request) {
    if (context.tracksFrames()) {
      link = context.clock().openLink(provider + " client");
      request.header(Link.HEADER, link.id());
    }
    opening.set(true);
    link.sent(1);
    socket = context.http().newWebSocket(request.build(), this);
  }

  protected void opened(Response response) {}

  protected void onText(String text) {}

  protected void onBinary(ByteString bytes) {}

  /** The connection failed or was closed by the provider; called once. */
  protected void failed(ProviderException e) {
    context.error(e);
  }

  /** The connection ended normally (after our close, or the provider's close 1000). */
  protected void ended(int code, String reason) {}

  protected final boolean send(String text) {
    WebSocket ws = socket;
    if (ws == null || finished.get()) return false;
    link.sent(1);
    if (!ws.send(text)) {
      link.handled(1);
      return false;
    }
    return true;
  }

  protected final boolean send(ByteString bytes) {
    WebSocket ws = socket;
    if (ws == null || finished.get()) return false;
    link.sent(1);
    if (!ws.send(bytes)) {
      link.handled(1);
      return false;
    }
    return true;
  }

  public final boolean isOpen() {
    return socket != null && !opening.get() && !finished.get() && !closeSent.get();
  }

  /** Closes normally (1000); frames still in flight stop holding the clock. */
  public void close() {
    WebSocket ws = socket;
    if (ws != null) ws.close(1000, null);
    finish();
  }

  /**
   * Closes normally (1000) but keeps the link until the provider's close frame answers: virtual time does not
   * move on before the provider has read the close, so that what it bills for an interruption is exact (with
   * {@link #close()} its next scheduled frames may go out first). Frames it sends meanwhile are still
   * handled. The answer ends the connection as {@link #ended} with the provider's code; a failure ends it
   * without a call.
   */
  public void closeAndAwaitAnswer() {
    WebSocket ws = socket;
    if (ws == null || finished.get() || !closeSent.compareAndSet(false, true)) return;
    link.sent(1);
    if (!ws.close(1000, null)) finish();
  }

  /** Drops the connection at once. */
  public final void cancel() {
    WebSocket ws = socket;
    if (ws != null) ws.cancel();
    finish();
  }

  private void finish() {
    // finished before the handshake's unit is released: once the clock can move on, isOpen() is false
    boolean first = finished.compareAndSet(false, true);
    if (opening.compareAndSet(true, false)) link.handled(1);
    if (first) link.close();
  }

  @Override
  public final void onOpen(WebSocket webSocket, Response response) {
    // OkHttp may open the socket before newWebSocket() has returned to connect(): what opened() sends must go out
    if (socket == null) socket = webSocket;
    try {
      opened(response);
    } finally {
      if (opening.compareAndSet(true, false)) link.handled(1);
    }
  }

  @Override
  public final void onMessage(WebSocket webSocket, String text) {
    try {
      onText(text);
    } catch (RuntimeException e) {
      context.error(new ProviderException(provider, "frame", ProviderException.Kind.MALFORMED, 0,
          e.getMessage() + " in " + abbreviate(text), e));
    } finally {
      link.handled(1);
    }
  }

  @Override
  public final void onMessage(WebSocket webSocket, ByteString bytes) {
    try {
      onBinary(bytes);
    } catch (RuntimeException e) {
      context.error(new ProviderException(provider, "binary frame", ProviderException.Kind.MALFORMED, 0, e.getMessage(), e));
    } finally {
      link.handled(1);
    }
  }

  @Override
  public final void onClosing(WebSocket webSocket, int code, String reason) {
    webSocket.close(code, null);
    boolean ours = finished.get() || closeSent.get();
    try {
      if (ours || code == 1000) {
        ended(code, reason);
      } else {
        failed(new ProviderException(provider, "connection", closeKind(code, reason), code, reason));
      }
    } finally {
      finish(); // after the handlers: the clock still reads the instant of the close while they run
    }
  }

  @Override
  public final void onClosed(WebSocket webSocket, int code, String reason) {
    finish();
  }

  @Override
  public final void onFailure(WebSocket webSocket, Throwable t, Response response) {
    boolean ours = finished.get() || closeSent.get();
    boolean duringHandshake = opening.get();
    try {
      if (ours && response == null) return;
      ProviderException e;
      if (response != null && response.code() != 101) {
        String body = "";
        try {
          body = response.body() == null ? "" : response.body().string();
        } catch (java.io.IOException | RuntimeException ignored) {
          // the status alone still says what happened
        }
        e = new ProviderException(provider, "handshake " + response.request().method() + " "
            + response.request().url().encodedPath(), ProviderException.kindOfStatus(response.code()), response.code(),
            handshakeDetail(response, body), t);
      } else {
        ProviderException.Kind kind = t instanceof java.net.SocketTimeoutException
            ? ProviderException.Kind.TIMEOUT : ProviderException.Kind.DISCONNECTED;
        e = new ProviderException(provider, duringHandshake ? "handshake" : "connection", kind, 0,
            String.valueOf(t.getMessage()), t);
      }
      failed(e);
    } finally {
      finish(); // after the handler, as in onClosing
    }
  }

  /**
   * What a refused handshake's exception says after the status: the body by default; providers that put
   * the message in a header (Deepgram's {@code dg-error}) override.
   */
  protected String handshakeDetail(Response response, String body) {
    return abbreviate(body);
  }

  /** The kind a close code (and its reason) maps to; providers override for their own codes. */
  protected ProviderException.Kind closeKind(int code, String reason) {
    return code == 1011 ? ProviderException.Kind.SERVER_ERROR : ProviderException.Kind.CLOSED;
  }

  protected static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 297) + "...";
  }
}
