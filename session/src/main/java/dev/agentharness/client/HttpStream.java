package dev.agentharness.client;

import dev.agentharness.clock.Link;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * One HTTP request whose response body is read as it streams, with every byte reported handled on the
 * virtual clock's link once the {@link Handler} has seen it. Everything happens on OkHttp's dispatcher
 * thread; reads are bounded by the context's timeout.
 */
public final class HttpStream {

  /** What the response does. */
  public interface Handler {
    /** The status line and headers arrived, with a 2xx status. */
    default void headers(Response response) {}

    /** Some body bytes, in order. */
    void bytes(byte[] data);

    /** The body ended normally. */
    void end();

    /** The request failed: non-2xx status, transport error, or the body was cut. */
    void failed(ProviderException e);

    /**
     * A non-2xx answer, before {@link #failed}: the exception to report. The default keeps {@code byStatus}
     * (kind from the status, the body as detail); a provider whose error body says more (ElevenLabs'
     * {@code quota_exceeded} comes as a 401) overrides it.
     */
    default ProviderException refused(ProviderException byStatus, int status, String body) {
      return byStatus;
    }

    /** {@link HttpStream#cancel()} stopped it. */
    default void cancelled() {}
  }

  private final ClientContext context;
  private final String provider;
  private final String event;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile Call call;
  private volatile Link link = Link.UNTRACKED;

  private HttpStream(ClientContext context, String provider, String event) {
    this.context = context;
    this.provider = provider;
    this.event = event;
  }

  /** Sends {@code request}; {@code handler} hears of the response on OkHttp's thread. */
  public static HttpStream start(ClientContext context, String provider, Request.Builder request, Handler handler) {
    Request built = request.build();
    HttpStream s = new HttpStream(context, provider, built.method() + " " + built.url().encodedPath());
    s.send(request, handler);
    return s;
  }

  private void send(Request.Builder request, Handler handler) {
    if (context.tracksFrames()) {
      link = context.clock().openLink(provider + " client " + event);
      request.header(Link.HEADER, link.id());
    }
    link.sent(1);
    call = context.http().newCall(request.build());
    call.enqueue(new Callback() {
      @Override
      public void onFailure(Call c, IOException e) {
        try {
          if (cancelled.get()) {
            handler.cancelled();
          } else {
            handler.failed(new ProviderException(provider, event,
                e instanceof java.net.SocketTimeoutException ? ProviderException.Kind.TIMEOUT : ProviderException.Kind.DISCONNECTED,
                0, e.getMessage(), e));
          }
        } finally {
          link.close();
        }
      }

      @Override
      public void onResponse(Call c, Response response) {
        try (response) {
          if (!response.isSuccessful()) {
            String body = "";
            try {
              ResponseBody b = response.body();
              body = b == null ? "" : b.string();
            } catch (IOException ignored) {
              // the status is enough
            }
            ProviderException byStatus = new ProviderException(provider, event,
                ProviderException.kindOfStatus(response.code()), response.code(),
                body.length() > 300 ? body.substring(0, 297) + "..." : body);
            handler.failed(handler.refused(byStatus, response.code(), body));
            link.close();
            return;
          }
          handler.headers(response);
          link.handled(1);
          ResponseBody body = response.body();
          if (body != null) {
            BufferedSource source = body.source();
            Buffer buffer = new Buffer();
            long n;
            while ((n = source.read(buffer, 65_536)) != -1) {
              byte[] data = buffer.readByteArray();
              try {
                handler.bytes(data);
              } finally {
                link.handled(n);
              }
            }
          }
          // the end of the body is handled before the link lets time move on
          handler.end();
          link.close();
        } catch (IOException e) {
          if (cancelled.get()) {
            handler.cancelled();
          } else {
            handler.failed(new ProviderException(provider, event, ProviderException.Kind.DISCONNECTED, 0,
                "the response body was cut: " + e.getMessage(), e));
          }
          link.close();
        }
      }
    });
  }

  /** Stops reading; the handler's {@link Handler#cancelled()} is called. */
  public void cancel() {
    if (!cancelled.compareAndSet(false, true)) return;
    Call c = call;
    if (c != null) c.cancel();
    link.close();
  }

  public boolean isCancelled() {
    return cancelled.get();
  }
}
