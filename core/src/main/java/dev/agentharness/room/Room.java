package dev.agentharness.room;

import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.room.WebhookJson.JobInfo;
import dev.agentharness.room.WebhookJson.JobStatus;
import dev.agentharness.room.WebhookJson.RoomInfo;
import dev.agentharness.room.WebhookJson.State;
import dev.agentharness.scenario.RoomScript;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A simulated LiveKit room on a {@link SessionClock}: participants join and leave at the clock's now, the
 * room tells its listeners ({@link RoomEvent}s), writes LiveKit webhooks ({@link WebhookEvent}s) and
 * measures how long its agents stood in it ({@link #standingTime()}).
 *
 * <pre>{@code
 * Room room = new Room(clock, "support-call");
 * room.onWebhook(new WebhookSender(url, new WebhookSigner(key, secret)));
 * RoomPlayback playback = room.play(scenario.room());
 * ... the conversation runs ...
 * playback.conversationEnded(clock.now());
 * StandingTime st = room.standingTime();
 * }</pre>
 *
 * <p>Every change happens on the calling thread (usually the clock's) and listeners are called on it, in
 * order, before the change returns; they should be quick. Ids ({@code RM_}, {@code PA_}, {@code AJ_},
 * {@code EV_}) come from the seed, so the same run gives the same ids and the same webhook bodies.
 *
 * <p>The room starts ({@code room_started}) with its first participant and finishes ({@code room_finished})
 * when the last one leaves with no reconnect pending, or on {@link #close()}. A later join starts it again
 * with a new sid. Unlike a real server, it does not wait a departure timeout before finishing.
 */
public final class Room {

  /** LiveKit's default {@code empty_timeout}, seconds; sent in the room object. */
  static final int EMPTY_TIMEOUT = 300;
  /** LiveKit's default {@code departure_timeout}, seconds; sent in the room object. */
  static final int DEPARTURE_TIMEOUT = 20;

  private final SessionClock clock;
  private final Scheduler scheduler;
  private final String name;
  private final Ids ids;
  private final List<Consumer<RoomEvent>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<WebhookEvent>> webhookListeners = new CopyOnWriteArrayList<>();

  // all guarded by this
  private String sid; // the running instance; null when not running
  private Instant creationTime;
  private final Map<String, Stay> present = new LinkedHashMap<>();
  private final Map<String, Object> pendingRejoins = new HashMap<>(); // identity -> token
  private final Map<String, Scheduler.Scheduled> rejoinActions = new HashMap<>();
  private final List<Stay> stays = new ArrayList<>(); // every presence, in join order
  private final List<WebhookEvent> webhooks = new ArrayList<>();
  private Instant sessionStartedAt;
  private Instant sessionClosedAt;
  private CloseReason sessionCloseReason;

  /** A room whose ids are seeded from its name. */
  public Room(SessionClock clock, String name) {
    this(clock, name, name.hashCode());
  }

  /**
   * @param seed seeds the room, participant, job and event ids
   */
  public Room(SessionClock clock, String name, long seed) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.name = Objects.requireNonNull(name, "name");
    this.scheduler = clock.scheduler("room " + name);
    this.ids = new Ids(seed);
  }

  public String name() {
    return name;
  }

  SessionClock clock() {
    return clock;
  }

  /** The running room's sid ({@code RM_…}), or empty before the first join and after it finished. */
  public synchronized Optional<String> sid() {
    return Optional.ofNullable(sid);
  }

  /** Calls {@code listener} with every {@link RoomEvent} from now on. */
  public void addListener(Consumer<RoomEvent> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Calls {@code listener} with every webhook from now on, e.g. a {@link WebhookSender}. */
  public void onWebhook(Consumer<WebhookEvent> listener) {
    webhookListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Every webhook so far, in order. */
  public synchronized List<WebhookEvent> webhooks() {
    return List.copyOf(webhooks);
  }

  /** The participants in the room now, in order of joining. */
  public synchronized List<Participant> participants() {
    return present.values().stream().map(s -> s.participant).toList();
  }

  public synchronized boolean isPresent(String identity) {
    return present.containsKey(identity);
  }

  /**
   * {@code identity} joins now. An agent also gets a job ({@code agent_job_started}, then its
   * {@code participant_joined}).
   *
   * @throws IllegalStateException if it is already in the room
   */
  public synchronized Participant join(String identity, ParticipantKind kind) {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(kind, "kind");
    if (present.containsKey(identity)) {
      throw new IllegalStateException("\"" + identity + "\" is already in room " + name);
    }
    cancelRejoin(identity);
    Instant now = clock.now();
    startIfNeeded(now);
    Participant p = new Participant(ids.next("PA_"), identity, kind, now);
    Stay stay = new Stay(p, p.isAgent() ? ids.next("AJ_") : null);
    present.put(identity, stay);
    stays.add(stay);
    if (p.isAgent()) {
      webhook(WebhookEvent.AGENT_JOB_STARTED, null, null, null, job(stay, now), now);
    }
    webhook(WebhookEvent.PARTICIPANT_JOINED, p, State.ACTIVE, null, null, now);
    RoomEvent e = new RoomEvent.ParticipantJoined(now, p);
    for (Consumer<RoomEvent> l : listeners) l.accept(e);
    return p;
  }

  /** {@code identity} leaves now, {@link DisconnectReason#CLIENT_INITIATED}. */
  public void leave(String identity) {
    leave(identity, DisconnectReason.CLIENT_INITIATED);
  }

  /**
   * {@code identity} leaves now for {@code reason}. If it is away in a {@link #reconnect} gap, it will not
   * come back (and nothing is sent: it has already left).
   *
   * @throws IllegalStateException if it is neither in the room nor reconnecting
   */
  public synchronized void leave(String identity, DisconnectReason reason) {
    Objects.requireNonNull(reason, "reason");
    if (!present.containsKey(identity)) {
      if (!cancelRejoin(identity)) throw new IllegalStateException("\"" + identity + "\" is not in room " + name);
      finishIfEmpty(clock.now());
      return;
    }
    depart(identity, reason, clock.now());
    finishIfEmpty(clock.now());
  }

  /**
   * {@code identity} drops out now ({@link DisconnectReason#SIGNAL_CLOSE}) and joins again {@code gap}
   * later, on the clock, as a new presence with a new sid. The room does not finish during the gap.
   *
   * @throws IllegalStateException if it is not in the room
   */
  public synchronized void reconnect(String identity, Duration gap) {
    if (gap.isNegative()) throw new IllegalArgumentException("negative reconnect gap: " + gap);
    Stay stay = present.get(identity);
    if (stay == null) throw new IllegalStateException("\"" + identity + "\" is not in room " + name);
    ParticipantKind kind = stay.participant.kind();
    Object token = new Object();
    pendingRejoins.put(identity, token);
    depart(identity, DisconnectReason.SIGNAL_CLOSE, clock.now());
    rejoinActions.put(identity, scheduler.after(gap, () -> {
      synchronized (this) {
        if (pendingRejoins.get(identity) != token) return;
        pendingRejoins.remove(identity);
        rejoinActions.remove(identity);
        join(identity, kind);
      }
    }));
  }

  /**
   * A participant that tried to join now and never became active: LiveKit sends
   * {@code participant_connection_aborted} (and no {@code participant_joined}). It has no presence.
   *
   * @throws IllegalStateException if that identity is in the room
   */
  public synchronized Participant connectionAborted(String identity, ParticipantKind kind) {
    if (present.containsKey(identity)) {
      throw new IllegalStateException("\"" + identity + "\" is already in room " + name);
    }
    Instant now = clock.now();
    startIfNeeded(now);
    Participant p = new Participant(ids.next("PA_"), identity, kind, now);
    webhook(WebhookEvent.PARTICIPANT_CONNECTION_ABORTED, p, State.DISCONNECTED, DisconnectReason.JOIN_FAILURE, null,
        now);
    finishIfEmpty(now);
    return p;
  }

  /**
   * Closes the room now (as LiveKit's {@code DeleteRoom}): everyone still in it leaves with
   * {@link DisconnectReason#ROOM_DELETED}, pending reconnects are dropped, and {@code room_finished} is sent.
   * A later join starts the room again with a new sid.
   */
  public synchronized void close() {
    Instant now = clock.now();
    for (String identity : new ArrayList<>(pendingRejoins.keySet())) cancelRejoin(identity);
    for (String identity : new ArrayList<>(present.keySet())) depart(identity, DisconnectReason.ROOM_DELETED, now);
    finishIfEmpty(now);
  }

  /** The agent session started now (LiveKit's {@code AgentSession.started_at}). */
  public synchronized void sessionStarted() {
    sessionStartedAt = clock.now();
  }

  /** The agent session closed now (its {@code close} event). */
  public synchronized void sessionClosed(CloseReason reason) {
    sessionClosedAt = clock.now();
    sessionCloseReason = Objects.requireNonNull(reason, "reason");
  }

  /** Standing time as of the clock's now; an agent that has not left is reported still present. */
  public StandingTime standingTime() {
    return standingTime(clock.now());
  }

  /** Standing time as of {@code at}; presences still open are measured up to it. */
  public synchronized StandingTime standingTime(Instant at) {
    Map<String, List<StandingTime.Presence>> byIdentity = new LinkedHashMap<>();
    Map<String, Duration> jobs = new LinkedHashMap<>();
    for (Stay s : stays) {
      if (!s.participant.isAgent() || s.participant.joinedAt().isAfter(at)) continue;
      String identity = s.participant.identity();
      boolean open = s.leftAt == null || s.leftAt.isAfter(at);
      byIdentity.computeIfAbsent(identity, k -> new ArrayList<>())
          .add(new StandingTime.Presence(s.participant.sid(), s.participant.joinedAt(), open ? at : s.leftAt, open));
      if (!open) jobs.merge(identity, Duration.between(s.participant.joinedAt(), s.leftAt), Duration::plus);
    }
    Map<String, StandingTime.AgentStanding> agents = new LinkedHashMap<>();
    byIdentity.forEach((identity, list) -> agents.put(identity,
        new StandingTime.AgentStanding(identity, list, Optional.ofNullable(jobs.get(identity)))));
    boolean closed = sessionClosedAt != null && !sessionClosedAt.isAfter(at);
    return new StandingTime(at, agents,
        Optional.ofNullable(sessionStartedAt).filter(t -> !t.isAfter(at)),
        closed ? Optional.of(sessionClosedAt) : Optional.empty(),
        closed ? Optional.of(sessionCloseReason) : Optional.empty());
  }

  /** Plays {@code script} with its start at the clock's now; see {@link RoomPlayback}. */
  public RoomPlayback play(RoomScript script) {
    return play(script, clock.now());
  }

  /**
   * Schedules the script's joins, leaves and reconnects on the clock, with {@code "2s"} meaning
   * {@code start + 2s}. Times relative to the end of the conversation wait for
   * {@link RoomPlayback#conversationEnded}; {@code never} is never scheduled.
   */
  public RoomPlayback play(RoomScript script, Instant start) {
    return new RoomPlayback(this, scheduler, script, start);
  }

  // --- internals, called with the lock held ---

  private void depart(String identity, DisconnectReason reason, Instant now) {
    Stay stay = present.remove(identity);
    stay.leftAt = now;
    stay.reason = reason;
    Participant p = stay.participant;
    webhook(WebhookEvent.PARTICIPANT_LEFT, p, State.DISCONNECTED, reason, null, now);
    if (p.isAgent()) webhook(WebhookEvent.AGENT_JOB_ENDED, null, null, null, job(stay, now), now);
    RoomEvent e = new RoomEvent.ParticipantLeft(now, p, reason);
    for (Consumer<RoomEvent> l : listeners) l.accept(e);
  }

  private boolean cancelRejoin(String identity) {
    Object token = pendingRejoins.remove(identity);
    Scheduler.Scheduled action = rejoinActions.remove(identity);
    if (action != null) action.cancel();
    return token != null;
  }

  private void startIfNeeded(Instant now) {
    if (sid != null) return;
    sid = ids.next("RM_");
    creationTime = now;
    webhook(WebhookEvent.ROOM_STARTED, null, null, null, null, now);
  }

  private void finishIfEmpty(Instant now) {
    if (sid == null || !present.isEmpty() || !pendingRejoins.isEmpty()) return;
    webhook(WebhookEvent.ROOM_FINISHED, null, null, null, null, now);
    sid = null;
    creationTime = null;
  }

  private RoomInfo roomInfo() {
    return new RoomInfo(sid, name, EMPTY_TIMEOUT, DEPARTURE_TIMEOUT, creationTime, present.size());
  }

  private JobInfo job(Stay stay, Instant now) {
    boolean ended = stay.leftAt != null;
    boolean failed = stay.reason == DisconnectReason.AGENT_ERROR;
    JobStatus status = !ended ? JobStatus.JS_RUNNING : failed ? JobStatus.JS_FAILED : JobStatus.JS_SUCCESS;
    return new JobInfo(stay.jobId, roomInfo(), "", status, failed ? "agent error" : "",
        stay.participant.joinedAt(), ended ? stay.leftAt : null, now, stay.participant.identity());
  }

  private void webhook(String event, Participant p, State state, DisconnectReason reason, JobInfo job, Instant now) {
    String id = ids.next("EV_");
    String body = WebhookJson.event(event, roomInfo(), p, state, reason, job, id, now);
    WebhookEvent e = new WebhookEvent(event, id, Instant.ofEpochSecond(now.getEpochSecond()), body);
    webhooks.add(e);
    for (Consumer<WebhookEvent> l : webhookListeners) l.accept(e);
  }

  @Override
  public synchronized String toString() {
    return "Room[" + name + (sid == null ? "" : " " + sid) + ", present " + present.keySet()
        + (pendingRejoins.isEmpty() ? "" : ", reconnecting " + pendingRejoins.keySet()) + "]";
  }

  /** One presence: the participant, its agent job, and when and why it left. */
  private static final class Stay {
    final Participant participant;
    final String jobId;
    Instant leftAt;
    DisconnectReason reason;

    Stay(Participant participant, String jobId) {
      this.participant = participant;
      this.jobId = jobId;
    }
  }
}
