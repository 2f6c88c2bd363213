package dev.agentharness.room;

import dev.agentharness.internal.json.JsonWriter;
import java.time.Instant;

/**
 * Writes webhook events the way LiveKit's server does ({@code protojson.Marshal}, default options): keys in
 * lowerCamelCase in the order the {@code .proto} declares them, int64 as JSON strings, int32/uint32 as
 * numbers, enums by name, and fields with their default value (0, "", false, the 0 enum) left out.
 */
final class WebhookJson {

  private WebhookJson() {}

  /** A {@code livekit.Room} as it stands when an event is written. */
  record RoomInfo(String sid, String name, int emptyTimeout, int departureTimeout, Instant creationTime,
      int numParticipants) {}

  /** {@code ParticipantInfo.State}. */
  enum State {
    JOINING,
    JOINED,
    ACTIVE,
    DISCONNECTED
  }

  /** {@code JobStatus}. */
  enum JobStatus {
    JS_PENDING,
    JS_RUNNING,
    JS_SUCCESS,
    JS_FAILED
  }

  /** A {@code livekit.Job} of type {@code JT_ROOM}; {@code endedAt} is {@code null} while running. */
  record JobInfo(String id, RoomInfo room, String agentName, JobStatus status, String error, Instant startedAt,
      Instant endedAt, Instant updatedAt, String participantIdentity) {}

  static String event(String event, RoomInfo room, Participant participant, State state, DisconnectReason reason,
      JobInfo job, String id, Instant createdAt) {
    JsonWriter w = new JsonWriter().beginObject();
    string(w, "event", event);
    if (room != null) {
      w.name("room");
      room(w, room);
    }
    if (participant != null) {
      w.name("participant");
      participant(w, participant, state, reason);
    }
    // Job job = 12 (agent_job_*): where the newer .proto declares it is a guess (after track, before id);
    // key order does not matter to parsers
    if (job != null) {
      w.name("job");
      job(w, job);
    }
    string(w, "id", id);
    int64(w, "createdAt", createdAt.getEpochSecond());
    return w.endObject().toString();
  }

  private static void room(JsonWriter w, RoomInfo r) {
    w.beginObject();
    string(w, "sid", r.sid());
    string(w, "name", r.name());
    uint32(w, "emptyTimeout", r.emptyTimeout());
    uint32(w, "departureTimeout", r.departureTimeout());
    int64(w, "creationTime", r.creationTime().getEpochSecond());
    int64(w, "creationTimeMs", r.creationTime().toEpochMilli());
    uint32(w, "numParticipants", r.numParticipants());
    w.endObject();
  }

  private static void participant(JsonWriter w, Participant p, State state, DisconnectReason reason) {
    w.beginObject();
    string(w, "sid", p.sid());
    string(w, "identity", p.identity());
    enumeration(w, "state", state.name(), state.ordinal());
    int64(w, "joinedAt", p.joinedAt().getEpochSecond());
    int64(w, "joinedAtMs", p.joinedAt().toEpochMilli());
    enumeration(w, "kind", p.kind().name(), p.kind().number());
    if (reason != null) enumeration(w, "disconnectReason", reason.name(), reason.number());
    w.endObject();
  }

  private static void job(JsonWriter w, JobInfo j) {
    w.beginObject();
    string(w, "id", j.id());
    // type: JT_ROOM is the enum's 0 value, so protojson leaves it out
    w.name("room");
    room(w, j.room());
    string(w, "agentName", j.agentName());
    w.name("state").beginObject();
    enumeration(w, "status", j.status().name(), j.status().ordinal());
    string(w, "error", j.error());
    int64(w, "startedAt", nanos(j.startedAt()));
    int64(w, "endedAt", nanos(j.endedAt()));
    int64(w, "updatedAt", nanos(j.updatedAt()));
    string(w, "participantIdentity", j.participantIdentity());
    w.endObject();
    w.endObject();
  }

  /** Unix time in nanoseconds, as the OSS server stamps job times ({@code time.Now().UnixNano()}); 0 for null. */
  static long nanos(Instant t) {
    if (t == null) return 0;
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  private static void string(JsonWriter w, String name, String value) {
    if (value != null && !value.isEmpty()) w.field(name, value);
  }

  private static void int64(JsonWriter w, String name, long value) {
    if (value != 0) w.field(name, Long.toString(value));
  }

  private static void uint32(JsonWriter w, String name, int value) {
    if (value != 0) w.field(name, (long) value);
  }

  private static void enumeration(JsonWriter w, String name, String valueName, int number) {
    if (number != 0) w.field(name, valueName);
  }
}
