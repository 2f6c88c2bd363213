package dev.agentharness.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class VirtualClockTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void runsActionsInTimeOrderAndJumpsTime() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      Scheduler s = clock.scheduler("a");
      try (Link hold = clock.hold("test setup")) {
        s.after(Duration.ofHours(1), () -> seen.add("1h@" + clock.elapsed()));
        s.after(Duration.ofMillis(300), () -> seen.add("300ms@" + clock.elapsed()));
      }
      assertThat(clock.awaitIdle(WAIT)).as("an hour of virtual time within %s of wall time", WAIT).isTrue();
      assertThat(seen).containsExactly("300ms@PT0.3S", "1h@PT1H");
      assertThat(clock.now()).isEqualTo(SessionClock.DEFAULT_ORIGIN.plus(Duration.ofHours(1)));
    }
  }

  @Test
  void sameInstantRunsInActorThenSchedulingOrder() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      Instant t = clock.now().plusSeconds(1);
      Scheduler b = clock.scheduler("b");
      Scheduler a = clock.scheduler("a");
      try (Link hold = clock.hold("test setup")) {
        b.at(t, () -> seen.add("b1"));
        a.at(t, () -> seen.add("a1"));
        b.at(t, () -> seen.add("b2"));
        a.at(t, () -> seen.add("a2"));
      }
      assertThat(clock.awaitIdle(WAIT)).isTrue();
      assertThat(seen).containsExactly("a1", "a2", "b1", "b2");
    }
  }

  @Test
  void timeDoesNotAdvanceWhileAFrameIsInFlight() throws Exception {
    ExecutorService receiver = Executors.newSingleThreadExecutor();
    try (SessionClock clock = SessionClock.virtual()) {
      Link link = clock.openLink("test");
      List<Duration> handledAt = Collections.synchronizedList(new ArrayList<>());
      Scheduler s = clock.scheduler("fake");
      try (Link hold = clock.hold("test setup")) { // else the clock may run the first before the others are planned
        for (int i = 1; i <= 3; i++) {
          s.after(Duration.ofMillis(100L * i), () -> {
            link.sent(1);
            receiver.submit(() -> {
              sleepQuietly(20); // a slow receiver: the clock must wait for it
              handledAt.add(clock.elapsed());
              link.handled(1);
            });
          });
        }
      }
      assertThat(clock.awaitIdle(WAIT)).isTrue();
      assertThat(handledAt).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
    } finally {
      receiver.shutdownNow();
    }
  }

  @Test
  void closingALinkReleasesWhatIsInFlight() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      Link link = clock.openLink("broken connection");
      link.sent(5);
      clock.scheduler("a").after(Duration.ofSeconds(1), () -> {});
      assertThat(clock.awaitIdle(Duration.ofMillis(200))).isFalse();
      link.close();
      assertThat(clock.awaitIdle(WAIT)).isTrue();
      assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
      assertThat(clock.link(link.id())).isSameAs(Link.UNTRACKED);
    }
  }

  @Test
  void aFrameNeverHandledStallsWithAMessageNamingTheLink() throws Exception {
    try (SessionClock clock = SessionClock.virtual(SessionClock.DEFAULT_ORIGIN, Duration.ofMillis(100))) {
      clock.openLink("openai-realtime connection #1").sent(2);
      clock.scheduler("a").after(Duration.ofSeconds(1), () -> {});
      assertThatThrownBy(() -> clock.awaitIdle(WAIT))
          .isInstanceOf(ClockException.class)
          .hasMessageContaining("openai-realtime connection #1 (2 unit(s) sent, not handled)")
          .hasMessageContaining("ClockMode.REAL_TIME");
    }
  }

  @Test
  void cancelledActionsNeverRun() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      Scheduler s = clock.scheduler("a");
      Scheduler.Scheduled x;
      try (Link hold = clock.hold("test setup")) {
        x = s.after(Duration.ofSeconds(2), () -> seen.add("x"));
        s.after(Duration.ofSeconds(1), () -> seen.add("y"));
        assertThat(x.cancel()).isTrue();
      }
      assertThat(clock.awaitIdle(WAIT)).isTrue();
      assertThat(seen).containsExactly("y");
      assertThat(x.cancel()).isFalse();
    }
  }

  @Test
  void aFailingActionStopsTheClockAndIsReported() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      Scheduler s = clock.scheduler("fake");
      try (Link hold = clock.hold("test setup")) {
        s.after(Duration.ofSeconds(1), () -> {
          throw new IllegalStateException("boom");
        });
        s.after(Duration.ofSeconds(2), () -> seen.add("after"));
      }
      assertThatThrownBy(() -> clock.awaitIdle(WAIT))
          .isInstanceOf(ClockException.class)
          .hasMessageContaining("action of fake scheduled at +PT1S failed")
          .hasRootCauseMessage("boom");
      assertThat(seen).isEmpty();
    }
  }

  @Test
  void actionsScheduledInThePastRunNowWithoutMovingTimeBack() throws Exception {
    try (SessionClock clock = SessionClock.virtual()) {
      List<Duration> seen = Collections.synchronizedList(new ArrayList<>());
      Scheduler s = clock.scheduler("a");
      s.after(Duration.ofSeconds(5), () -> s.at(clock.origin(), () -> seen.add(clock.elapsed())));
      assertThat(clock.awaitIdle(WAIT)).isTrue();
      assertThat(seen).containsExactly(Duration.ofSeconds(5));
    }
  }

  @Test
  void aClosedClockRefusesNewActions() throws Exception {
    SessionClock clock = SessionClock.virtual();
    clock.scheduler("a").after(Duration.ofSeconds(1), () -> {});
    clock.close();
    assertThatThrownBy(() -> clock.scheduler("a").after(Duration.ZERO, () -> {}))
        .isInstanceOf(ClockException.class)
        .hasMessageContaining("closed");
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
