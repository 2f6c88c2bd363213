package dev.agentharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.clock.Durations;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.room.ParticipantKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON Schema and the parser describe the same format, so they cannot drift apart. */
class ScenarioSchemaTest {

  private static JsonValue.Obj schema;
  private static JsonValue.Obj defs;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = ScenarioParser.class.getClassLoader().getResourceAsStream(ScenarioParser.SCHEMA_RESOURCE)) {
      assertThat(in).as(ScenarioParser.SCHEMA_RESOURCE).isNotNull();
      schema = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    defs = obj(schema, "$defs");
  }

  @Test
  void isDraft2020WithTheDocumentedId() {
    assertThat(str(schema, "$schema")).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(str(schema, "$id")).isEqualTo(ScenarioParser.SCHEMA_ID);
  }

  @Test
  void allowsExactlyTheParsersKeysAtEveryLevel() {
    assertThat(keys(obj(schema, "properties"))).as("top level").isEqualTo(ScenarioParser.KEYS.get("scenario"));
    List<String> objectDefs = new ArrayList<>();
    for (JsonValue.Member m : defs.members()) {
      if (((JsonValue.Obj) m.value()).has("properties")) objectDefs.add(m.key());
    }
    List<String> parserObjects = new ArrayList<>(ScenarioParser.KEYS.keySet());
    parserObjects.remove("scenario");
    assertThat(objectDefs).as("object definitions").containsExactlyInAnyOrderElementsOf(parserObjects);
    for (String type : parserObjects) {
      assertThat(keys(obj(obj(defs, type), "properties"))).as(type).isEqualTo(ScenarioParser.KEYS.get(type));
    }
  }

  @Test
  void everyObjectIsClosedAndEveryKeyDescribed() {
    List<JsonValue.Obj> objects = new ArrayList<>(List.of(schema));
    ScenarioParser.KEYS.keySet().stream().filter(t -> !t.equals("scenario")).forEach(t -> objects.add(obj(defs, t)));
    for (JsonValue.Obj o : objects) {
      assertThat(o.get("additionalProperties")).isInstanceOf(JsonValue.Bool.class);
      assertThat(((JsonValue.Bool) o.get("additionalProperties")).value()).isFalse();
      assertThat(str(o, "description")).isNotBlank();
      for (JsonValue.Member key : obj(o, "properties").members()) {
        assertThat(str((JsonValue.Obj) key.value(), "description")).as(key.key()).isNotBlank();
      }
    }
  }

  @Test
  void enumsListEveryIdTheParserAccepts() {
    assertThat(enumOf(defs, "faultKind")).isEqualTo(ids(FaultKind.values(), FaultKind::id));
    assertThat(enumOf(defs, "faultTarget")).isEqualTo(ids(FaultKind.Target.values(), FaultKind.Target::id));
    assertThat(enumOf(prop("realtime", "provider"))).isEqualTo(ids(Providers.Realtime.values(), Providers.Named::id));
    assertThat(enumOf(prop("realtime", "dialect")))
        .isEqualTo(ids(Providers.OpenAiDialect.values(), Providers.Named::id));
    assertThat(enumOf(prop("stt", "provider"))).isEqualTo(ids(Providers.Stt.values(), Providers.Named::id));
    assertThat(enumOf(prop("llm", "provider"))).isEqualTo(ids(Providers.Llm.values(), Providers.Named::id));
    assertThat(enumOf(prop("tts", "provider"))).isEqualTo(ids(Providers.Tts.values(), Providers.Named::id));
    assertThat(enumOf(prop("tts", "transport"))).isEqualTo(ids(Providers.TtsTransport.values(), Providers.Named::id));
    assertThat(enumOf(prop("reply", "modality"))).isEqualTo(ids(Reply.Modality.values(), m -> lower(m.name())));
    JsonValue.Obj kind = prop("participant", "kind");
    assertThat(enumOf((JsonValue.Obj) ((JsonValue.Arr) kind.get("anyOf")).items().get(0)))
        .isEqualTo(ids(ParticipantKind.values(), k -> lower(k.name())));
    assertThat(((JsonValue.Arr) defs.get("faultKind").asObject("faultKind").get("enumDescriptions")).items())
        .hasSize(FaultKind.values().length);
  }

  @Test
  void faultTargetsPerKindMatchTheModel() {
    JsonValue.Arr rules = (JsonValue.Arr) obj(defs, "faultTargetsByKind").get("allOf");
    Map<String, List<String>> schemaTargets = rules.items().stream().map(r -> (JsonValue.Obj) r).collect(
        Collectors.toMap(r -> str(obj(obj(obj(r, "if"), "properties"), "kind"), "const"),
            r -> enumOf(obj(obj(obj(r, "then"), "properties"), "target"))));
    assertThat(schemaTargets).hasSize(FaultKind.values().length);
    for (FaultKind k : FaultKind.values()) {
      assertThat(schemaTargets.get(k.id())).as(k.id()).isEqualTo(ids(k.targets().toArray(FaultKind.Target[]::new),
          FaultKind.Target::id));
    }
  }

  @Test
  void thePatternsAcceptWhatTheParserAccepts() {
    Pattern duration = Pattern.compile(str(obj(defs, "duration"), "pattern"));
    Pattern time = Pattern.compile(str(obj(defs, "timeRef"), "pattern"));
    for (String ok : List.of("2.4s", "300ms", "1m30s", "1m30.5s", "1h", "250us", "10ns", "0s", "1.5min", ".5s")) {
      assertThat(duration.matcher(ok).matches()).as(ok).isTrue();
      Durations.parse(ok);
      assertThat(time.matcher(ok).matches()).as(ok).isTrue();
      TimeRef.parse(ok);
    }
    for (String bad : List.of("2,4s", "500", "-1s", "1 s", "s", "", "2x", "1.2.3s")) {
      assertThat(duration.matcher(bad).matches()).as(bad).isFalse();
      assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    for (String ok : List.of("end", "end+5s", "end-1s", "never", "end+1m30s")) {
      assertThat(time.matcher(ok).matches()).as(ok).isTrue();
      TimeRef.parse(ok);
    }
    for (String bad : List.of("end+", "ende", "soon", "END", "end+-1s", "end 5s")) {
      assertThat(time.matcher(bad).matches()).as(bad).isFalse();
      assertThatThrownBy(() -> TimeRef.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void documentedDefaultsAreTheModelsDefaults() {
    assertThat(description("turn", "pause")).contains("Default: \"" + Durations.format(Turn.DEFAULT_PAUSE) + "\"");
    assertThat(description("reply", "ttft")).contains("Default: \"" + Durations.format(Reply.DEFAULT_TTFT) + "\"");
    assertThat(description("reply", "ttfb")).contains("Default: \"" + Durations.format(Reply.DEFAULT_TTFB) + "\"");
    assertThat(description("reply", "chunk")).contains("Default: \"" + Durations.format(Reply.DEFAULT_CHUNK) + "\"");
    assertThat(description("reply", "text")).contains("Default: \"" + Reply.DEFAULT_TEXT + "\"");
    assertThat(description("user", "text")).contains("Default: \"" + UserSpeech.DEFAULT_TEXT + "\"");
    assertThat(description("room", "name")).contains("Default: \"" + RoomScript.DEFAULT_NAME + "\"");
    assertThat(str(obj(obj(schema, "properties"), "endPause"), "description"))
        .contains("Default: \"" + Durations.format(Scenario.DEFAULT_END_PAUSE) + "\"");
    assertThat(str(obj(obj(schema, "properties"), "origin"), "description"))
        .contains("Default: \"" + dev.agentharness.clock.SessionClock.DEFAULT_ORIGIN + "\"");
    TokenRates r = TokenRates.DEFAULTS;
    double[] rates = {r.openAiInputAudioPerSecond(), r.openAiOutputAudioPerSecond(), r.geminiInputAudioPerSecond(),
        r.geminiOutputAudioPerSecond(), r.charactersPerToken(), r.speechCharactersPerSecond(),
        r.speechOutputAudioPerSecond()};
    List<String> rateKeys = ScenarioParser.KEYS.get("rates");
    for (int i = 0; i < rates.length; i++) {
      assertThat(description("rates", rateKeys.get(i))).contains("Default: " + (long) rates[i] + ".");
    }
    for (Providers.Realtime p : Providers.Realtime.values()) {
      assertThat(description("realtime", "model")).contains(p.id() + ": \"" + p.defaultModel() + "\"");
    }
    for (Providers.Tts p : Providers.Tts.values()) {
      assertThat(description("tts", "model")).contains(p.id() + ": \"" + p.defaultModel() + "\"");
      assertThat(description("tts", "voice")).contains(p.id() + ": \"" + p.defaultVoice() + "\"");
    }
    assertThat(description("reply", "chunkGap"))
        .contains("Default: \"" + Durations.format(Reply.defaults().chunkGap()) + "\"");
  }

  // helpers

  private static JsonValue.Obj prop(String def, String key) {
    return obj(obj(obj(defs, def), "properties"), key);
  }

  private static String description(String def, String key) {
    return str(prop(def, key), "description");
  }

  private static JsonValue.Obj obj(JsonValue.Obj o, String key) {
    JsonValue v = o.get(key);
    assertThat(v).as(key).isInstanceOf(JsonValue.Obj.class);
    return (JsonValue.Obj) v;
  }

  private static String str(JsonValue.Obj o, String key) {
    JsonValue v = o.get(key);
    assertThat(v).as(key).isInstanceOf(JsonValue.Str.class);
    return ((JsonValue.Str) v).value();
  }

  private static List<String> keys(JsonValue.Obj o) {
    return o.members().stream().map(JsonValue.Member::key).toList();
  }

  private static List<String> enumOf(JsonValue.Obj o, String def) {
    return enumOf(obj(o, def));
  }

  private static List<String> enumOf(JsonValue.Obj o) {
    JsonValue v = o.get("enum");
    assertThat(v).isInstanceOf(JsonValue.Arr.class);
    return ((JsonValue.Arr) v).items().stream().map(i -> ((JsonValue.Str) i).value()).toList();
  }

  private static <E> List<String> ids(E[] values, java.util.function.Function<E, String> id) {
    return Arrays.stream(values).map(id).toList();
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
