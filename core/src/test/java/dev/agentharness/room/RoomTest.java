package dev.agentharness.room;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.clock.Link;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoomTest {

  static final Duration WAIT = Duration.ofSeconds(5);
  static final Instant T0 = SessionClock.DEFAULT_ORIGIN;

  /** Runs {@code setup} with the clock held, then lets virtual time run until nothing is left. */
  static void run(SessionClock clock, Runnable setup) throws InterruptedException {
    try (Link hold = clock.hold("test setup")) {
      setup.run();
    }
    assertThat(clock.awaitIdle(WAIT)).isTrue();
  }

  @Test
  void presenceIntervalsAndStandingTimeAreExactWithReconnectGaps() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      List<String> events = Collections.synchronizedList(new ArrayList<>());
      room.addListener(e -> events.add((e instanceof RoomEvent.ParticipantJoined ? "+" : "-")
          + e.participant().identity() + "@" + Duration.between(T0, e.at()).toMillis()
          + (e instanceof RoomEvent.ParticipantLeft l ? " " + l.reason() : "")));
      Scheduler s = clock.scheduler("test");
      run(clock, () -> {
        s.at(T0, () -> room.join("agent", ParticipantKind.AGENT));
        s.at(T0, () -> room.join("user", ParticipantKind.STANDARD));
        s.at(T0.plusMillis(10_250), () -> room.reconnect("agent", ofMillis(1_500)));
        s.at(T0.plusSeconds(20), () -> room.reconnect("agent", ofSeconds(3)));
        s.at(T0.plusMillis(30_100), () -> room.leave("agent"));
        s.at(T0.plusSeconds(31), () -> room.leave("user"));
      });
      assertThat(events).containsExactly("+agent@0", "+user@0", "-agent@10250 SIGNAL_CLOSE", "+agent@11750",
          "-agent@20000 SIGNAL_CLOSE", "+agent@23000", "-agent@30100 CLIENT_INITIATED", "-user@31000 CLIENT_INITIATED");

      StandingTime st = room.standingTime();
      assertThat(st.at()).isEqualTo(T0.plusSeconds(31));
      StandingTime.AgentStanding agent = st.of("agent");
      assertThat(agent.presences()).extracting(StandingTime.Presence::duration)
          .containsExactly(ofMillis(10_250), ofMillis(8_250), ofMillis(7_100));
      assertThat(agent.presences()).extracting(StandingTime.Presence::from)
          .containsExactly(T0, T0.plusMillis(11_750), T0.plusSeconds(23));
      assertThat(agent.presences()).extracting(StandingTime.Presence::sid).doesNotHaveDuplicates();
      assertThat(agent.total()).isEqualTo(ofMillis(25_600));
      assertThat(agent.jobTime()).contains(ofMillis(25_600));
      assertThat(agent.stillPresent()).isFalse();
      assertThat(st.total()).isEqualTo(ofMillis(25_600));
      assertThat(st.agentStillPresent()).isFalse();
      assertThat(st.agents()).containsOnlyKeys("agent"); // the user is not an agent
      assertThatThrownBy(() -> st.of("user")).hasMessageContaining("no agent \"user\"").hasMessageContaining("[agent]");
    }
  }

  @Test
  void anAgentThatNeverLeavesIsStillPresentAndMeasuredToNow() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      Scheduler s = clock.scheduler("test");
      run(clock, () -> {
        s.at(T0.plusSeconds(2), () -> room.join("agent", ParticipantKind.AGENT));
        s.at(T0.plusSeconds(5), () -> room.join("helper", ParticipantKind.AGENT));
        s.at(T0.plusSeconds(9), () -> room.leave("helper"));
        s.at(T0.plusSeconds(47), () -> {}); // time goes on; the agent never leaves
      });
      StandingTime st = room.standingTime();
      assertThat(st.agentStillPresent()).isTrue();
      StandingTime.AgentStanding agent = st.of("agent");
      assertThat(agent.stillPresent()).isTrue();
      assertThat(agent.total()).isEqualTo(ofSeconds(45));
      assertThat(agent.presences()).singleElement().satisfies(p -> {
        assertThat(p.open()).isTrue();
        assertThat(p.until()).isEqualTo(clock.now());
      });
      assertThat(agent.jobTime()).isEmpty(); // its job has not ended
      assertThat(st.of("helper").stillPresent()).isFalse();
      assertThat(st.total()).isEqualTo(ofSeconds(49));
      assertThat(st.toString()).contains("agent 45s (still present)").contains("helper 4s").contains("total 49s");
      // an earlier snapshot sees the helper still there too
      StandingTime earlier = room.standingTime(T0.plusSeconds(6));
      assertThat(earlier.of("helper").stillPresent()).isTrue();
      assertThat(earlier.of("helper").total()).isEqualTo(ofSeconds(1));
      assertThat(earlier.total()).isEqualTo(ofSeconds(5));
    }
  }

  @Test
  void sessionDurationIsCloseMinusStartedAt() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      Scheduler s = clock.scheduler("test");
      assertThat(room.standingTime().sessionDuration()).isEmpty();
      run(clock, () -> {
        s.at(T0.plusMillis(300), room::sessionStarted);
        s.at(T0.plusMillis(12_800), () -> room.sessionClosed(CloseReason.PARTICIPANT_DISCONNECTED));
      });
      StandingTime st = room.standingTime();
      assertThat(st.sessionStartedAt()).contains(T0.plusMillis(300));
      assertThat(st.sessionClosedAt()).contains(T0.plusMillis(12_800));
      assertThat(st.sessionDuration()).contains(ofMillis(12_500));
      assertThat(st.sessionCloseReason()).contains(CloseReason.PARTICIPANT_DISCONNECTED);
      assertThat(st.toString()).contains("= 12.5s (participant_disconnected)");
      assertThat(room.standingTime(T0.plusSeconds(1)).sessionDuration()).isEmpty();
    }
  }

  @Test
  void aLeaveDuringAReconnectGapStopsTheRejoinAndFinishesTheRoom() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      Scheduler s = clock.scheduler("test");
      run(clock, () -> {
        s.at(T0, () -> room.join("agent", ParticipantKind.AGENT));
        s.at(T0.plusSeconds(4), () -> room.reconnect("agent", ofSeconds(10)));
        s.at(T0.plusSeconds(6), () -> room.leave("agent"));
      });
      assertThat(room.participants()).isEmpty();
      assertThat(room.standingTime().of("agent").total()).isEqualTo(ofSeconds(4));
      assertThat(room.webhooks()).extracting(WebhookEvent::event).endsWith("participant_left", "agent_job_ended",
          "room_finished");
      assertThat(room.webhooks().get(room.webhooks().size() - 1).createdAt()).isEqualTo(T0.plusSeconds(6));
      assertThat(room.sid()).isEmpty();
    }
  }

  @Test
  void misuseFailsWithWhatWasWrong() {
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      room.join("a", ParticipantKind.AGENT);
      assertThatThrownBy(() -> room.join("a", ParticipantKind.AGENT)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("\"a\" is already in room r");
      assertThatThrownBy(() -> room.leave("b")).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("\"b\" is not in room r");
      assertThatThrownBy(() -> room.reconnect("b", ofSeconds(1))).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void closeRemovesEveryoneAndALaterJoinStartsANewRoom() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      List<RoomEvent> events = Collections.synchronizedList(new ArrayList<>());
      room.addListener(events::add);
      room.join("agent", ParticipantKind.AGENT);
      room.join("user", ParticipantKind.SIP);
      String first = room.sid().orElseThrow();
      room.close();
      assertThat(events).filteredOn(e -> e instanceof RoomEvent.ParticipantLeft)
          .extracting(e -> ((RoomEvent.ParticipantLeft) e).reason())
          .containsExactly(DisconnectReason.ROOM_DELETED, DisconnectReason.ROOM_DELETED);
      assertThat(room.sid()).isEmpty();
      room.join("user", ParticipantKind.SIP);
      assertThat(room.sid()).isPresent().get().isNotEqualTo(first);
      assertThat(room.webhooks()).extracting(WebhookEvent::event).containsSubsequence("room_finished", "room_started");
    }
  }

  @Test
  void idsAreDeterministicForASeed() {
    List<String> a = bodies(7);
    assertThat(bodies(7)).isEqualTo(a);
    assertThat(bodies(8)).isNotEqualTo(a);
    assertThat(a.get(0)).containsPattern("\"sid\":\"RM_[2-9A-HJ-NP-Za-km-z]{12}\"");
  }

  private static List<String> bodies(long seed) {
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", seed);
      room.join("agent", ParticipantKind.AGENT);
      room.leave("agent");
      return room.webhooks().stream().map(WebhookEvent::body).toList();
    }
  }

  @Test
  void standingTimeWithoutAgentsIsEmpty() {
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      room.join("user", ParticipantKind.STANDARD);
      StandingTime st = room.standingTime();
      assertThat(st.agents()).isEmpty();
      assertThat(st.total()).isZero();
      assertThat(st.agentStillPresent()).isFalse();
      assertThat(st.sessionDuration()).isEqualTo(Optional.empty());
      assertThat(st.toString()).contains("no agents");
    }
  }
}
