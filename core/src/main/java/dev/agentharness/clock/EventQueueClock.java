package dev.agentharness.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The scheduler both clocks share: a queue of actions ordered by (instant, actor, sequence), run one at a
 * time by the clock's own thread. Subclasses decide when the head of the queue may run.
 */
abstract class EventQueueClock implements SessionClock {

  final ReentrantLock lock = new ReentrantLock();
  final Condition changed = lock.newCondition();
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private final String threadName;
  private Thread thread;
  private long pending; // events not yet run nor cancelled
  private boolean running;
  boolean closed;
  private ClockException failure;

  EventQueueClock(String threadName) {
    this.threadName = threadName;
  }

  /** Nanoseconds since the origin: the clock's own notion of now. */
  abstract long nowNanos();

  /**
   * Called with the lock held, the queue non-empty and no action running. Returns {@code true} when
   * the head may run now; otherwise waits on {@link #changed} (bounded) and returns {@code false}.
   */
  abstract boolean readyToRun(long headAtNanos) throws InterruptedException;

  /** Called with the lock held just before the head runs. */
  abstract void advanceTo(long atNanos);

  /** Called with the lock held: anything else that keeps the clock from being idle. */
  abstract boolean busy();

  @Override
  public Instant now() {
    return origin().plusNanos(nowNanos());
  }

  @Override
  public Scheduler scheduler(String actor) {
    return new ActorScheduler(actor);
  }

  @Override
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        if (failure != null) throw failure;
        if (pending == 0 && !running && !busy()) return true;
        if (closed) throw new ClockException("the clock was closed while waiting for it to go idle");
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ClockException failure() {
    lock.lock();
    try {
      return failure;
    } finally {
      lock.unlock();
    }
  }

  /** Records the first failure and stops running actions. Lock held. */
  void fail(ClockException e) {
    if (failure == null) failure = e;
    changed.signalAll();
  }

  @Override
  public void close() {
    Thread t;
    lock.lock();
    try {
      closed = true;
      queue.clear();
      pending = 0;
      changed.signalAll();
      t = thread;
    } finally {
      lock.unlock();
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    lock.lock();
    try {
      while (!closed && failure == null) {
        Event head = queue.peek();
        if (head == null) {
          changed.await();
          continue;
        }
        if (head.cancelled) {
          queue.poll();
          continue;
        }
        if (!readyToRun(head.atNanos)) continue;
        queue.poll();
        pending--;
        advanceTo(head.atNanos);
        running = true;
        head.ran = true;
        lock.unlock();
        Throwable thrown = null;
        try {
          head.action.run();
        } catch (Throwable t) {
          thrown = t;
        } finally {
          lock.lock();
          running = false;
          changed.signalAll();
        }
        if (thrown != null) {
          fail(new ClockException(
              "action of " + head.actor + " scheduled at +" + Duration.ofNanos(head.atNanos) + " failed: " + thrown,
              thrown));
        }
      }
    } catch (InterruptedException e) {
      fail(new ClockException("the clock thread was interrupted", e));
    } finally {
      lock.unlock();
    }
  }

  private final class ActorScheduler implements Scheduler {
    private final String actor;
    private long seq;

    ActorScheduler(String actor) {
      this.actor = actor;
    }

    @Override
    public SessionClock clock() {
      return EventQueueClock.this;
    }

    @Override
    public Scheduled at(Instant at, Runnable action) {
      long atNanos = Math.max(Duration.between(origin(), at).toNanos(), 0);
      lock.lock();
      try {
        if (closed) throw new ClockException("the clock is closed; " + actor + " cannot schedule");
        atNanos = Math.max(atNanos, nowNanos());
        Event e = new Event(atNanos, actor, seq++, action);
        queue.add(e);
        pending++;
        if (thread == null) {
          thread = new Thread(EventQueueClock.this::loop, threadName);
          thread.setDaemon(true);
          thread.start();
        }
        changed.signalAll();
        return e;
      } finally {
        lock.unlock();
      }
    }
  }

  private final class Event implements Comparable<Event>, Scheduler.Scheduled {
    final long atNanos;
    final String actor;
    final long seq;
    final Runnable action;
    boolean cancelled;
    boolean ran;

    Event(long atNanos, String actor, long seq, Runnable action) {
      this.atNanos = atNanos;
      this.actor = actor;
      this.seq = seq;
      this.action = action;
    }

    @Override
    public int compareTo(Event o) {
      int c = Long.compare(atNanos, o.atNanos);
      if (c != 0) return c;
      c = actor.compareTo(o.actor);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public Instant at() {
      return origin().plusNanos(atNanos);
    }

    @Override
    public boolean cancel() {
      lock.lock();
      try {
        if (ran || cancelled) return false;
        cancelled = true;
        pending--;
        changed.signalAll();
        return true;
      } finally {
        lock.unlock();
      }
    }
  }
}
