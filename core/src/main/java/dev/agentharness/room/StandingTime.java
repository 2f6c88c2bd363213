package dev.agentharness.room;

import dev.agentharness.clock.Durations;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How long the agents stood in the room, as of one instant: per agent identity (participant kind
 * {@code AGENT}) its presence intervals and their sum; plus the session-level view, the agent session's
 * {@code close − started_at}.
 *
 * <p>An agent that has not left is <em>still present</em>: its open interval is measured up to {@link #at()}
 * and flagged {@link Presence#open()}, never silently closed.
 *
 * @param at the instant of the snapshot; open intervals end here
 * @param agents per identity, in order of first join
 * @param sessionStartedAt when the agent session started, if known
 * @param sessionClosedAt when it closed, if it did
 * @param sessionCloseReason why it closed, if it did and the reason is known
 */
public record StandingTime(Instant at, Map<String, AgentStanding> agents, Optional<Instant> sessionStartedAt,
    Optional<Instant> sessionClosedAt, Optional<CloseReason> sessionCloseReason) {

  public StandingTime {
    Objects.requireNonNull(at, "at");
    agents = Collections.unmodifiableMap(new LinkedHashMap<>(agents));
    Objects.requireNonNull(sessionStartedAt, "sessionStartedAt");
    Objects.requireNonNull(sessionClosedAt, "sessionClosedAt");
    Objects.requireNonNull(sessionCloseReason, "sessionCloseReason");
  }

  /**
   * One agent identity's standing.
   *
   * @param presences its presences in order; the last one may be open
   * @param jobTime the sum of its ended agent jobs ({@code agent_job_ended}: {@code endedAt − startedAt}),
   *     empty when none ended
   */
  public record AgentStanding(String identity, List<Presence> presences, Optional<Duration> jobTime) {
    public AgentStanding {
      Objects.requireNonNull(identity, "identity");
      presences = List.copyOf(presences);
      Objects.requireNonNull(jobTime, "jobTime");
    }

    /** The sum of its presences, the open one measured up to the snapshot. */
    public Duration total() {
      return presences.stream().map(Presence::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** Whether it had not left at the snapshot. */
    public boolean stillPresent() {
      return presences.stream().anyMatch(Presence::open);
    }

    @Override
    public String toString() {
      String list = presences.stream().map(Presence::toString).collect(Collectors.joining(", "));
      return identity + " " + Durations.format(total()) + (stillPresent() ? " (still present)" : "") + " [" + list
          + "]" + jobTime.map(j -> " job " + Durations.format(j)).orElse("");
    }
  }

  /**
   * One presence interval.
   *
   * @param sid the participant sid of this presence
   * @param from when it joined
   * @param until when it left; for an open presence, the snapshot instant
   * @param open {@code true} if it had not left: {@code until} is then a measuring point, not a leave
   */
  public record Presence(String sid, Instant from, Instant until, boolean open) {
    public Presence {
      Objects.requireNonNull(sid, "sid");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(until, "until");
      if (until.isBefore(from)) until = from; // a snapshot may not be earlier than a join
    }

    public Duration duration() {
      return Duration.between(from, until);
    }

    @Override
    public String toString() {
      return from + " → " + (open ? "still present, measured to " + until : until) + " = "
          + Durations.format(duration());
    }
  }

  /**
   * The standing of one agent identity.
   *
   * @throws IllegalArgumentException if no agent of that identity was in the room
   */
  public AgentStanding of(String identity) {
    AgentStanding a = agents.get(identity);
    if (a == null) {
      throw new IllegalArgumentException("no agent \"" + identity + "\" in the room; agents: " + agents.keySet());
    }
    return a;
  }

  /** The sum over all agents (open presences measured up to {@link #at()}). */
  public Duration total() {
    return agents.values().stream().map(AgentStanding::total).reduce(Duration.ZERO, Duration::plus);
  }

  /** Whether any agent had not left at {@link #at()}. */
  public boolean agentStillPresent() {
    return agents.values().stream().anyMatch(AgentStanding::stillPresent);
  }

  /** LiveKit's session standing time, {@code close − started_at}; empty until the session has closed. */
  public Optional<Duration> sessionDuration() {
    if (sessionStartedAt.isEmpty() || sessionClosedAt.isEmpty()) return Optional.empty();
    return Optional.of(Duration.between(sessionStartedAt.get(), sessionClosedAt.get()));
  }

  /**
   * Standing time as a webhook receiver sees it, from LiveKit webhook bodies in any order: for each
   * participant of kind {@code AGENT}, a presence from {@code participant.joinedAtMs} to the
   * {@code createdAt} of its {@code participant_left} (or {@code participant_connection_aborted}); a
   * {@code participant_joined} without a leave is still present, measured up to the latest {@code createdAt}
   * in the stream. {@code agent_job_ended} events give {@link AgentStanding#jobTime()}.
   *
   * <p>Precision: {@code createdAt} is whole seconds (truncated) and {@code joinedAtMs} milliseconds, so a
   * closed presence comes out up to 1 s shorter (and at most 1 ms longer) than the true one. Job times are
   * nanoseconds.
   *
   * @throws IllegalArgumentException if a body is not a webhook
   */
  public static StandingTime fromWebhooks(List<String> bodies) {
    return fromWebhooks(bodies, null);
  }

  /**
   * As {@link #fromWebhooks(List)}, with open presences measured up to {@code asOf}.
   *
   * @param asOf the snapshot instant; {@code null} for the latest {@code createdAt} in the stream
   */
  public static StandingTime fromWebhooks(List<String> bodies, Instant asOf) {
    record Seen(String identity, Instant joinedAt, Instant leftAt, int order) {}
    Map<String, Seen> bySid = new LinkedHashMap<>();
    Map<String, Duration> jobs = new LinkedHashMap<>();
    long latest = Long.MIN_VALUE;
    int order = 0;
    for (int i = 0; i < bodies.size(); i++) {
      String body = bodies.get(i);
      try {
        JsonValue.Obj o = Json.parseObject(body);
        String event = o.getPresent("event") == null ? "" : o.get("event").asString("event");
        long createdAt = WebhookEvent.int64(o.getPresent("createdAt"), "createdAt");
        latest = Math.max(latest, createdAt);
        JsonValue pv = o.getPresent("participant");
        if (pv != null && event.startsWith("participant_")) {
          JsonValue.Obj p = pv.asObject("participant");
          if (!"AGENT".equals(string(p, "kind"))) continue;
          String sid = string(p, "sid");
          String identity = string(p, "identity");
          long ms = WebhookEvent.int64(p.getPresent("joinedAtMs"), "joinedAtMs");
          Instant joinedAt = ms != 0 ? Instant.ofEpochMilli(ms)
              : Instant.ofEpochSecond(WebhookEvent.int64(p.getPresent("joinedAt"), "joinedAt"));
          Seen prev = bySid.get(sid);
          Instant leftAt = prev == null ? null : prev.leftAt();
          if (event.equals(WebhookEvent.PARTICIPANT_LEFT)
              || event.equals(WebhookEvent.PARTICIPANT_CONNECTION_ABORTED)) {
            leftAt = Instant.ofEpochSecond(createdAt);
          }
          bySid.put(sid, new Seen(identity, joinedAt, leftAt, prev == null ? order++ : prev.order()));
        } else if (event.equals(WebhookEvent.AGENT_JOB_ENDED) && o.getPresent("job") != null) {
          JsonValue.Obj job = o.get("job").asObject("job");
          JsonValue sv = job.getPresent("state");
          if (sv == null) continue;
          JsonValue.Obj state = sv.asObject("job.state");
          long started = WebhookEvent.int64(state.getPresent("startedAt"), "startedAt");
          long ended = WebhookEvent.int64(state.getPresent("endedAt"), "endedAt");
          String identity = string(state, "participantIdentity");
          if (ended != 0 && identity != null) jobs.merge(identity, Duration.ofNanos(ended - started), Duration::plus);
        }
      } catch (JsonException e) {
        throw new IllegalArgumentException("webhook " + (i + 1) + " of " + bodies.size() + " is not valid: "
            + e.getMessage(), e);
      }
    }
    Instant at = asOf != null ? asOf : latest == Long.MIN_VALUE ? Instant.EPOCH : Instant.ofEpochSecond(latest);
    Map<String, List<Presence>> presences = new LinkedHashMap<>();
    bySid.entrySet().stream()
        .sorted((a, b) -> {
          int c = a.getValue().joinedAt().compareTo(b.getValue().joinedAt());
          return c != 0 ? c : Integer.compare(a.getValue().order(), b.getValue().order());
        })
        .forEach(e -> {
          Seen s = e.getValue();
          Presence p = s.leftAt() == null ? new Presence(e.getKey(), s.joinedAt(), at, true)
              : new Presence(e.getKey(), s.joinedAt(), s.leftAt(), false);
          presences.computeIfAbsent(s.identity(), k -> new ArrayList<>()).add(p);
        });
    for (String identity : jobs.keySet()) presences.computeIfAbsent(identity, k -> new ArrayList<>());
    Map<String, AgentStanding> agents = new LinkedHashMap<>();
    presences.forEach((identity, list) ->
        agents.put(identity, new AgentStanding(identity, list, Optional.ofNullable(jobs.get(identity)))));
    return new StandingTime(at, agents, Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static String string(JsonValue.Obj o, String key) {
    JsonValue v = o.getPresent(key);
    return v == null ? null : v.asString(key);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("StandingTime at ").append(at).append(": ");
    if (agents.isEmpty()) sb.append("no agents");
    sb.append(agents.values().stream().map(AgentStanding::toString).collect(Collectors.joining("; ")));
    if (agents.size() > 1) sb.append("; total ").append(Durations.format(total()));
    if (sessionStartedAt.isPresent()) {
      sb.append("; session from ").append(sessionStartedAt.get());
      if (sessionClosedAt.isPresent()) {
        sb.append(" to ").append(sessionClosedAt.get()).append(" = ").append(Durations.format(sessionDuration().get()));
        sessionCloseReason.ifPresent(r -> sb.append(" (").append(r.id()).append(')'));
      } else {
        sb.append(", not closed");
      }
    }
    return sb.toString();
  }
}
