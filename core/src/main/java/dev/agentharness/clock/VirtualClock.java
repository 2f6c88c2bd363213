package dev.agentharness.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** Virtual time: jumps to the next scheduled instant once nothing is in flight on any link. */
final class VirtualClock extends EventQueueClock {

  private final Instant origin;
  private final long stallTimeoutNanos;
  private volatile long now;
  // in flight over all links; counted without the lock (a frame's send and handle race on two threads),
  // and the lock is taken only to wake the clock when it drops to zero
  private final AtomicLong inFlight = new AtomicLong();
  private volatile long lastProgress = System.nanoTime();
  private final Map<String, VirtualLink> links = new LinkedHashMap<>(); // guarded by lock
  private long linkSeq; // guarded by lock

  VirtualClock(Instant origin, Duration stallTimeout) {
    super("agentharness-virtual-clock");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.stallTimeoutNanos = stallTimeout.toNanos();
  }

  @Override
  public ClockMode mode() {
    return ClockMode.VIRTUAL;
  }

  @Override
  public Instant origin() {
    return origin;
  }

  @Override
  long nowNanos() {
    return now;
  }

  @Override
  boolean readyToRun(long headAtNanos) throws InterruptedException {
    if (inFlight.get() <= 0) return true;
    long stalledFor = System.nanoTime() - lastProgress;
    if (stalledFor >= stallTimeoutNanos) {
      fail(new ClockException(stallMessage()));
      return false;
    }
    changed.awaitNanos(stallTimeoutNanos - stalledFor);
    return false;
  }

  @Override
  void advanceTo(long atNanos) {
    if (atNanos > now) now = atNanos;
  }

  @Override
  boolean busy() {
    return inFlight.get() > 0;
  }

  private void release(long units) {
    lastProgress = System.nanoTime();
    if (inFlight.addAndGet(-units) <= 0) {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  @Override
  public Link openLink(String description) {
    lock.lock();
    try {
      if (closed) return Link.UNTRACKED;
      VirtualLink l = new VirtualLink("link-" + (++linkSeq), description);
      links.put(l.id, l);
      return l;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Link link(String id) {
    if (id == null) return Link.UNTRACKED;
    lock.lock();
    try {
      Link l = links.get(id);
      return l == null ? Link.UNTRACKED : l;
    } finally {
      lock.unlock();
    }
  }

  private String stallMessage() {
    String stuck = links.values().stream()
        .filter(l -> l.inFlight.get() > 0)
        .map(l -> l.description + " (" + l.inFlight.get() + " unit(s) sent, not handled)")
        .collect(Collectors.joining(", "));
    return "virtual time stalled at +" + Duration.ofNanos(now) + ": nothing was handled for "
        + Duration.ofNanos(stallTimeoutNanos).toMillis() + " ms while " + inFlight.get() + " unit(s) were in flight on "
        + (stuck.isEmpty() ? "closed links" : stuck)
        + ". A client that does not report what it handled cannot run on the virtual clock: use ClockMode.REAL_TIME.";
  }

  @Override
  public String toString() {
    return "VirtualClock[+" + Duration.ofNanos(now) + "]";
  }

  private final class VirtualLink implements Link {
    private static final long CLOSED = Long.MIN_VALUE / 2;
    final String id;
    final String description;
    final AtomicLong inFlight = new AtomicLong(); // CLOSED once closed

    VirtualLink(String id, String description) {
      this.id = id;
      this.description = description;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public void sent(long units) {
      while (true) {
        long v = inFlight.get();
        if (v < 0) return;
        if (inFlight.compareAndSet(v, v + units)) break;
      }
      VirtualClock.this.inFlight.addAndGet(units);
    }

    @Override
    public void handled(long units) {
      long n;
      while (true) {
        long v = inFlight.get();
        if (v <= 0) return;
        n = Math.min(units, v);
        if (inFlight.compareAndSet(v, v - n)) break;
      }
      release(n);
    }

    @Override
    public boolean isOpen() {
      return inFlight.get() >= 0;
    }

    @Override
    public void close() {
      long v = inFlight.getAndSet(CLOSED);
      if (v < 0) return;
      lock.lock();
      try {
        links.remove(id);
      } finally {
        lock.unlock();
      }
      release(v);
    }

    @Override
    public String toString() {
      return id + " " + description;
    }
  }
}
