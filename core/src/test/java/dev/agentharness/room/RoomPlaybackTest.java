package dev.agentharness.room;

import static dev.agentharness.room.RoomTest.T0;
import static dev.agentharness.room.RoomTest.run;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.scenario.RoomScript;
import dev.agentharness.scenario.RoomScript.ParticipantScript;
import dev.agentharness.scenario.RoomScript.Reconnect;
import dev.agentharness.scenario.TimeRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomPlaybackTest {

  @Test
  void playsStartAnchoredTimesAtOnceAndEndAnchoredOnesOnceTheEndIsKnown() throws Exception {
    RoomScript script = new RoomScript("call", List.of(
        new ParticipantScript("agent", ParticipantKind.AGENT, TimeRef.START, TimeRef.afterEnd(ofSeconds(2))),
        new ParticipantScript("user", ParticipantKind.STANDARD, TimeRef.at(ofSeconds(1)), TimeRef.END),
        new ParticipantScript("helper", ParticipantKind.AGENT, TimeRef.at(ofSeconds(5)), TimeRef.NEVER),
        new ParticipantScript("late", ParticipantKind.AGENT, TimeRef.afterEnd(ofSeconds(1)), TimeRef.NEVER)),
        List.of(new Reconnect("agent", ofSeconds(3), ofMillis(500)),
            new Reconnect("nobody", ofSeconds(4), ofSeconds(1))));
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, script.name(), 1);
      List<String> events = Collections.synchronizedList(new ArrayList<>());
      room.addListener(e -> events.add((e instanceof RoomEvent.ParticipantJoined ? "+" : "-")
          + e.participant().identity() + "@" + Duration.between(T0, e.at()).toMillis()));
      Scheduler conversation = clock.scheduler("conversation");
      run(clock, () -> {
        RoomPlayback playback = room.play(script);
        // the conversation ends at 20s; only then do end-relative times get scheduled
        conversation.at(T0.plusSeconds(20), () -> {
          assertThat(room.isPresent("agent")).isTrue();
          playback.conversationEnded(clock.now());
        });
      });
      assertThat(events).containsExactly("+agent@0", "+user@1000", "-agent@3000", "+agent@3500", "+helper@5000",
          "-user@20000", "+late@21000", "-agent@22000");
      assertThat(clock.now()).isEqualTo(T0.plusSeconds(22));

      StandingTime st = room.standingTime();
      assertThat(st.of("agent").total()).isEqualTo(ofMillis(21_500));
      assertThat(st.of("agent").stillPresent()).isFalse();
      assertThat(st.of("helper").stillPresent()).isTrue(); // "never": measured to now, flagged
      assertThat(st.of("helper").total()).isEqualTo(ofSeconds(17));
      assertThat(st.of("late").total()).isEqualTo(ofSeconds(1));
      assertThat(st.agentStillPresent()).isTrue();
    }
  }

  @Test
  void withoutTheEndEndAnchoredLeavesNeverHappen() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      Scheduler s = clock.scheduler("test");
      run(clock, () -> {
        room.play(RoomScript.defaults());
        s.at(T0.plusSeconds(30), () -> {});
      });
      StandingTime st = room.standingTime();
      assertThat(st.of("agent").stillPresent()).isTrue();
      assertThat(st.of("agent").total()).isEqualTo(ofSeconds(30));
    }
  }

  @Test
  void aLeaveAtOrBeforeItsJoinIsAnAbortedConnection() throws Exception {
    RoomScript script = new RoomScript("r", List.of(
        new ParticipantScript("agent", ParticipantKind.AGENT, TimeRef.START, TimeRef.END),
        // joins after the end but leaves at the end: it never gets in
        new ParticipantScript("sip", ParticipantKind.SIP, TimeRef.afterEnd(ofSeconds(1)), TimeRef.END),
        // would join at 15s, but the conversation is over at 10s: it never gets in
        new ParticipantScript("slow", ParticipantKind.STANDARD, TimeRef.at(ofSeconds(15)), TimeRef.END)),
        List.of());
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      Scheduler s = clock.scheduler("conversation");
      run(clock, () -> {
        RoomPlayback playback = room.play(script);
        s.at(T0.plusSeconds(10), () -> playback.conversationEnded(clock.now()));
      });
      List<String> seen = room.webhooks().stream()
          .map(w -> w.event() + "@" + Duration.between(T0, w.createdAt()).toSeconds()).toList();
      assertThat(seen).containsExactly("room_started@0", "agent_job_started@0", "participant_joined@0",
          "participant_left@10", "agent_job_ended@10", "room_finished@10",
          "room_started@11", "participant_connection_aborted@11", "room_finished@11",
          "room_started@15", "participant_connection_aborted@15", "room_finished@15");
      assertThat(room.standingTime().of("agent").total()).isEqualTo(ofSeconds(10));
    }
  }

  @Test
  void aParticipantThatJoinedBeforeTheEndWasKnownLeavesAtOnce() throws Exception {
    RoomScript script = new RoomScript("r", List.of(
        new ParticipantScript("agent", ParticipantKind.AGENT, TimeRef.START, TimeRef.END),
        new ParticipantScript("late", ParticipantKind.AGENT, TimeRef.at(ofSeconds(8)),
            TimeRef.afterEnd(ofSeconds(-5)))),
        List.of());
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      Scheduler s = clock.scheduler("conversation");
      run(clock, () -> {
        RoomPlayback playback = room.play(script);
        s.at(T0.plusSeconds(10), () -> playback.conversationEnded(clock.now())); // "late" should have left at 5s
      });
      StandingTime st = room.standingTime();
      assertThat(st.of("late").presences()).singleElement().satisfies(p -> {
        assertThat(p.from()).isEqualTo(T0.plusSeconds(8));
        assertThat(p.until()).isEqualTo(T0.plusSeconds(10));
        assertThat(p.open()).isFalse();
      });
    }
  }

  @Test
  void conversationEndedTwiceIsAnError() {
    try (SessionClock clock = SessionClock.virtual()) {
      Room room = new Room(clock, "r", 1);
      RoomPlayback playback = room.play(RoomScript.defaults(), T0);
      playback.conversationEnded(T0.plusSeconds(1));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> playback.conversationEnded(T0.plusSeconds(2)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("already ended");
      assertThat(playback.end()).contains(T0.plusSeconds(1));
      playback.cancel();
    }
  }
}
