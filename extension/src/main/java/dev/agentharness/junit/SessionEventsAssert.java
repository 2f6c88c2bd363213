package dev.agentharness.junit;

import dev.agentharness.session.SessionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a session's events, named as LiveKit's {@code AgentSession} emits them
 * ({@code metrics_collected}, {@code agent_state_changed}, {@code error}, {@code close}, ...).
 *
 * <pre>{@code
 * assertThat(session).events()
 *     .emittedInOrder("agent_state_changed", "metrics_collected", "close")
 *     .emittedTimes("error", 0);
 * }</pre>
 *
 * <p>Failures list the events, one per line, with their time since the session started.
 */
public class SessionEventsAssert extends AbstractAssert<SessionEventsAssert, List<SessionEvent>> {

  /** LiveKit's event names, as {@link SessionEvent#type()} gives them. */
  static final List<String> TYPES = List.of("metrics_collected", "session_usage_updated", "agent_state_changed",
      "user_state_changed", "participant_joined", "participant_left", "conversation_item_added", "error", "close");

  /** Times in messages are relative to this; the first event's time when {@code null}. */
  Instant origin;

  public SessionEventsAssert(List<SessionEvent> actual) {
    super(actual, SessionEventsAssert.class);
  }

  /**
   * These event types were emitted in this order, possibly with other events between them (a
   * subsequence, not a contiguous run).
   */
  public SessionEventsAssert emittedInOrder(String... types) {
    isNotNull();
    int next = 0;
    int lastMatch = -1;
    for (int i = 0; i < actual.size() && next < types.length; i++) {
      if (actual.get(i).type().equals(types[next])) {
        next++;
        lastMatch = i;
      }
    }
    if (next == types.length) return myself;
    String missing = types[next];
    StringBuilder sb = new StringBuilder("Expected the session to emit, in this order, " + List.of(types) + ", but ");
    if (next == 0) {
      sb.append("no ").append(missing).append(" was emitted");
    } else {
      SessionEvent after = actual.get(lastMatch);
      sb.append("no ").append(missing).append(" came after ").append(after.type()).append(" (#").append(lastMatch + 1)
          .append(" at ").append(time(after)).append(')');
    }
    long count = actual.stream().filter(e -> e.type().equals(missing)).count();
    if (count > 0 && next > 0) {
      SessionEvent last = null;
      for (SessionEvent e : actual) if (e.type().equals(missing)) last = e;
      sb.append("; ").append(missing).append(" was emitted ").append(Texts.plural(count, "time", "times"))
          .append(", the last at ").append(time(last));
    } else if (count == 0) {
      sb.append(typeNote(missing));
    }
    sb.append(".\n").append(listing());
    throw failure("%s", sb.toString().stripTrailing());
  }

  /** At least one event of {@code type}. */
  public SessionEventsAssert emitted(String type) {
    isNotNull();
    if (count(type) > 0) return myself;
    throw failure("%s", "Expected the session to emit " + type + ", but it did not" + typeNote(type) + ".\n"
        + listing().stripTrailing());
  }

  /** No event of {@code type}. */
  public SessionEventsAssert didNotEmit(String type) {
    return emittedTimes(type, 0);
  }

  /** Exactly {@code n} events of {@code type}. */
  public SessionEventsAssert emittedTimes(String type, int n) {
    isNotNull();
    List<SessionEvent> of = actual.stream().filter(e -> e.type().equals(type)).toList();
    if (of.size() == n) return myself;
    StringBuilder sb = new StringBuilder("Expected the session to emit " + type + " " + Texts.plural(n, "time", "times")
        + ", but it was emitted " + Texts.plural(of.size(), "time", "times"));
    if (of.isEmpty()) {
      sb.append(typeNote(type)).append(".\n").append(listing());
    } else {
      sb.append(":\n");
      for (SessionEvent e : of.subList(0, Math.min(of.size(), Texts.MAX_LISTED))) sb.append(line(e)).append('\n');
      if (of.size() > Texts.MAX_LISTED) sb.append("  ... ").append(of.size() - Texts.MAX_LISTED).append(" more\n");
    }
    throw failure("%s", sb.toString().stripTrailing());
  }

  /** No {@code error} event; on failure, each error with its source, time and message. */
  public SessionEventsAssert hasNoErrors() {
    isNotNull();
    List<SessionEvent> errors = actual.stream().filter(e -> e instanceof SessionEvent.Error).toList();
    if (errors.isEmpty()) return myself;
    StringBuilder sb = new StringBuilder("Expected no error events, but "
        + (errors.size() == 1 ? "1 was" : errors.size() + " were") + " emitted:\n");
    for (SessionEvent e : errors) sb.append(line(e)).append('\n');
    throw failure("%s", sb.toString().stripTrailing());
  }

  // ------------------------------------------------------------------------------------------ text

  private long count(String type) {
    return actual.stream().filter(e -> e.type().equals(type)).count();
  }

  private static String typeNote(String type) {
    if (TYPES.contains(type)) return "";
    return " (\"" + type + "\" is not an event type; the types are " + String.join(", ", TYPES) + ")";
  }

  private String time(SessionEvent e) {
    Instant from = origin != null ? origin : actual.isEmpty() ? e.createdAt() : actual.get(0).createdAt();
    return Texts.duration(Duration.between(from, e.createdAt()));
  }

  private String line(SessionEvent e) {
    return String.format("  %-7s %-24s %s", time(e), e.type(), detail(e)).stripTrailing();
  }

  /** The events, one per line ({@link Texts#MAX_LISTED} at most), with a count per type first. */
  private String listing() {
    if (actual.isEmpty()) return "No events were emitted (has the session run?)\n";
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (SessionEvent e : actual) counts.merge(e.type(), 1, Integer::sum);
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> parts.add(v == 1 ? k : k + " ×" + v));
    StringBuilder sb = new StringBuilder("Events emitted (" + String.join(", ", parts) + "):\n");
    int i = 0;
    for (SessionEvent e : actual) {
      if (i++ == Texts.MAX_LISTED) {
        sb.append("  ... ").append(actual.size() - Texts.MAX_LISTED).append(" more\n");
        break;
      }
      sb.append(line(e)).append('\n');
    }
    return sb.toString();
  }

  /** What an event says, in a few words. */
  static String detail(SessionEvent e) {
    if (e instanceof SessionEvent.MetricsCollected m) return Texts.metric(m.metrics());
    if (e instanceof SessionEvent.SessionUsageUpdated u) {
      return Texts.plural(u.usage().modelUsage().size(), "model", "models");
    }
    if (e instanceof SessionEvent.AgentStateChanged a) return a.oldState().id() + " → " + a.newState().id();
    if (e instanceof SessionEvent.UserStateChanged u) return u.oldState().id() + " → " + u.newState().id();
    if (e instanceof SessionEvent.ParticipantJoined p) {
      return p.participant().identity() + " (" + p.participant().kind() + ")";
    }
    if (e instanceof SessionEvent.ParticipantLeft p) {
      return p.participant().identity() + " (" + p.participant().kind() + ", " + p.reason() + ")";
    }
    if (e instanceof SessionEvent.ConversationItemAdded c) {
      String text = c.text() == null ? "" : c.text();
      if (text.length() > 60) text = text.substring(0, 57) + "...";
      return c.role() + ": \"" + text + "\"" + (c.interrupted() ? " (interrupted)" : "");
    }
    if (e instanceof SessionEvent.Error err) return err.source() + ": " + error(err.error());
    if (e instanceof SessionEvent.Close c) {
      return c.reason().id() + (c.error() == null ? "" : ": " + error(c.error()));
    }
    return "";
  }

  static String error(Throwable t) {
    return t == null ? "" : t.getClass().getSimpleName() + ": " + Objects.toString(t.getMessage(), "");
  }
}
