package dev.agentharness.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** Virtual time: jumps to the next scheduled instant once nothing is in flight on any link. */
final class VirtualClock extends EventQueueClock {

  private final Instant origin;
  private final long stallTimeoutNanos;
  private volatile long now;
  private long inFlight; // guarded by lock
  private long lastProgress = System.nanoTime(); // guarded by lock
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
    if (inFlight == 0) return true;
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
    return inFlight > 0;
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
        .filter(l -> l.inFlight > 0)
        .map(l -> l.description + " (" + l.inFlight + " unit(s) sent, not handled)")
        .collect(Collectors.joining(", "));
    return "virtual time stalled at +" + Duration.ofNanos(now) + ": nothing was handled for "
        + Duration.ofNanos(stallTimeoutNanos).toMillis() + " ms while " + inFlight + " unit(s) were in flight on "
        + (stuck.isEmpty() ? "closed links" : stuck)
        + ". A client that does not report what it handled cannot run on the virtual clock: use ClockMode.REAL_TIME.";
  }

  @Override
  public String toString() {
    return "VirtualClock[+" + Duration.ofNanos(now) + "]";
  }

  private final class VirtualLink implements Link {
    final String id;
    final String description;
    long inFlight; // guarded by lock
    boolean open = true; // guarded by lock

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
      lock.lock();
      try {
        if (!open) return;
        inFlight += units;
        VirtualClock.this.inFlight += units;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void handled(long units) {
      lock.lock();
      try {
        if (!open) return;
        long n = Math.min(units, inFlight);
        inFlight -= n;
        VirtualClock.this.inFlight -= n;
        lastProgress = System.nanoTime();
        if (VirtualClock.this.inFlight == 0) changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean isOpen() {
      lock.lock();
      try {
        return open;
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void close() {
      lock.lock();
      try {
        if (!open) return;
        open = false;
        VirtualClock.this.inFlight -= inFlight;
        inFlight = 0;
        links.remove(id);
        lastProgress = System.nanoTime();
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public String toString() {
      return id + " " + description;
    }
  }
}
