package dev.agentharness.cli;

import dev.agentharness.session.SessionEvent;
import dev.agentharness.session.SessionListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar for long simulations, on the terminal only: replies done out of the scenario's turns,
 * session time and metrics so far. The session's listener only counts; a daemon thread draws every 100 ms,
 * starting after 300 ms so that short runs show nothing. {@link #close()} erases the line.
 */
final class Progress implements SessionListener, AutoCloseable {

  private static final int BAR = 24;

  private final PrintWriter out;
  private final int turns;
  private final Instant origin;
  private final AtomicInteger replies = new AtomicInteger();
  private final AtomicInteger metrics = new AtomicInteger();
  private final AtomicLong sessionNanos = new AtomicLong();
  private final Thread painter;
  private volatile boolean done;
  private volatile boolean drawn;

  Progress(PrintWriter out, int turns, Instant origin) {
    this.out = out;
    this.turns = Math.max(1, turns);
    this.origin = origin;
    this.painter = new Thread(this::paintLoop, "agentharness-progress");
    painter.setDaemon(true);
  }

  /** A progress bar on the console, or null when stdout is not a terminal. */
  static Progress onConsole(int turns, Instant origin) {
    java.io.Console console = System.console();
    return console == null ? null : new Progress(console.writer(), turns, origin);
  }

  Progress start() {
    painter.start();
    return this;
  }

  @Override
  public void onEvent(SessionEvent e) {
    if (e instanceof SessionEvent.ConversationItemAdded c && "assistant".equals(c.role())) replies.incrementAndGet();
    if (e instanceof SessionEvent.MetricsCollected) metrics.incrementAndGet();
    long t = Duration.between(origin, e.createdAt()).toNanos();
    sessionNanos.accumulateAndGet(t, Math::max);
  }

  /** The line as drawn, e.g. {@code [######------------------]  5/20 replies  1m12s session time  31 metrics}. */
  String line() {
    int done = Math.min(replies.get(), turns);
    int filled = done * BAR / turns;
    return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + done + "/" + turns + " replies  "
        + dev.agentharness.clock.Durations.format(Duration.ofMillis(sessionNanos.get() / 1_000_000)) + " session time  "
        + metrics.get() + " metrics";
  }

  private void paintLoop() {
    try {
      Thread.sleep(300);
      while (!done) {
        synchronized (this) {
          if (done) return;
          out.print("\r" + line() + "\u001B[K");
          out.flush();
          drawn = true;
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      done = true;
      if (drawn) {
        out.print("\r\u001B[K");
        out.flush();
      }
    }
    painter.interrupt();
  }
}
