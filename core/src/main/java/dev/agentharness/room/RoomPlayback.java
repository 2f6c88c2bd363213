package dev.agentharness.room;

import dev.agentharness.clock.Link;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.scenario.RoomScript;
import dev.agentharness.scenario.TimeRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link RoomScript} being played on a {@link Room}'s clock, made by {@link Room#play}.
 *
 * <p>Times after the start ({@code "2s"}) are scheduled at once. Times after the end ({@code "end"},
 * {@code "end+5s"}) are scheduled by {@link #conversationEnded}, since the end is known only then;
 * {@code "never"} is never scheduled, so such an agent is still present when standing time is taken.
 *
 * <p>A leave never comes before its join. A participant whose leave resolves to or before its join (say
 * it joins at {@code "15s"} and leaves at {@code "end"}, and the conversation ends at 10 s) never gets in:
 * LiveKit reports it as {@code participant_connection_aborted} at its join time. If it had already joined
 * when the end became known, it leaves at once. A reconnect of a participant that is not in the room at
 * that time is skipped.
 */
public final class RoomPlayback {

  private final Room room;
  private final Scheduler scheduler;
  private final RoomScript script;
  private final Instant start;
  private final List<Scheduler.Scheduled> scheduled = new ArrayList<>(); // guarded by this
  private final Map<String, Scheduler.Scheduled> joins = new HashMap<>(); // joins whose leave waits for the end
  private Instant end; // guarded by this

  RoomPlayback(Room room, Scheduler scheduler, RoomScript script, Instant start) {
    this.room = room;
    this.scheduler = scheduler;
    this.script = Objects.requireNonNull(script, "script");
    this.start = Objects.requireNonNull(start, "start");
    schedule(null);
  }

  public Instant start() {
    return start;
  }

  /** The end of the conversation, once known. */
  public synchronized java.util.Optional<Instant> end() {
    return java.util.Optional.ofNullable(end);
  }

  /**
   * The conversation ended at {@code end}: schedules everything the script anchors on the end.
   *
   * @throws IllegalStateException if called twice
   */
  public void conversationEnded(Instant end) {
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) throw new IllegalArgumentException("the conversation ended (" + end
        + ") before it started (" + start + ")");
    synchronized (this) {
      if (this.end != null) throw new IllegalStateException("the conversation already ended at " + this.end);
      this.end = end;
    }
    schedule(end);
  }

  /** Cancels everything scheduled that has not happened yet (pending reconnects in the room stay). */
  public synchronized void cancel() {
    scheduled.forEach(Scheduler.Scheduled::cancel);
    scheduled.clear();
  }

  /**
   * Schedules what becomes known: with {@code end == null}, the start-anchored parts; with the end,
   * those that needed it.
   */
  private synchronized void schedule(Instant end) {
    boolean first = end == null;
    // keep virtual time still until everything known now is queued
    Link hold = room.clock().hold("room script " + script.name());
    try {
      for (RoomScript.ParticipantScript p : script.participants()) {
        Instant join = resolve(p.join(), end);
        boolean joinKnownBefore = !first && resolve(p.join(), null) != null;
        if (join == null) continue; // needs the end
        if (p.leave().isNever()) {
          if (!joinKnownBefore) at(join, () -> room.join(p.identity(), p.kind()));
          continue;
        }
        Instant leave = resolve(p.leave(), end);
        boolean leaveKnownBefore = !first && resolve(p.leave(), null) != null;
        if (leave == null) {
          // the leave waits for the end; the join can be scheduled now
          joins.put(p.identity(), at(join, () -> room.join(p.identity(), p.kind())));
          continue;
        }
        if (joinKnownBefore && leaveKnownBefore) continue; // scheduled the first time
        if (!leave.isAfter(join)) {
          Scheduler.Scheduled pendingJoin = joins.get(p.identity());
          if (!joinKnownBefore || pendingJoin.cancel()) {
            at(join, () -> room.connectionAborted(p.identity(), p.kind()));
          } else {
            at(join, () -> leaveIfPresent(p.identity())); // it has joined: it leaves at once
          }
          continue;
        }
        if (!joinKnownBefore) at(join, () -> room.join(p.identity(), p.kind()));
        at(leave, () -> leaveIfPresent(p.identity()));
      }
      if (first) {
        for (RoomScript.Reconnect r : script.reconnects()) {
          at(start.plus(r.at()), () -> {
            if (room.isPresent(r.identity())) room.reconnect(r.identity(), r.gap());
          });
        }
      }
    } finally {
      hold.close();
    }
  }

  private void leaveIfPresent(String identity) {
    // a scripted leave during a reconnect gap stops the participant coming back
    try {
      room.leave(identity);
    } catch (IllegalStateException notThere) {
      // already gone: nothing to do
    }
  }

  private Instant resolve(TimeRef ref, Instant end) {
    if (ref.isNever()) return null;
    if (ref.anchor() == TimeRef.Anchor.END && end == null) return null;
    Duration fromStart = ref.resolve(end == null ? Duration.ZERO : Duration.between(start, end));
    Instant t = start.plus(fromStart);
    return t.isBefore(start) ? start : t;
  }

  private synchronized Scheduler.Scheduled at(Instant t, Runnable action) {
    Scheduler.Scheduled s = scheduler.at(t, action);
    scheduled.add(s);
    return s;
  }

  @Override
  public synchronized String toString() {
    return "RoomPlayback[" + script.name() + " from " + start + (end == null ? "" : " to " + end) + "]";
  }
}
