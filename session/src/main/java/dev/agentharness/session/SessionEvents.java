package dev.agentharness.session;

import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.EouMetrics;
import dev.agentharness.usage.ModelUsageCollector;
import dev.agentharness.usage.UsageCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The session's event bus. Clients report from their own threads; events are emitted by clock actions,
 * so their order is the clock's order and is the same on every run.
 */
final class SessionEvents {

  private final SessionClock clock;
  private final Scheduler scheduler;
  private final UsageCollector usage;
  private final ModelUsageCollector modelUsage;
  private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
  private final List<SessionEvent> log = new ArrayList<>(); // guarded by this
  private final List<AgentMetrics> metrics = new ArrayList<>(); // guarded by this

  SessionEvents(SessionClock clock, UsageCollector usage, ModelUsageCollector modelUsage) {
    this.clock = clock;
    this.scheduler = clock.scheduler("session-events");
    this.usage = usage;
    this.modelUsage = modelUsage;
  }

  void addListener(SessionListener l) {
    listeners.add(l);
  }

  /** A metric, as LiveKit handles it: collect, emit {@code metrics_collected}, then {@code session_usage_updated}. */
  void metric(AgentMetrics m) {
    scheduler.now(() -> {
      // LiveKit emits EOU metrics straight to the session: they skip the collectors and usage updates
      boolean usageMetric = !(m instanceof EouMetrics);
      if (usageMetric) {
        usage.collect(m);
        modelUsage.collect(m);
      }
      synchronized (this) {
        metrics.add(m);
      }
      dispatch(new SessionEvent.MetricsCollected(m, clock.now()));
      if (usageMetric) dispatch(new SessionEvent.SessionUsageUpdated(modelUsage.usage(), clock.now()));
    });
  }

  /** Emits an event at the current instant, after those already due. */
  void emit(SessionEvent e) {
    scheduler.now(() -> dispatch(e));
  }

  /** Emits at once, from a clock action that must see it delivered before it goes on. */
  void emitNow(SessionEvent e) {
    dispatch(e);
  }

  private void dispatch(SessionEvent e) {
    synchronized (this) {
      log.add(e);
    }
    for (SessionListener l : listeners) {
      try {
        l.onEvent(e);
      } catch (RuntimeException ex) {
        if (e instanceof SessionEvent.Error) continue; // never loop on a failing error listener
        dispatch(new SessionEvent.Error("listener", ex, clock.now()));
      }
    }
  }

  synchronized List<SessionEvent> log() {
    return List.copyOf(log);
  }

  synchronized List<AgentMetrics> metrics() {
    return List.copyOf(metrics);
  }
}
