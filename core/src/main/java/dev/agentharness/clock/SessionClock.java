package dev.agentharness.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * The time of one session, and the scheduler that moves it. Create one with {@link #virtual} or
 * {@link #realTime}; close it when the session ends.
 */
public interface SessionClock extends AutoCloseable {

  /** The default origin of virtual time: every run of a scenario starts at this instant. */
  Instant DEFAULT_ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

  /** A virtual clock starting at {@link #DEFAULT_ORIGIN}. */
  static SessionClock virtual() {
    return new VirtualClock(DEFAULT_ORIGIN, Duration.ofSeconds(10));
  }

  /**
   * A virtual clock.
   *
   * @param origin the instant virtual time starts at
   * @param stallTimeout how long (real time) to wait for frames in flight to be handled before failing
   */
  static SessionClock virtual(Instant origin, Duration stallTimeout) {
    return new VirtualClock(origin, stallTimeout);
  }

  /** A clock that follows the wall clock. */
  static SessionClock realTime() {
    return new RealTimeClock(java.time.Clock.systemUTC());
  }

  static SessionClock of(ClockMode mode) {
    return mode == ClockMode.VIRTUAL ? virtual() : realTime();
  }

  ClockMode mode();

  /** The current instant. */
  Instant now();

  /** The instant this clock started at. */
  Instant origin();

  /** Time since {@link #origin()}. */
  default Duration elapsed() {
    return Duration.between(origin(), now());
  }

  /**
   * A scheduler for one actor (a fake's connection, a client, the session runtime). Actions scheduled
   * for the same instant run in order of actor name, then in the order the actor scheduled them, so the
   * order is the same on every run.
   */
  Scheduler scheduler(String actor);

  /** Opens a link for a new connection; its id is unique within this clock. */
  Link openLink(String description);

  /**
   * Keeps virtual time still until the returned hold is closed, so that several actions can be
   * scheduled from outside the clock without the first running before the others are queued.
   *
   * <pre>{@code
   * try (var hold = clock.hold("scheduling the scenario")) {
   *   runtime.after(ofMillis(300), ...);
   *   runtime.after(ofSeconds(2), ...);
   * }
   * }</pre>
   */
  default Link hold(String why) {
    Link l = openLink(why);
    l.sent(1);
    return l;
  }

  /** The open link with this id, or {@link Link#UNTRACKED} if there is none (a foreign client). */
  Link link(String id);

  /**
   * Waits until nothing is scheduled and nothing is in flight.
   *
   * @param timeout real time to wait at most
   * @return {@code false} if the timeout passed first
   * @throws ClockException if the clock stalled or an action failed
   */
  boolean awaitIdle(Duration timeout) throws InterruptedException;

  /** The first failure of a scheduled action or a stall, if any; the clock stops at the first. */
  ClockException failure();

  /** Stops the clock's thread and drops everything scheduled. */
  @Override
  void close();
}
