package dev.agentharness.scenario;

import dev.agentharness.clock.SessionClock;
import dev.agentharness.room.ParticipantKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One conversation: the agent's models, the turns, the room, faults at given times, and the rates that
 * derive usage not given explicitly.
 *
 * <pre>{@code
 * Scenario s = Scenario.builder("balance")
 *     .realtime(Providers.Realtime.OPENAI)
 *     .turn(t -> t.user("What's my balance?", ofSeconds(2))
 *                 .reply(r -> r.text("Your balance is 42 euros.").audio(ofMillis(2400))))
 *     .build();
 * }</pre>
 *
 * @param origin when virtual time starts
 * @param endPause silence after the last reply before the conversation ends
 * @param source where the scenario came from (a file, a classpath resource, or {@code "builder"})
 */
public record Scenario(
    String name,
    String description,
    Instant origin,
    Agent agent,
    List<Turn> turns,
    RoomScript room,
    List<TimedFault> faults,
    TokenRates rates,
    Duration endPause,
    String source) {

  public static final Duration DEFAULT_END_PAUSE = Duration.ofSeconds(1);

  public Scenario {
    Objects.requireNonNull(name, "name");
    if (description == null) description = "";
    if (origin == null) origin = SessionClock.DEFAULT_ORIGIN;
    Objects.requireNonNull(agent, "agent");
    turns = List.copyOf(turns);
    if (room == null) room = RoomScript.defaults();
    faults = faults == null ? List.of() : List.copyOf(faults);
    if (rates == null) rates = TokenRates.DEFAULTS;
    if (endPause == null) endPause = DEFAULT_END_PAUSE;
    if (endPause.isNegative()) throw new IllegalArgumentException("endPause must not be negative: " + endPause);
    if (source == null) source = "builder";
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.description = description;
    b.origin = origin;
    b.agent = agent;
    b.turns.addAll(turns);
    b.room = room;
    b.faults.addAll(faults);
    b.rates = rates;
    b.endPause = endPause;
    b.source = source;
    return b;
  }

  /** The replies in order: what the fakes play. */
  public List<Reply> replies() {
    return turns.stream().map(Turn::reply).toList();
  }

  /** Builds a {@link Scenario}. Without a room, an agent and a user are present from start to end. */
  public static final class Builder {
    private final String name;
    private String description;
    private Instant origin;
    private Agent agent;
    private final List<Turn> turns = new ArrayList<>();
    private RoomScript room;
    private final List<RoomScript.ParticipantScript> participants = new ArrayList<>();
    private final List<RoomScript.Reconnect> reconnects = new ArrayList<>();
    private final List<TimedFault> faults = new ArrayList<>();
    private TokenRates rates;
    private Duration endPause;
    private String source;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder origin(Instant origin) {
      this.origin = origin;
      return this;
    }

    public Builder agent(Agent agent) {
      this.agent = agent;
      return this;
    }

    /** A realtime model with its default model name (OpenAI: GA protocol). */
    public Builder realtime(Providers.Realtime provider) {
      return agent(Agent.realtime(Agent.RealtimeModel.of(provider)));
    }

    public Builder realtime(Providers.Realtime provider, String model) {
      return agent(Agent.realtime(new Agent.RealtimeModel(provider, model, null)));
    }

    /** The most common LiveKit pipeline with default models: Deepgram → OpenAI chat → {@code tts}. */
    public Builder pipeline(Providers.Tts tts) {
      return agent(Agent.pipeline(new Agent.SttModel(Providers.Stt.DEEPGRAM, null),
          new Agent.LlmModel(Providers.Llm.OPENAI, null), new Agent.TtsModel(tts, null, null, null)));
    }

    public Builder turn(Turn turn) {
      turns.add(Objects.requireNonNull(turn, "turn"));
      return this;
    }

    public Builder turn(UnaryOperator<Turn.Builder> spec) {
      return turn(spec.apply(Turn.builder()).build());
    }

    /** {@code count} default turns (handy for long scenarios). */
    public Builder turns(int count, UnaryOperator<Turn.Builder> spec) {
      for (int i = 0; i < count; i++) turn(spec);
      return this;
    }

    public Builder room(RoomScript room) {
      this.room = room;
      return this;
    }

    /** Adds a participant; once any is added the default agent and user are not. */
    public Builder participant(String identity, ParticipantKind kind, TimeRef join, TimeRef leave) {
      participants.add(new RoomScript.ParticipantScript(identity, kind, join, leave));
      return this;
    }

    public Builder reconnect(String identity, Duration at, Duration gap) {
      reconnects.add(new RoomScript.Reconnect(identity, at, gap));
      return this;
    }

    public Builder fault(Duration at, Fault fault) {
      faults.add(new TimedFault(at, fault));
      return this;
    }

    public Builder rates(TokenRates rates) {
      this.rates = rates;
      return this;
    }

    public Builder endPause(Duration endPause) {
      this.endPause = endPause;
      return this;
    }

    public Builder source(String source) {
      this.source = source;
      return this;
    }

    public Scenario build() {
      RoomScript r = room;
      if (r == null && !participants.isEmpty()) r = new RoomScript(null, participants, reconnects);
      if (r == null) r = RoomScript.defaults();
      if (room == null && participants.isEmpty() && !reconnects.isEmpty()) {
        r = new RoomScript(r.name(), r.participants(), reconnects);
      }
      if (agent == null) throw new IllegalStateException("scenario " + name + ": set realtime(...), pipeline(...) or agent(...)");
      return new Scenario(name, description, origin, agent, turns, r, faults, rates, endPause, source);
    }
  }
}
