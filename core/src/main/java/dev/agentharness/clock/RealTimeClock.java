package dev.agentharness.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Wall-clock time: actions run when their instant comes; links count nothing. */
final class RealTimeClock extends EventQueueClock {

  private final Instant origin;
  private final long originNanoTime;

  RealTimeClock(Clock wall) {
    super("agentharness-real-time-clock");
    this.origin = wall.instant();
    this.originNanoTime = System.nanoTime();
  }

  @Override
  public ClockMode mode() {
    return ClockMode.REAL_TIME;
  }

  @Override
  public Instant origin() {
    return origin;
  }

  @Override
  long nowNanos() {
    return System.nanoTime() - originNanoTime;
  }

  @Override
  boolean readyToRun(long headAtNanos) throws InterruptedException {
    long wait = headAtNanos - nowNanos();
    if (wait <= 0) return true;
    changed.awaitNanos(wait);
    return false;
  }

  @Override
  void advanceTo(long atNanos) {}

  @Override
  boolean busy() {
    return false;
  }

  @Override
  public Link openLink(String description) {
    return Link.UNTRACKED;
  }

  @Override
  public Link link(String id) {
    return Link.UNTRACKED;
  }

  @Override
  public String toString() {
    return "RealTimeClock[+" + Duration.ofNanos(nowNanos()) + "]";
  }
}
