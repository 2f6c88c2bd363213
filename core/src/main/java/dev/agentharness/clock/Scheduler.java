package dev.agentharness.clock;

import java.time.Duration;
import java.time.Instant;

/** Schedules the actions of one actor on a {@link SessionClock}. */
public interface Scheduler {

  SessionClock clock();

  /** Runs {@code action} at {@code at} (or as soon as possible if {@code at} has passed). */
  Scheduled at(Instant at, Runnable action);

  /** Runs {@code action} {@code delay} after now. */
  default Scheduled after(Duration delay, Runnable action) {
    return at(clock().now().plus(delay), action);
  }

  /** Runs {@code action} at the current instant, after the actions already due. */
  default Scheduled now(Runnable action) {
    return at(clock().now(), action);
  }

  /** A scheduled action that may be cancelled before it runs. */
  interface Scheduled {
    Instant at();

    /** @return {@code true} if the action had not run yet and now never will */
    boolean cancel();
  }
}
