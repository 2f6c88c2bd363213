package dev.agentharness.fake;

import dev.agentharness.clock.Link;
import dev.agentharness.clock.SessionClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.net.ServerSocketFactory;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;

/**
 * One loopback server on which fakes are mounted as routes. Binds 127.0.0.1 on an ephemeral port (or
 * the port given), sets {@code TCP_NODELAY} on every accepted socket, and can serve TLS with a
 * certificate made for the run.
 *
 * <pre>{@code
 * try (FakeServer server = FakeServer.start(clock, false)) {
 *   server.mount(route);
 *   String base = server.httpUrl("/v1");
 * }
 * }</pre>
 */
public final class FakeServer implements AutoCloseable {

  private final MockWebServer server = new MockWebServer();
  private final SessionClock clock;
  private final Tls tls;
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final List<FakeWebSocket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private FakeServer(SessionClock clock, Tls tls) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tls = tls;
  }

  /** Starts a server on an ephemeral loopback port. */
  public static FakeServer start(SessionClock clock, boolean useTls) {
    return start(clock, useTls, 0);
  }

  /** Starts a server on {@code port} of 127.0.0.1 (0 for an ephemeral port). */
  public static FakeServer start(SessionClock clock, boolean useTls, int port) {
    FakeServer s = new FakeServer(clock, useTls ? Tls.generate() : null);
    try {
      s.server.setServerSocketFactory(new NoDelayServerSocketFactory());
      s.server.setProtocols(List.of(Protocol.HTTP_1_1));
      if (s.tls != null) s.server.useHttps(s.tls.serverSocketFactory());
      s.server.setDispatcher(s.new RouteDispatcher());
      s.server.start(InetAddress.getByName("127.0.0.1"), port);
    } catch (IOException e) {
      s.close();
      throw new UncheckedIOException("cannot start a fake server on 127.0.0.1:" + port, e);
    }
    return s;
  }

  /** Mounts a fake; requests it {@linkplain Route#matches matches} go to it. */
  public <R extends Route> R mount(R route) {
    if (closed) throw new IllegalStateException("the server is closed");
    route.mounted(this);
    routes.add(route);
    return route;
  }

  public SessionClock clock() {
    return clock;
  }

  public int port() {
    return server.getPort();
  }

  /** {@code 127.0.0.1:port}: what LiveKit's OpenAI plugins report as the provider for this server. */
  public String hostAndPort() {
    return "127.0.0.1:" + port();
  }

  public boolean usesTls() {
    return tls != null;
  }

  /** This run's certificate authority, or {@code null} without TLS. */
  public Tls tls() {
    return tls;
  }

  /** {@code http(s)://127.0.0.1:port} + path. */
  public String httpUrl(String path) {
    return (tls != null ? "https" : "http") + "://" + hostAndPort() + path;
  }

  /** {@code ws(s)://127.0.0.1:port} + path. */
  public String wsUrl(String path) {
    return (tls != null ? "wss" : "ws") + "://" + hostAndPort() + path;
  }

  /** The mounted routes, for listings. */
  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /** Keeps track of an open WebSocket so that {@link #close()} can drop it. */
  public void track(FakeWebSocket socket) {
    sockets.add(socket);
    socket.onClosed(() -> sockets.remove(socket));
  }

  /** Drops every connection and frees the port. Never throws. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    for (FakeWebSocket s : sockets) {
      try {
        s.shutdown();
      } catch (RuntimeException ignored) {
        // closing never fails over a half-closed socket
      }
    }
    for (Route r : routes) {
      try {
        r.close();
      } catch (RuntimeException ignored) {
        // a route that fails to close must not keep the port open
      }
    }
    try {
      server.close();
    } catch (RuntimeException | AssertionError ignored) {
      // MockWebServer asserts on WebSockets that did not finish their close handshake
    }
  }

  @Override
  public String toString() {
    return "FakeServer[" + (closed ? "closed" : httpUrl("")) + "]";
  }

  private final class RouteDispatcher extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      Link link = clock.link(Requests.header(request, Link.HEADER));
      // the response is in flight before the request counts as handled, so time cannot slip in between
      link.sent(1);
      try {
        for (Route r : routes) {
          if (r.matches(request)) return r.dispatch(request, link);
        }
        return notFound(request);
      } finally {
        link.handled(1);
      }
    }

    private MockResponse notFound(RecordedRequest request) {
      String mounted = routes.stream().map(Route::describe).collect(Collectors.joining("; "));
      String message = "agentharness: no fake serves " + request.getMethod() + " " + Requests.path(request)
          + (mounted.isEmpty() ? "; no fakes are mounted" : "; mounted: " + mounted);
      return new MockResponse.Builder()
          .code(404)
          .setHeader("Content-Type", "application/json")
          .body("{\"error\":{\"message\":" + dev.agentharness.internal.json.Json.quote(message)
              + ",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"unknown_url\"}}")
          .build();
    }
  }

  /** Sets TCP_NODELAY on accepted sockets: without it a burst of small frames waits ~44 ms for delayed ACKs. */
  private static final class NoDelayServerSocketFactory extends ServerSocketFactory {
    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new NoDelayServerSocket();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      ServerSocket s = new NoDelayServerSocket();
      s.bind(new InetSocketAddress(port));
      return s;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      ServerSocket s = new NoDelayServerSocket();
      s.bind(new InetSocketAddress(port), backlog);
      return s;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
      ServerSocket s = new NoDelayServerSocket();
      s.bind(new InetSocketAddress(address, port), backlog);
      return s;
    }
  }

  private static final class NoDelayServerSocket extends ServerSocket {
    NoDelayServerSocket() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      Socket s = super.accept();
      s.setTcpNoDelay(true);
      return s;
    }
  }
}
