package dev.agentharness.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.JsonFormat;
import dev.agentharness.clock.Link;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import io.livekit.server.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import livekit.LivekitModels;
import livekit.LivekitWebhook;
import org.junit.jupiter.api.Test;

/**
 * Our webhooks against LiveKit's own receiver, {@code io.livekit:livekit-server} (test scope only). Its
 * {@code WebhookReceiver} checks the JWT (HS256, issuer, times) and the {@code sha256} claim, then parses
 * the body as protobuf JSON.
 */
class RoomLiveKitSdkTest {

  static final String KEY = "APIkey123";
  static final String SECRET = "secret-of-at-least-32-characters-xx";

  private static List<WebhookEvent> aCall() {
    try (SessionClock clock = SessionClock.virtual(); Link hold = clock.hold("no clock actions")) {
      Room room = new Room(clock, "support", 5);
      room.join("user", ParticipantKind.STANDARD);
      room.join("agent", ParticipantKind.AGENT);
      room.connectionAborted("caller", ParticipantKind.SIP);
      room.reconnect("agent", Duration.ofSeconds(1)); // the rejoin is scheduled, then dropped by close()
      room.leave("user", DisconnectReason.USER_REJECTED);
      room.close();
      return room.webhooks();
    }
  }

  @Test
  void theOfficialReceiverAcceptsOurWebhooksAndReadsThem() throws Exception {
    WebhookSigner signer = new WebhookSigner(KEY, SECRET);
    WebhookReceiver receiver = new WebhookReceiver(KEY, SECRET);
    List<WebhookEvent> hooks = aCall();
    assertThat(hooks).extracting(WebhookEvent::event).contains("room_started", "participant_joined",
        "participant_left", "participant_connection_aborted", "agent_job_started", "agent_job_ended",
        "room_finished");
    JsonFormat.Printer printer = JsonFormat.printer().omittingInsignificantWhitespace();
    for (WebhookEvent e : hooks) {
      LivekitWebhook.WebhookEvent parsed = receiver.receive(e.body(), signer.sign(e.body()));
      assertThat(parsed.getEvent()).isEqualTo(e.event());
      assertThat(parsed.getId()).isEqualTo(e.id());
      assertThat(parsed.getCreatedAt()).isEqualTo(e.createdAt().getEpochSecond());
      assertThat(parsed.getRoom().getName()).isEqualTo("support");
      if (!e.event().startsWith("agent_job_")) {
        // protobuf-java prints the message it parsed as we wrote it: same keys, value types (int64 as strings,
        // enums by name) and defaults left out. Only the key order differs: protobuf-java orders by field
        // number, Go's protojson (the server's) by declaration order, which is ours.
        assertThat(canonical(Json.parse(printer.print(parsed)))).as(e.event())
            .isEqualTo(canonical(Json.parse(e.body())));
      }
    }
    WebhookEvent agentJoined = hooks.stream()
        .filter(e -> e.event().equals("participant_joined") && e.body().contains("\"identity\":\"agent\""))
        .findFirst().orElseThrow();
    LivekitWebhook.WebhookEvent joined = receiver.receive(agentJoined.body(), signer.sign(agentJoined.body()));
    assertThat(joined.getEvent()).isEqualTo("participant_joined");
    assertThat(joined.getParticipant().getIdentity()).isEqualTo("agent");
    assertThat(joined.getParticipant().getKind()).isEqualTo(LivekitModels.ParticipantInfo.Kind.AGENT);
    assertThat(joined.getParticipant().getState()).isEqualTo(LivekitModels.ParticipantInfo.State.ACTIVE);
    assertThat(joined.getParticipant().getJoinedAtMs()).isEqualTo(SessionClock.DEFAULT_ORIGIN.toEpochMilli());

    WebhookEvent userLeft = hooks.stream()
        .filter(e -> e.event().equals("participant_left") && e.body().contains("\"identity\":\"user\""))
        .findFirst().orElseThrow();
    LivekitWebhook.WebhookEvent left = receiver.receive(userLeft.body(), signer.sign(userLeft.body()));
    assertThat(left.getParticipant().getKind()).isEqualTo(LivekitModels.ParticipantInfo.Kind.STANDARD);
    assertThat(left.getParticipant().getDisconnectReason()).isEqualTo(LivekitModels.DisconnectReason.USER_REJECTED);
    assertThat(left.getParticipant().getState()).isEqualTo(LivekitModels.ParticipantInfo.State.DISCONNECTED);

    WebhookEvent finished = hooks.get(hooks.size() - 1);
    assertThat(receiver.receive(finished.body(), signer.sign(finished.body())).getEvent()).isEqualTo("room_finished");
  }

  @Test
  void theOfficialReceiverRejectsATamperedBodyAndAWrongSecret() {
    WebhookSigner signer = new WebhookSigner(KEY, SECRET);
    WebhookEvent joined = aCall().get(1);
    String jwt = signer.sign(joined.body());
    String tampered = joined.body().replace("\"identity\":\"user\"", "\"identity\":\"mallory\"");
    assertThat(tampered).isNotEqualTo(joined.body());
    assertThatThrownBy(() -> new WebhookReceiver(KEY, SECRET).receive(tampered, jwt)).isInstanceOf(Exception.class);
    assertThatThrownBy(() -> new WebhookReceiver(KEY, "another-secret").receive(joined.body(), jwt))
        .isInstanceOf(Exception.class);
    assertThatThrownBy(() -> new WebhookReceiver("otherKey", SECRET).receive(joined.body(), jwt))
        .isInstanceOf(Exception.class);
  }

  /** JSON text with every object's keys sorted. */
  private static String canonical(JsonValue v) {
    if (v instanceof JsonValue.Obj o) {
      return o.members().stream().sorted(java.util.Comparator.comparing(JsonValue.Member::key))
          .map(m -> Json.quote(m.key()) + ":" + canonical(m.value()))
          .collect(java.util.stream.Collectors.joining(",", "{", "}"));
    }
    if (v instanceof JsonValue.Arr a) {
      return a.items().stream().map(RoomLiveKitSdkTest::canonical)
          .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
    return v instanceof JsonValue.Str s ? Json.quote(s.value()) : v.describe();
  }

  @Test
  void ourEnumsHaveLiveKitsNamesAndNumbers() {
    for (DisconnectReason r : DisconnectReason.values()) {
      LivekitModels.DisconnectReason theirs = LivekitModels.DisconnectReason.forNumber(r.number());
      assertThat(theirs).as(r.name()).isNotNull();
      assertThat(theirs.name()).isEqualTo(r.name());
    }
    for (ParticipantKind k : ParticipantKind.values()) {
      assertThat(LivekitModels.ParticipantInfo.Kind.forNumber(k.number()).name()).isEqualTo(k.name());
    }
  }
}
