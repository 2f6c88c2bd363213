package dev.agentharness.room;

import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import java.time.Instant;
import java.util.Objects;

/**
 * One LiveKit webhook: its name, id, creation time and the exact JSON body that is signed and posted.
 *
 * @param event e.g. {@value #PARTICIPANT_LEFT}
 * @param id the event id, {@code EV_…}
 * @param createdAt when it was created, in whole seconds as LiveKit sends it
 * @param body the wire JSON (protojson), byte for byte what is posted
 */
public record WebhookEvent(String event, String id, Instant createdAt, String body) {

  public static final String ROOM_STARTED = "room_started";
  public static final String ROOM_FINISHED = "room_finished";
  public static final String PARTICIPANT_JOINED = "participant_joined";
  public static final String PARTICIPANT_LEFT = "participant_left";
  public static final String PARTICIPANT_CONNECTION_ABORTED = "participant_connection_aborted";
  public static final String AGENT_JOB_STARTED = "agent_job_started";
  public static final String AGENT_JOB_ENDED = "agent_job_ended";

  public WebhookEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(body, "body");
  }

  /**
   * Reads the name, id and creation time of a webhook body (any LiveKit webhook, not only ours).
   *
   * @throws IllegalArgumentException if the body is not a JSON object with a string {@code event}
   */
  public static WebhookEvent parse(String body) {
    try {
      JsonValue.Obj o = Json.parseObject(body);
      JsonValue event = o.getPresent("event");
      if (event == null) throw new IllegalArgumentException("webhook body has no \"event\": " + abbreviate(body));
      JsonValue id = o.getPresent("id");
      return new WebhookEvent(event.asString("event"), id == null ? "" : id.asString("id"),
          Instant.ofEpochSecond(int64(o.getPresent("createdAt"), "createdAt")), body);
    } catch (JsonException e) {
      throw new IllegalArgumentException("webhook body is not valid: " + e.getMessage(), e);
    }
  }

  /** A protojson int64: a JSON string or number; absent means 0. */
  static long int64(JsonValue v, String what) {
    if (v == null) return 0;
    if (v instanceof JsonValue.Str s) {
      try {
        return Long.parseLong(s.value());
      } catch (NumberFormatException e) {
        throw new JsonException(what + ": expected an integer, found " + v.describe(), v.position());
      }
    }
    return v.asLong(what);
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  @Override
  public String toString() {
    return event + " " + id + " @" + createdAt + " " + abbreviate(body);
  }
}
