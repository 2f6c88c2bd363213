package dev.agentharness.client;

import dev.agentharness.clock.ClockMode;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.metrics.AgentMetrics;
import java.net.UnknownServiceException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * What the reference clients of one session share: the clock they read, the HTTP/WebSocket client they
 * dial with, where their metrics and errors go, and how long they wait at most.
 *
 * <p>Closing it shuts down the HTTP client's threads and connections if the context created it.
 */
public final class ClientContext implements AutoCloseable {

  private final SessionClock clock;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final Consumer<AgentMetrics> metrics;
  private final Consumer<ProviderException> errors;
  private final Duration timeout;

  private ClientContext(Builder b) {
    this.clock = b.clock;
    this.metrics = b.metrics;
    this.errors = b.errors;
    this.timeout = b.timeout;
    if (b.http != null) {
      this.http = b.http;
      this.ownsHttp = false;
    } else {
      OkHttpClient.Builder h = new OkHttpClient.Builder()
          .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .writeTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .retryOnConnectionFailure(false)
          .socketFactory(new NoDelaySocketFactory());
      if (b.sslSocketFactory != null) {
        h.sslSocketFactory(b.sslSocketFactory, b.trustManager);
      } else if (b.cleartextOnly) {
        // OkHttp without a TLS spec would send an https request in clear: refuse it before it leaves
        h.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).addInterceptor(chain -> {
          if (chain.request().isHttps()) {
            throw new UnknownServiceException("this ClientContext is cleartext-only (ClientContext.Builder"
                + ".cleartextOnly()), so it does not dial " + chain.request().url());
          }
          return chain.proceed(chain.request());
        });
      }
      this.http = h.build();
      this.ownsHttp = true;
    }
  }

  public static Builder builder(SessionClock clock) {
    return new Builder(clock);
  }

  public SessionClock clock() {
    return clock;
  }

  public OkHttpClient http() {
    return http;
  }

  /** The bound on every wait: connecting, the next frame, a response. */
  public Duration timeout() {
    return timeout;
  }

  /** True when frames must be reported on links (the clock is virtual). */
  public boolean tracksFrames() {
    return clock.mode() == ClockMode.VIRTUAL;
  }

  /** Hands a metric to the session (or whoever listens). */
  public void emit(AgentMetrics m) {
    metrics.accept(m);
  }

  /** Reports a provider failure. */
  public void error(ProviderException e) {
    errors.accept(e);
  }

  @Override
  public void close() {
    if (!ownsHttp) return;
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    try {
      http.dispatcher().executorService().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Small frames go out at once: without TCP_NODELAY a frame's tail can wait ~40 ms for a delayed ACK. */
  private static final class NoDelaySocketFactory extends javax.net.SocketFactory {
    private final javax.net.SocketFactory delegate = javax.net.SocketFactory.getDefault();

    private static java.net.Socket noDelay(java.net.Socket s) throws java.io.IOException {
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public java.net.Socket createSocket() throws java.io.IOException {
      return noDelay(delegate.createSocket());
    }

    @Override
    public java.net.Socket createSocket(String host, int port) throws java.io.IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public java.net.Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort)
        throws java.io.IOException {
      return noDelay(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public java.net.Socket createSocket(java.net.InetAddress host, int port) throws java.io.IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress,
        int localPort) throws java.io.IOException {
      return noDelay(delegate.createSocket(address, port, localAddress, localPort));
    }
  }

  /** Builds a {@link ClientContext}. */
  public static final class Builder {
    private final SessionClock clock;
    private OkHttpClient http;
    private Consumer<AgentMetrics> metrics = m -> {};
    private Consumer<ProviderException> errors = e -> {};
    private Duration timeout = Duration.ofSeconds(30);
    private SSLSocketFactory sslSocketFactory;
    private X509TrustManager trustManager;
    private boolean cleartextOnly;

    private Builder(SessionClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Dial with this client instead of one of the context's own (the context then does not close it). */
    public Builder http(OkHttpClient http) {
      this.http = http;
      return this;
    }

    public Builder metrics(Consumer<AgentMetrics> metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    public Builder errors(Consumer<ProviderException> errors) {
      this.errors = Objects.requireNonNull(errors, "errors");
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Trust these certificates for https/wss (e.g. a fake server's run-made CA). */
    public Builder tls(SSLSocketFactory factory, X509TrustManager trustManager) {
      this.sslSocketFactory = factory;
      this.trustManager = trustManager;
      return this;
    }

    /**
     * The clients dial only {@code http}/{@code ws} URLs, such as fakes without TLS: the context's HTTP client
     * then does not index the platform's trusted certificates, which is a tenth of a one-turn session's CPU.
     * An {@code https}/{@code wss} URL is then refused with an {@link java.net.UnknownServiceException}, never
     * sent. Ignored with {@link #tls}.
     */
    public Builder cleartextOnly() {
      this.cleartextOnly = true;
      return this;
    }

    public ClientContext build() {
      return new ClientContext(this);
    }
  }
}
