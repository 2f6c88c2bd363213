package dev.agentharness.room;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.scenario.RoomScript;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example in docs/room.md, kept compiling and passing. */
class RoomDocsExampleTest {

  @Test
  void theDocsExampleRuns() throws Exception {
    // --- docs/room.md: receiver ---
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/livekit", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      try {
        WebhookEvent event = Webhooks.verify(body, auth, "APIkey", "a-long-api-secret");
        received.add(event.body());
        exchange.sendResponseHeaders(200, -1);
      } catch (WebhookException e) {
        exchange.sendResponseHeaders(401, -1);
      }
      exchange.close();
    });
    server.start();
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/livekit");
    try {
      // --- docs/room.md: room ---
      try (SessionClock clock = SessionClock.virtual();
           WebhookSender sender = new WebhookSender(url, new WebhookSigner("APIkey", "a-long-api-secret"))) {
        Room room = new Room(clock, "support-call");
        room.onWebhook(sender);
        RoomPlayback playback = room.play(RoomScript.defaults()); // agent and user, from start to end
        clock.scheduler("conversation").after(Duration.ofSeconds(42), () -> playback.conversationEnded(clock.now()));
        clock.awaitIdle(Duration.ofSeconds(5));

        StandingTime st = room.standingTime();
        assertThat(st.of("agent").total()).isEqualTo(Duration.ofSeconds(42));
        assertThat(st.agentStillPresent()).isFalse();

        assertThat(sender.awaitDelivered(Duration.ofSeconds(5))).isTrue();
        assertThat(sender.failures()).isEmpty();
        StandingTime seen = StandingTime.fromWebhooks(received);
        assertThat(seen.of("agent").total()).isEqualTo(Duration.ofSeconds(42)); // whole seconds here: exact
        assertThat(seen.of("agent").jobTime()).contains(Duration.ofSeconds(42));
      }
    } finally {
      server.stop(0);
    }
  }
}
