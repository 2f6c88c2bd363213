package dev.agentharness.scenario;

import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.room.ParticipantKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads scenario JSON files (the format is documented in {@code docs/scenarios.md}; the JSON Schema is the
 * classpath resource {@value #SCHEMA_RESOURCE}). The reader is strict: unknown keys, wrong types, durations
 * without units and faults the agent cannot suffer are errors, each a {@link ScenarioException} that says
 * where, which key, what was found and what was expected:
 *
 * <pre>
 * scenarios/balance.json:12:18: turns[2].reply.audio: "2,4s" is not a duration (unexpected ','); expected e.g. ...
 * </pre>
 *
 * <pre>{@code
 * Scenario s = ScenarioParser.read(Path.of("scenarios/balance.json"));
 * Scenario t = ScenarioParser.readResource("scenarios/greeting.json", getClass().getClassLoader());
 * }</pre>
 */
public final class ScenarioParser {

  /** Where the JSON Schema for scenario files lives on the classpath. */
  public static final String SCHEMA_RESOURCE = "dev/agentharness/scenario/scenario.schema.json";

  /** The schema's {@code $id}, the value for a scenario file's {@code "$schema"} key. */
  public static final String SCHEMA_ID = "https://agentharness.dev/schema/scenario.schema.json";

  /** The keys each object allows, in documentation order. The schema test holds the schema to these. */
  static final Map<String, List<String>> KEYS = keys(
      "scenario", "$schema name description origin agent turns room faults rates endPause",
      "agent", "realtime stt llm tts",
      "realtime", "provider model dialect",
      "stt", "provider model",
      "llm", "provider model",
      "tts", "provider model voice transport",
      "turn", "user pause reply",
      "user", "text audio",
      "reply", "text audio modality ttft ttfb chunk chunkGap usage toolCalls interruptAfter faults",
      "usage", "inputText inputAudio inputImage cachedText cachedAudio cachedImage outputText outputAudio reasoning",
      "toolCall", "name arguments output",
      "fault", "kind target delay code reason times",
      "timedFault", "at kind target delay code reason times",
      "room", "name participants reconnects",
      "participant", "identity kind join leave",
      "reconnect", "identity at gap",
      "rates", "openAiInputAudioPerSecond openAiOutputAudioPerSecond geminiInputAudioPerSecond "
          + "geminiOutputAudioPerSecond charactersPerToken speechCharactersPerSecond speechOutputAudioPerSecond");

  /** Faults that reproduce Gemini Live behaviour only. */
  private static final Set<FaultKind> GEMINI_ONLY = EnumSet.of(FaultKind.TEXT_MODALITY_ONLY,
      FaultKind.OMIT_ZERO_MODALITIES, FaultKind.USAGE_CUMULATIVE, FaultKind.USAGE_REPEATED, FaultKind.GO_AWAY);

  private final String source;
  /** The scenario's agent, read before anything that refers to it (faults name its providers). */
  private Agent agent;

  private ScenarioParser(String source) {
    this.source = source;
  }

  /**
   * Parses scenario JSON.
   *
   * @param sourceName where the text came from, used in error messages (a file name)
   * @throws ScenarioException if the text is not JSON or not a valid scenario
   */
  public static Scenario parse(String json, String sourceName) {
    String text = json.startsWith("\uFEFF") ? json.substring(1) : json;
    JsonValue root;
    try {
      root = Json.parse(text);
    } catch (JsonException e) {
      throw new ScenarioException(sourceName, e.position().line(), e.position().column(), "", e.reason());
    }
    return new ScenarioParser(sourceName).scenario(new Cursor(sourceName, "", root));
  }

  /** Reads a UTF-8 scenario file; the source name in errors is {@code file} as given. */
  public static Scenario read(Path file) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ScenarioException(source, 0, 0, "", "no such file");
    } catch (IOException e) {
      throw new ScenarioException(source, 0, 0, "", "cannot be read (" + e + ")");
    }
    return parse(text, source);
  }

  /**
   * Reads a UTF-8 scenario from the classpath, e.g. {@code "scenarios/greeting.json"}; the source name in
   * errors is the resource path.
   */
  public static Scenario readResource(String classpathResource, ClassLoader loader) {
    String name = classpathResource.startsWith("/") ? classpathResource.substring(1) : classpathResource;
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) throw new ScenarioException(classpathResource, 0, 0, "", "no such classpath resource");
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), classpathResource);
    } catch (IOException e) {
      throw new ScenarioException(classpathResource, 0, 0, "", "cannot be read (" + e + ")");
    }
  }

  // one method per object type

  private Scenario scenario(Cursor c) {
    c.object(KEYS.get("scenario"));
    c.optional("$schema", Cursor::string); // for editors; ignored
    String name = c.required("name", "\"name\": \"balance-check\"", Cursor::nonEmptyString);
    String description = c.optional("description", Cursor::string);
    Instant origin = c.optional("origin", Cursor::instant);
    agent = c.required("agent", "\"agent\": {\"realtime\": {\"provider\": \"openai\"}}", this::agent);
    List<Turn> turns = c.optional("turns", t -> t.list(this::turn));
    RoomScript room = c.optional("room", this::room);
    List<TimedFault> faults = c.optional("faults", f -> f.list(this::timedFault));
    TokenRates rates = c.optional("rates", this::rates);
    Duration endPause = c.optional("endPause", Cursor::duration);
    return c.build(() -> new Scenario(name, description, origin, agent, turns == null ? List.of() : turns, room,
        faults, rates, endPause, source));
  }

  private Agent agent(Cursor c) {
    c.object(KEYS.get("agent"));
    Agent.RealtimeModel realtime = c.optional("realtime", this::realtime);
    Agent.SttModel stt = c.optional("stt", this::stt);
    Agent.LlmModel llm = c.optional("llm", this::llm);
    Agent.TtsModel tts = c.optional("tts", this::tts);
    return c.build(() -> new Agent(realtime, stt, llm, tts));
  }

  private Agent.RealtimeModel realtime(Cursor c) {
    c.object(KEYS.get("realtime"));
    Providers.Realtime provider = required(c, "a realtime provider", Providers.Realtime.values());
    String model = c.optional("model", Cursor::nonEmptyString);
    Providers.OpenAiDialect dialect = c.optional("dialect", d -> {
      if (provider != Providers.Realtime.OPENAI) throw d.error("only OpenAI Realtime has dialects; remove this key");
      return named(d, "an OpenAI Realtime dialect", Providers.OpenAiDialect.values());
    });
    return c.build(() -> new Agent.RealtimeModel(provider, model, dialect));
  }

  private Agent.SttModel stt(Cursor c) {
    c.object(KEYS.get("stt"));
    Providers.Stt provider = required(c, "an STT provider", Providers.Stt.values());
    String model = c.optional("model", Cursor::nonEmptyString);
    return c.build(() -> new Agent.SttModel(provider, model));
  }

  private Agent.LlmModel llm(Cursor c) {
    c.object(KEYS.get("llm"));
    Providers.Llm provider = required(c, "an LLM provider", Providers.Llm.values());
    String model = c.optional("model", Cursor::nonEmptyString);
    return c.build(() -> new Agent.LlmModel(provider, model));
  }

  private Agent.TtsModel tts(Cursor c) {
    c.object(KEYS.get("tts"));
    Providers.Tts provider = required(c, "a TTS provider", Providers.Tts.values());
    String model = c.optional("model", Cursor::nonEmptyString);
    String voice = c.optional("voice", Cursor::nonEmptyString);
    Providers.TtsTransport transport =
        c.optional("transport", t -> named(t, "a TTS transport", Providers.TtsTransport.values()));
    return c.build(() -> new Agent.TtsModel(provider, model, voice, transport));
  }

  private Turn turn(Cursor c) {
    c.object(KEYS.get("turn"));
    Cursor userCursor = c.get("user");
    UserSpeech user = userCursor == null ? new UserSpeech(null, null) : userCursor.isNull() ? null : user(userCursor);
    Duration pause = c.optional("pause", Cursor::duration);
    Reply reply = c.optional("reply", this::reply);
    return c.build(() -> new Turn(user, pause, reply == null ? Reply.defaults() : reply));
  }

  private UserSpeech user(Cursor c) {
    c.object(KEYS.get("user"));
    String text = c.optional("text", Cursor::string);
    Duration audio = c.optional("audio", Cursor::positiveDuration);
    return c.build(() -> new UserSpeech(text, audio));
  }

  private Reply reply(Cursor c) {
    c.object(KEYS.get("reply"));
    String text = c.optional("text", Cursor::string);
    Duration audio = c.optional("audio", Cursor::duration);
    Reply.Modality modality = c.optional("modality", m -> m.choice("a reply modality",
        List.of(Reply.Modality.values()), v -> v.name().toLowerCase(Locale.ROOT), false));
    Duration ttft = c.optional("ttft", Cursor::duration);
    Duration ttfb = c.optional("ttfb", Cursor::duration);
    Duration chunk = c.optional("chunk", Cursor::positiveDuration);
    Duration chunkGap = c.optional("chunkGap", Cursor::duration);
    TokenUsage usage = c.optional("usage", this::usage);
    List<ToolCall> toolCalls = c.optional("toolCalls", t -> t.list(this::toolCall));
    Duration interruptAfter = c.optional("interruptAfter", Cursor::duration);
    List<Fault> faults = c.optional("faults", f -> f.list(this::replyFault));
    return c.build(() -> new Reply(text, audio, modality, ttft, ttfb, chunk, chunkGap, usage, toolCalls,
        interruptAfter, faults));
  }

  private TokenUsage usage(Cursor c) {
    c.object(KEYS.get("usage"));
    return new TokenUsage(
        c.optional("inputText", Cursor::count), c.optional("inputAudio", Cursor::count),
        c.optional("inputImage", Cursor::count), c.optional("cachedText", Cursor::count),
        c.optional("cachedAudio", Cursor::count), c.optional("cachedImage", Cursor::count),
        c.optional("outputText", Cursor::count), c.optional("outputAudio", Cursor::count),
        c.optional("reasoning", Cursor::count));
  }

  private ToolCall toolCall(Cursor c) {
    c.object(KEYS.get("toolCall"));
    String name = c.required("name", "\"name\": \"get_balance\"", Cursor::nonEmptyString);
    String arguments = c.optional("arguments", Cursor::jsonObject);
    String output = c.optional("output", Cursor::jsonObject);
    return c.build(() -> new ToolCall(name, arguments, output));
  }

  /** A reply's fault: a kind id ({@code "usage-missing"}) or an object. */
  private Fault replyFault(Cursor c) {
    if (c.isString()) {
      FaultKind kind = faultKind(c);
      return fits(c, null, c.build(() -> Fault.of(kind)));
    }
    if (!c.isObject()) {
      throw c.error("expected a fault kind such as \"usage-missing\" or an object, found " + c.describe());
    }
    c.object(KEYS.get("fault"));
    return fault(c);
  }

  private TimedFault timedFault(Cursor c) {
    if (c.isString()) {
      throw c.error("a fault in the scenario's \"faults\" needs a time: write {\"at\": \"30s\", \"kind\": "
          + Cursor.quote(c.string()) + "}, or put it in a reply's \"faults\"");
    }
    c.object(KEYS.get("timedFault"));
    Duration at = c.required("at", "\"at\": \"30s\"", Cursor::duration);
    Fault fault = fault(c);
    return c.build(() -> new TimedFault(at, fault));
  }

  /** The fault keys shared by reply faults and timed faults. */
  private Fault fault(Cursor c) {
    FaultKind kind = c.required("kind", "\"kind\": \"usage-missing\"", this::faultKind);
    FaultKind.Target target = c.optional("target",
        t -> t.choice("a target of " + kind.id(), List.copyOf(kind.targets()), FaultKind.Target::id, false));
    Duration delay = c.optional("delay", Cursor::duration);
    Integer code = c.optional("code", k -> {
      if (kind != FaultKind.CLOSE) throw k.error("only close takes a code; remove this key");
      return k.intBetween(1000, 4999, "a WebSocket close code");
    });
    String reason = c.optional("reason", Cursor::string);
    Integer times = c.optional("times", k -> {
      if (kind != FaultKind.USAGE_REPEATED) throw k.error("only usage-repeated takes times; remove this key");
      return k.intBetween(1, 1000, "a number of times");
    });
    return fits(c.get("kind"), c.get("target"), c.build(() -> new Fault(kind, target, delay, code, reason, times)));
  }

  private FaultKind faultKind(Cursor c) {
    return c.choice("a fault kind", List.of(FaultKind.values()), FaultKind::id, false);
  }

  /**
   * Checks that the agent has the provider {@code fault} hits, and that the fault applies to that provider.
   * Problems are reported at the fault's kind, or at its target if one is written.
   */
  private Fault fits(Cursor kindCursor, Cursor targetCursor, Fault fault) {
    FaultKind kind = fault.kind();
    Set<FaultKind.Target> present = targets(agent);
    if (!present.contains(fault.target())) {
      List<String> usable = kind.targets().stream().filter(present::contains).map(FaultKind.Target::id).toList();
      String has = present.stream().map(FaultKind.Target::id).collect(Collectors.joining(", "));
      if (usable.isEmpty()) {
        throw kindCursor.error(kind.id() + " can only hit: " + ids(kind.targets()) + "; this agent has: " + has);
      }
      if (targetCursor != null) {
        throw targetCursor.error("this agent has no " + name(fault.target()) + " (it has: " + has + "); "
            + kind.id() + " can hit: " + String.join(", ", usable));
      }
      throw kindCursor.error(kind.id() + " hits the " + name(fault.target()) + " by default, which this agent does"
          + " not have (it has: " + has + "); set \"target\" to one of: " + String.join(", ", usable));
    }
    String mismatch = providerMismatch(kind);
    if (mismatch != null) throw kindCursor.error(mismatch);
    return fault;
  }

  /** Why {@code kind} cannot happen with this agent's provider, or {@code null}. */
  private String providerMismatch(FaultKind kind) {
    if (GEMINI_ONLY.contains(kind) && agent.isRealtime() && agent.realtime().provider() != Providers.Realtime.GEMINI) {
      return kind.id() + " reproduces Gemini Live behaviour; this agent's realtime provider is "
          + agent.realtime().provider().id();
    }
    if (kind == FaultKind.SESSION_EXPIRED && agent.isRealtime()
        && agent.realtime().provider() != Providers.Realtime.OPENAI) {
      return "session-expired is OpenAI's; for " + agent.realtime().provider().id() + " use go-away";
    }
    if (kind == FaultKind.QUOTA_EXCEEDED && agent.tts() != null && agent.tts().provider() != Providers.Tts.ELEVENLABS) {
      return "quota-exceeded reproduces ElevenLabs' quota error; this agent's TTS is " + agent.tts().provider().id();
    }
    return null;
  }

  private static Set<FaultKind.Target> targets(Agent agent) {
    Set<FaultKind.Target> targets = EnumSet.noneOf(FaultKind.Target.class);
    if (agent.realtime() != null) targets.add(FaultKind.Target.REALTIME);
    if (agent.stt() != null) targets.add(FaultKind.Target.STT);
    if (agent.llm() != null) targets.add(FaultKind.Target.LLM);
    if (agent.tts() != null) targets.add(FaultKind.Target.TTS);
    return targets;
  }

  private static String name(FaultKind.Target target) {
    return target == FaultKind.Target.REALTIME ? "realtime model" : target.name();
  }

  private static String ids(Set<FaultKind.Target> targets) {
    return targets.stream().map(FaultKind.Target::id).collect(Collectors.joining(", "));
  }

  private RoomScript room(Cursor c) {
    c.object(KEYS.get("room"));
    String name = c.optional("name", Cursor::nonEmptyString);
    List<RoomScript.ParticipantScript> participants = c.optional("participants", this::participants);
    if (participants == null) participants = RoomScript.defaults().participants();
    Set<String> identities = participants.stream().map(RoomScript.ParticipantScript::identity)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    List<RoomScript.Reconnect> reconnects = c.optional("reconnects", r -> r.list(item -> reconnect(item, identities)));
    List<RoomScript.ParticipantScript> all = participants;
    return c.build(() -> new RoomScript(name, all, reconnects));
  }

  private List<RoomScript.ParticipantScript> participants(Cursor c) {
    List<RoomScript.ParticipantScript> participants = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Cursor item : c.items()) {
      RoomScript.ParticipantScript p = participant(item);
      String first = seen.putIfAbsent(p.identity(), item.path());
      if (first != null) {
        throw item.get("identity").error(Cursor.quote(p.identity()) + " is already the identity of " + first
            + "; identities must be unique");
      }
      participants.add(p);
    }
    return participants;
  }

  private RoomScript.ParticipantScript participant(Cursor c) {
    c.object(KEYS.get("participant"));
    String identity = c.required("identity", "\"identity\": \"caller\"", Cursor::nonEmptyString);
    ParticipantKind kind = c.optional("kind", k -> k.choice("a LiveKit participant kind",
        List.of(ParticipantKind.values()), v -> v.name().toLowerCase(Locale.ROOT), true));
    TimeRef join = c.optional("join", j -> {
      TimeRef t = j.time();
      if (t.isNever()) throw j.error("a participant cannot join \"never\"; leave it out of the room instead");
      return t;
    });
    TimeRef leave = c.optional("leave", Cursor::time);
    return c.build(() -> new RoomScript.ParticipantScript(identity, kind, join, leave));
  }

  private RoomScript.Reconnect reconnect(Cursor c, Set<String> identities) {
    c.object(KEYS.get("reconnect"));
    String identity = c.required("identity", "\"identity\": \"agent\"", i -> {
      String id = i.nonEmptyString();
      if (identities.contains(id)) return id;
      String suggestion = Cursor.closest(id, identities);
      String hint = suggestion == null ? "participants here: "
          : "did you mean " + Cursor.quote(suggestion) + "? Participants here: ";
      throw i.error(Cursor.quote(id) + " is not a participant; " + hint + String.join(", ", identities));
    });
    Duration at = c.required("at", "\"at\": \"20s\"", Cursor::duration);
    Duration gap = c.required("gap", "\"gap\": \"2s\"", Cursor::positiveDuration);
    return c.build(() -> new RoomScript.Reconnect(identity, at, gap));
  }

  private TokenRates rates(Cursor c) {
    c.object(KEYS.get("rates"));
    TokenRates d = TokenRates.DEFAULTS;
    return c.build(() -> new TokenRates(
        rate(c, "openAiInputAudioPerSecond", d.openAiInputAudioPerSecond()),
        rate(c, "openAiOutputAudioPerSecond", d.openAiOutputAudioPerSecond()),
        rate(c, "geminiInputAudioPerSecond", d.geminiInputAudioPerSecond()),
        rate(c, "geminiOutputAudioPerSecond", d.geminiOutputAudioPerSecond()),
        rate(c, "charactersPerToken", d.charactersPerToken()),
        rate(c, "speechCharactersPerSecond", d.speechCharactersPerSecond()),
        rate(c, "speechOutputAudioPerSecond", d.speechOutputAudioPerSecond())));
  }

  private static double rate(Cursor c, String key, double defaultValue) {
    Double v = c.optional(key, Cursor::positiveNumber);
    return v == null ? defaultValue : v;
  }

  // helpers

  /** The required {@code "provider"} of a model object. */
  private static <E extends Enum<E> & Providers.Named> E required(Cursor c, String what, E[] values) {
    String ids = Arrays.stream(values).map(Providers.Named::id).collect(Collectors.joining(", "));
    String example = "\"provider\": \"" + values[0].id() + "\" (one of: " + ids + ")";
    return c.required("provider", example, p -> named(p, what, values));
  }

  private static <E extends Enum<E> & Providers.Named> E named(Cursor c, String what, E[] values) {
    return c.choice(what, List.of(values), Providers.Named::id, false);
  }

  private static Map<String, List<String>> keys(String... typeAndKeys) {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    for (int i = 0; i < typeAndKeys.length; i += 2) {
      keys.put(typeAndKeys[i], List.of(typeAndKeys[i + 1].split(" ")));
    }
    return Collections.unmodifiableMap(keys);
  }
}
