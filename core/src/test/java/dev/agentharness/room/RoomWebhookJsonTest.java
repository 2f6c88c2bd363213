package dev.agentharness.room;

import static dev.agentharness.room.RoomTest.T0;
import static dev.agentharness.room.RoomTest.run;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The webhook bodies, byte for byte: protojson with int64 as strings, enums by name, defaults left out. */
class RoomWebhookJsonTest {

  // 2026-01-01T00:00:00Z
  static final long S = 1767225600L;

  @Test
  void everyEventTypeHasLiveKitsWireShape() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      Map<String, String> sids = new ConcurrentHashMap<>();
      room.addListener(e -> sids.put(e.participant().identity()
          + (e instanceof RoomEvent.ParticipantJoined ? "" : "-left"), e.participant().sid()));
      Scheduler s = clock.scheduler("test");
      String[] roomSid = new String[1];
      run(clock, () -> {
        s.at(T0, () -> {
          room.join("alice", ParticipantKind.STANDARD);
          roomSid[0] = room.sid().orElseThrow();
        });
        s.at(T0.plusMillis(1_500), () -> room.join("bot", ParticipantKind.AGENT));
        s.at(T0.plusSeconds(2), () -> room.connectionAborted("ghost", ParticipantKind.SIP));
        s.at(T0.plusMillis(3_250), () -> room.leave("bot"));
        s.at(T0.plusSeconds(4), () -> room.leave("alice", DisconnectReason.USER_REJECTED));
      });
      List<WebhookEvent> hooks = room.webhooks();
      assertThat(hooks).extracting(WebhookEvent::event).containsExactly("room_started", "participant_joined",
          "agent_job_started", "participant_joined", "participant_connection_aborted", "participant_left",
          "agent_job_ended", "participant_left", "room_finished");
      String rm = roomSid[0];
      String alice = sids.get("alice");
      String bot = sids.get("bot");
      String ghost = room.webhooks().get(4).body().replaceAll(".*\"participant\":\\{\"sid\":\"(PA_\\w+)\".*", "$1");
      String jobId = hooks.get(2).body().replaceAll(".*\"job\":\\{\"id\":\"(AJ_\\w+)\".*", "$1");
      assertThat(jobId).startsWith("AJ_").hasSize(15);

      assertThat(hooks.get(0).body()).isEqualTo("{\"event\":\"room_started\",\"room\":{\"sid\":\"" + rm
          + "\",\"name\":\"r\",\"emptyTimeout\":300,\"departureTimeout\":20,\"creationTime\":\"1767225600\","
          + "\"creationTimeMs\":\"1767225600000\"},\"id\":\"" + hooks.get(0).id() + "\",\"createdAt\":\"1767225600\"}");
      // a STANDARD participant has no kind; a participant_joined has no disconnectReason
      assertThat(hooks.get(1).body()).isEqualTo("{\"event\":\"participant_joined\",\"room\":" + room(rm, 1)
          + ",\"participant\":{\"sid\":\"" + alice + "\",\"identity\":\"alice\",\"state\":\"ACTIVE\","
          + "\"joinedAt\":\"1767225600\",\"joinedAtMs\":\"1767225600000\"},\"id\":\"" + hooks.get(1).id()
          + "\",\"createdAt\":\"1767225600\"}");
      // the job: JT_ROOM is type's 0 value, so no "type"; times in nanoseconds; no endedAt while running
      assertThat(hooks.get(2).body()).isEqualTo("{\"event\":\"agent_job_started\",\"room\":" + room(rm, 2)
          + ",\"job\":{\"id\":\"" + jobId + "\",\"room\":" + room(rm, 2) + ",\"state\":{\"status\":\"JS_RUNNING\","
          + "\"startedAt\":\"1767225601500000000\",\"updatedAt\":\"1767225601500000000\","
          + "\"participantIdentity\":\"bot\"}},\"id\":\"" + hooks.get(2).id() + "\",\"createdAt\":\"1767225601\"}");
      assertThat(hooks.get(3).body()).isEqualTo("{\"event\":\"participant_joined\",\"room\":" + room(rm, 2)
          + ",\"participant\":{\"sid\":\"" + bot + "\",\"identity\":\"bot\",\"state\":\"ACTIVE\","
          + "\"joinedAt\":\"1767225601\",\"joinedAtMs\":\"1767225601500\",\"kind\":\"AGENT\"},\"id\":\""
          + hooks.get(3).id() + "\",\"createdAt\":\"1767225601\"}");
      assertThat(hooks.get(4).body()).isEqualTo("{\"event\":\"participant_connection_aborted\",\"room\":" + room(rm, 2)
          + ",\"participant\":{\"sid\":\"" + ghost + "\",\"identity\":\"ghost\",\"state\":\"DISCONNECTED\","
          + "\"joinedAt\":\"1767225602\",\"joinedAtMs\":\"1767225602000\",\"kind\":\"SIP\","
          + "\"disconnectReason\":\"JOIN_FAILURE\"},\"id\":\"" + hooks.get(4).id()
          + "\",\"createdAt\":\"1767225602\"}");
      // createdAt is whole seconds: 3.25 s is "1767225603"
      assertThat(hooks.get(5).body()).isEqualTo("{\"event\":\"participant_left\",\"room\":" + room(rm, 1)
          + ",\"participant\":{\"sid\":\"" + bot + "\",\"identity\":\"bot\",\"state\":\"DISCONNECTED\","
          + "\"joinedAt\":\"1767225601\",\"joinedAtMs\":\"1767225601500\",\"kind\":\"AGENT\","
          + "\"disconnectReason\":\"CLIENT_INITIATED\"},\"id\":\"" + hooks.get(5).id()
          + "\",\"createdAt\":\"1767225603\"}");
      assertThat(hooks.get(6).body()).isEqualTo("{\"event\":\"agent_job_ended\",\"room\":" + room(rm, 1)
          + ",\"job\":{\"id\":\"" + jobId + "\",\"room\":" + room(rm, 1) + ",\"state\":{\"status\":\"JS_SUCCESS\","
          + "\"startedAt\":\"1767225601500000000\",\"endedAt\":\"1767225603250000000\","
          + "\"updatedAt\":\"1767225603250000000\",\"participantIdentity\":\"bot\"}},\"id\":\"" + hooks.get(6).id()
          + "\",\"createdAt\":\"1767225603\"}");
      assertThat(hooks.get(7).body()).contains("\"identity\":\"alice\",\"state\":\"DISCONNECTED\"")
          .contains("\"disconnectReason\":\"USER_REJECTED\"").doesNotContain("\"kind\"");
      // numParticipants 0 is a default: left out
      assertThat(hooks.get(8).body()).isEqualTo("{\"event\":\"room_finished\",\"room\":{\"sid\":\"" + rm
          + "\",\"name\":\"r\",\"emptyTimeout\":300,\"departureTimeout\":20,\"creationTime\":\"1767225600\","
          + "\"creationTimeMs\":\"1767225600000\"},\"id\":\"" + hooks.get(8).id() + "\",\"createdAt\":\"1767225604\"}");

      assertThat(hooks).extracting(WebhookEvent::id).allMatch(id -> id.matches("EV_\\w{12}")).doesNotHaveDuplicates();
      assertThat(hooks.get(5).createdAt()).isEqualTo(Instant.ofEpochSecond(S + 3));
      assertThat(WebhookEvent.parse(hooks.get(5).body())).isEqualTo(hooks.get(5));
    }
  }

  @Test
  void anAgentLeavingWithAnErrorEndsItsJobFailed() {
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      room.join("bot", ParticipantKind.AGENT);
      room.leave("bot", DisconnectReason.AGENT_ERROR);
      String ended = room.webhooks().stream().filter(w -> w.event().equals("agent_job_ended")).findFirst()
          .orElseThrow().body();
      assertThat(ended).contains("\"state\":{\"status\":\"JS_FAILED\",\"error\":\"agent error\"");
    }
  }

  @Test
  void standingTimeFromWebhooksMatchesTheRoomToTheSecond() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 3);
      Scheduler s = clock.scheduler("test");
      run(clock, () -> {
        s.at(T0.plusMillis(200), () -> room.join("agent", ParticipantKind.AGENT));
        s.at(T0.plusMillis(400), () -> room.join("user", ParticipantKind.STANDARD));
        s.at(T0.plusMillis(200), () -> room.join("helper", ParticipantKind.AGENT));
        s.at(T0.plusMillis(7_900), () -> room.reconnect("agent", ofMillis(1_250)));
        s.at(T0.plusMillis(12_345), () -> room.leave("helper"));
        s.at(T0.plusMillis(61_999), () -> room.leave("agent"));
        s.at(T0.plusMillis(62_500), () -> room.join("agent", ParticipantKind.AGENT));
        s.at(T0.plusMillis(70_700), () -> {}); // the agent stays
      });
      StandingTime fromRoom = room.standingTime();
      List<String> bodies = room.webhooks().stream().map(WebhookEvent::body).toList();
      StandingTime fromHooks = StandingTime.fromWebhooks(bodies, clock.now());

      assertThat(fromHooks.agents()).containsOnlyKeys("agent", "helper");
      for (String identity : List.of("agent", "helper")) {
        List<StandingTime.Presence> a = fromRoom.of(identity).presences();
        List<StandingTime.Presence> b = fromHooks.of(identity).presences();
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
          assertThat(b.get(i).sid()).isEqualTo(a.get(i).sid());
          assertThat(b.get(i).from()).isEqualTo(a.get(i).from()); // joinedAtMs is exact at ms
          assertThat(b.get(i).open()).isEqualTo(a.get(i).open());
          Duration error = a.get(i).duration().minus(b.get(i).duration());
          assertThat(error).isBetween(Duration.ZERO, ofMillis(999)); // createdAt is truncated to the second
        }
        // job times are nanoseconds: exact
        assertThat(fromHooks.of(identity).jobTime()).isEqualTo(fromRoom.of(identity).jobTime());
      }
      assertThat(fromHooks.of("agent").stillPresent()).isTrue();
      assertThat(fromHooks.agentStillPresent()).isTrue();
      // presences 0.2–7.9, 9.15–61.999, 62.5–now (70.7)
      assertThat(fromRoom.of("agent").total()).isEqualTo(ofMillis(7_700 + 52_849 + 8_200));
      // left at createdAt 7 and 61 (whole seconds); the open one is measured to asOf
      assertThat(fromHooks.of("agent").total()).isEqualTo(ofMillis(6_800 + 51_850 + 8_200));
      assertThat(fromHooks.of("agent").jobTime()).contains(ofMillis(7_700 + 52_849));

      // the order of the bodies does not matter; without asOf, open presences end at the last createdAt
      List<String> reversed = new java.util.ArrayList<>(bodies);
      java.util.Collections.reverse(reversed);
      StandingTime r = StandingTime.fromWebhooks(reversed);
      assertThat(r.at()).isEqualTo(Instant.ofEpochSecond(S + 62));
      assertThat(r.of("helper").total()).isEqualTo(fromHooks.of("helper").total());
      assertThat(r.of("agent").presences().get(2).open()).isTrue();
    }
  }

  @Test
  void fromWebhooksReadsRealLiveKitShapesAndIgnoresOthers() {
    String joined = "{\"event\":\"participant_joined\",\"room\":{\"sid\":\"RM_x\",\"name\":\"r\"},"
        + "\"participant\":{\"sid\":\"PA_a\",\"identity\":\"agent-AJ_1\",\"state\":\"ACTIVE\",\"joinedAt\":\"100\","
        + "\"joinedAtMs\":\"100250\",\"kind\":\"AGENT\",\"permission\":{\"canSubscribe\":true}},"
        + "\"id\":\"EV_1\",\"createdAt\":\"100\"}";
    String left = "{\"event\": \"participant_left\", \"participant\": {\"sid\": \"PA_a\", "
        + "\"identity\": \"agent-AJ_1\", "
        + "\"joinedAtMs\": \"100250\", \"kind\": \"AGENT\"}, \"createdAt\": \"130\"}";
    String user = "{\"event\":\"participant_left\",\"participant\":{\"sid\":\"PA_u\",\"identity\":\"u\","
        + "\"joinedAtMs\":\"99000\"},\"createdAt\":\"131\"}";
    String track = "{\"event\":\"track_published\",\"createdAt\":\"101\"}";
    StandingTime st = StandingTime.fromWebhooks(List.of(joined, track, left, user));
    assertThat(st.agents()).containsOnlyKeys("agent-AJ_1");
    assertThat(st.of("agent-AJ_1").total()).isEqualTo(ofMillis(29_750));
    assertThat(st.agentStillPresent()).isFalse();
    assertThat(st.at()).isEqualTo(Instant.ofEpochSecond(131));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StandingTime.fromWebhooks(List.of(joined, "{\"event\":")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("webhook 2 of 2");
  }

  /** The room object with {@code n} participants. */
  private static String room(String sid, int n) {
    return "{\"sid\":\"" + sid + "\",\"name\":\"r\",\"emptyTimeout\":300,\"departureTimeout\":20,"
        + "\"creationTime\":\"1767225600\",\"creationTimeMs\":\"1767225600000\",\"numParticipants\":" + n + "}";
  }
}
