package dev.agentharness.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.agentharness.clock.SessionClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoomWebhookSenderTest {

  static final String KEY = "APIkey123";
  static final String SECRET = "secret-of-at-least-32-characters-xx";
  static final Duration WAIT = Duration.ofSeconds(10);

  record Received(String method, String path, String contentType, String userAgent, String authorization,
      String body) {}

  private HttpServer server;
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger status = new AtomicInteger(200);

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hooks", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(),
          ex.getRequestHeaders().getFirst("Content-Type"), ex.getRequestHeaders().getFirst("User-Agent"),
          ex.getRequestHeaders().getFirst("Authorization"), new String(body, StandardCharsets.UTF_8)));
      ex.sendResponseHeaders(status.get(), -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
  }

  @Test
  void postsEveryEventInOrderWithLiveKitsHeadersAndAVerifiableToken() throws Exception {
    try (SessionClock clock = SessionClock.virtual();
         WebhookSender sender = new WebhookSender(url(), new WebhookSigner(KEY, SECRET))) {
      Room room = new Room(clock, "r", 1);
      room.onWebhook(sender);
      room.join("user", ParticipantKind.STANDARD);
      room.join("agent", ParticipantKind.AGENT);
      room.leave("agent");
      room.leave("user");
      assertThat(sender.awaitDelivered(WAIT)).isTrue();

      assertThat(sender.failures()).isEmpty();
      assertThat(sender.deliveries()).hasSize(room.webhooks().size()).allMatch(WebhookSender.Delivery::ok);
      assertThat(received).extracting(Received::body)
          .containsExactlyElementsOf(room.webhooks().stream().map(WebhookEvent::body).toList());
      for (Received r : received) {
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/hooks");
        assertThat(r.contentType()).isEqualTo("application/webhook+json");
        assertThat(r.userAgent()).isEqualTo("LiveKit");
        assertThat(r.authorization()).doesNotStartWith("Bearer ");
        assertThat(Webhooks.verify(r.body(), r.authorization(), KEY, SECRET).body()).isEqualTo(r.body());
      }
      List<String> bodies = received.stream().map(Received::body).toList();
      assertThat(StandingTime.fromWebhooks(bodies).of("agent").stillPresent()).isFalse();
    }
  }

  @Test
  void failuresAreCollectedNotThrown() throws Exception {
    status.set(500);
    try (SessionClock clock = SessionClock.virtual();
         WebhookSender sender = new WebhookSender(url(), new WebhookSigner(KEY, SECRET))) {
      Room room = new Room(clock, "r", 1);
      room.onWebhook(sender);
      room.join("agent", ParticipantKind.AGENT);
      assertThat(sender.awaitDelivered(WAIT)).isTrue();
      assertThat(sender.failures()).hasSize(3).allSatisfy(d -> {
        assertThat(d.status()).isEqualTo(500);
        assertThat(d.error()).isEqualTo("HTTP 500");
      });
    }
  }

  @Test
  void anUnreachableUrlIsAFailureWithinTheTimeout() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    WebhookSender sender = new WebhookSender(URI.create("http://127.0.0.1:" + port + "/"),
        new WebhookSigner(KEY, SECRET), Duration.ofSeconds(2));
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      room.onWebhook(sender);
      room.join("user", ParticipantKind.STANDARD); // must not throw
      assertThat(sender.awaitDelivered(WAIT)).isTrue();
      assertThat(sender.failures()).hasSize(2).allSatisfy(d -> {
        assertThat(d.ok()).isFalse();
        assertThat(d.status()).isZero();
        assertThat(d.error()).contains("Connect");
      });
    } finally {
      sender.close();
    }
    sender.accept(new WebhookEvent("room_started", "EV_x", java.time.Instant.EPOCH, "{}"));
    assertThat(sender.failures()).last().extracting(WebhookSender.Delivery::error).asString().contains("closed");
  }
}
