package dev.agentharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/** Every way a scenario file can be wrong, with the exact message: where, which key, what was found, what expected. */
class ScenarioParserErrorTest {

  private static final String SOURCE = "scenarios/x.json";

  private static ScenarioException error(String json) {
    try {
      ScenarioParser.parse(json, SOURCE);
    } catch (ScenarioException e) {
      return e;
    }
    return fail("no error for " + json);
  }

  /** JSON written with single quotes, for readability. */
  private static String json(String singleQuoted) {
    return singleQuoted.replace('\'', '"');
  }

  /** A realtime OpenAI scenario on lines 1-2, with {@code rest} (single-quoted JSON) from line 3 on. */
  private static String realtime(String rest) {
    return json("{'name': 'x',\n 'agent': {'realtime': {'provider': 'openai'}},\n" + rest + "\n}");
  }

  /** A Deepgram → OpenAI → ElevenLabs scenario on lines 1-3, with {@code rest} from line 4 on. */
  private static String pipeline(String rest) {
    return json("{'name': 'x',\n 'agent': {'stt': {'provider': 'deepgram'}, 'llm': {'provider': 'openai'},\n"
        + "           'tts': {'provider': 'elevenlabs'}},\n" + rest + "\n}");
  }

  @Test
  void aBadDurationNamesFileLineColumnPathValueAndAnExample() {
    ScenarioException e = error("""
        {
          "name": "balance",
          "agent": {"realtime": {"provider": "openai"}},
          "turns": [
            {"user": {"text": "Hi"}},
            {"user": null},
            {
              "user": {"text": "What's my balance?"},
              "pause": "1s",
              "reply": {
                "text": "Your balance is 42 euros.",
                "audio": "2,4s",
                "ttft": "300ms"
              }
            }
          ]
        }
        """);

    assertThat(e).hasMessage("scenarios/x.json:12:18: turns[2].reply.audio:"
        + " \"2,4s\" is not a duration (unexpected ','); expected e.g. \"2.4s\", \"300ms\" or \"1m30s\"");
    assertThat(e.source()).isEqualTo(SOURCE);
    assertThat(e.line()).isEqualTo(12);
    assertThat(e.column()).isEqualTo(18);
    assertThat(e.path()).isEqualTo("turns[2].reply.audio");
    assertThat(e.problem()).startsWith("\"2,4s\" is not a duration");
  }

  @Test
  void aNumberIsNotADuration() {
    assertThat(error(realtime(" 'turns': [{'pause': 500}]"))).hasMessage(
        "scenarios/x.json:3:22: turns[0].pause: expected a duration string such as \"500ms\", found 500");
    assertThat(error(realtime(" 'endPause': null"))).hasMessage(
        "scenarios/x.json:3:14: endPause: expected a duration string such as \"500ms\", found null");
    assertThat(error(realtime(" 'turns': [{'pause': '-1s'}]"))).hasMessage(
        "scenarios/x.json:3:22: turns[0].pause: \"-1s\" is not a duration (expected a number at '-1s');"
            + " expected e.g. \"2.4s\", \"300ms\" or \"1m30s\"");
  }

  @Test
  void durationsThatMustBePositive() {
    assertThat(error(realtime(" 'turns': [{'user': {'audio': '0s'}, 'reply': {'chunk': '100ms'}}]")))
        .hasMessage("scenarios/x.json:3:31: turns[0].user.audio: \"0s\" is zero;"
            + " expected a duration longer than zero, such as \"100ms\"");
    assertThat(error(realtime(" 'turns': [{'reply': {'chunk': '0ms'}}]")))
        .hasMessage("scenarios/x.json:3:32: turns[0].reply.chunk: \"0ms\" is zero;"
            + " expected a duration longer than zero, such as \"100ms\"");
  }

  @Test
  void anUnknownKeyGetsADidYouMeanAndTheKeysAllowedThere() {
    ScenarioException e = error(realtime("""
         "turns": [
           {"reply": {"text": "Hi", "ttfT": "300ms"}}
         ]"""));

    assertThat(e).hasMessage("scenarios/x.json:4:28: turns[0].reply.ttfT: unknown key; did you mean \"ttft\"?"
        + " Keys here: text, audio, modality, ttft, ttfb, chunk, chunkGap, usage, toolCalls, interruptAfter, faults");
    assertThat(e.path()).isEqualTo("turns[0].reply.ttfT");
  }

  @Test
  void didYouMeanCoversCaseTyposTranspositionsAndPrefixes() {
    assertThat(error(json("{'Name': 'x'}")).problem()).startsWith("unknown key; did you mean \"name\"?");
    assertThat(error(realtime(" 'turns': [{'reply': {'chunkgap': '1s'}}]")).problem())
        .startsWith("unknown key; did you mean \"chunkGap\"?");
    assertThat(error(realtime(" 'turns': [{'reply': {'interrupt': '1s'}}]")).problem())
        .startsWith("unknown key; did you mean \"interruptAfter\"?");
    assertThat(error(realtime(" 'turns': [{'reply': {'tetx': 'Hi'}}]")).problem())
        .startsWith("unknown key; did you mean \"text\"?");
    assertThat(error(realtime(" 'endpuase': '1s'")).problem())
        .startsWith("unknown key; did you mean \"endPause\"?");
  }

  @Test
  void farOffKeysGetNoSuggestionButStillTheList() {
    assertThat(error(realtime(" 'colour': 'red'"))).hasMessage("scenarios/x.json:3:2: colour: unknown key;"
        + " keys here: $schema, name, description, origin, agent, turns, room, faults, rates, endPause");
  }

  @Test
  void anUnknownEnumValueGetsADidYouMeanAndTheChoices() {
    assertThat(error("""
        {"name": "x",
         "agent": {"realtime": {"provider": "openia"}}}
        """)).hasMessage("scenarios/x.json:2:37: agent.realtime.provider: \"openia\" is not a realtime provider;"
        + " did you mean \"openai\"? Expected one of: openai, gemini");
    assertThat(error(json("{'name': 'x', 'agent': {'realtime': {'provider': 'azure'}}}")).problem())
        .isEqualTo("\"azure\" is not a realtime provider; expected one of: openai, gemini");
    assertThat(error(json("{'name': 'x', 'agent': {'realtime': {'provider': 1}}}")).problem())
        .isEqualTo("expected a realtime provider (one of: openai, gemini), found 1");
    assertThat(error(realtime(" 'turns': [{'reply': {'modality': 'AUDIO'}}]")).problem())
        .isEqualTo("\"AUDIO\" is not a reply modality; did you mean \"audio\"? Expected one of: audio, text");
    assertThat(error(json("{'name': 'x',"
        + " 'agent': {'llm': {'provider': 'openai'}, 'tts': {'provider': 'eleven-labs'}}}")).problem())
        .isEqualTo("\"eleven-labs\" is not a TTS provider; did you mean \"elevenlabs\"?"
            + " Expected one of: openai, elevenlabs, cartesia");
  }

  @Test
  void anUnknownFaultKindGetsADidYouMean() {
    ScenarioException e = error(realtime(" 'turns': [{'reply': {'faults': ['usage-mising']}}]"));

    assertThat(e.path()).isEqualTo("turns[0].reply.faults[0]");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.column()).isEqualTo(34);
    assertThat(e.problem()).startsWith("\"usage-mising\" is not a fault kind; did you mean \"usage-missing\"?"
        + " Expected one of: usage-missing, cancelled-partial-usage, ");
  }

  @Test
  void missingRequiredKeysAreReportedAtTheirObject() {
    assertThat(error(json("{'name': 'x'}"))).hasMessage(
        "scenarios/x.json:1:1: missing required key \"agent\";"
            + " e.g. \"agent\": {\"realtime\": {\"provider\": \"openai\"}}");
    assertThat(error(json("{'agent': {'realtime': {'provider': 'openai'}}}")).problem())
        .isEqualTo("missing required key \"name\"; e.g. \"name\": \"balance-check\"");
    assertThat(error(json("{'name': 'x',\n 'agent': {'realtime': {}}}"))).hasMessage(
        "scenarios/x.json:2:24: agent.realtime: missing required key \"provider\";"
            + " e.g. \"provider\": \"openai\" (one of: openai, gemini)");
    assertThat(error(realtime(" 'turns': [{'reply': {'faults': [{'target': 'realtime'}]}}]"))).hasMessage(
        "scenarios/x.json:3:34: turns[0].reply.faults[0]: missing required key \"kind\";"
            + " e.g. \"kind\": \"usage-missing\"");
  }

  @Test
  void wrongJsonTypes() {
    assertThat(error("[]")).hasMessage("scenarios/x.json:1:1: expected an object, found an array");
    assertThat(error(realtime(" 'turns': {}"))).hasMessage(
        "scenarios/x.json:3:11: turns: expected an array, found an object");
    assertThat(error(realtime(" 'turns': [{'user': 'hi'}]"))).hasMessage(
        "scenarios/x.json:3:21: turns[0].user: expected an object, found \"hi\"");
    assertThat(error(realtime(" 'description': 3")).problem()).isEqualTo("expected a string, found 3");
    assertThat(error(json("{'name': ''}")))
        .hasMessage("scenarios/x.json:1:10: name: expected a non-empty string, found \"\"");
    assertThat(error(realtime(" 'turns': [{'reply': {'toolCalls': [{'name': 'f', 'arguments': '{}'}]}}]")))
        .hasMessage("scenarios/x.json:3:64: turns[0].reply.toolCalls[0].arguments: expected an object, found \"{}\"");
    assertThat(error(realtime(" 'origin': '2026-01-01'"))).hasMessage(
        "scenarios/x.json:3:12: origin: \"2026-01-01\" is not an instant; expected e.g. \"2026-01-01T00:00:00Z\"");
  }

  @Test
  void syntaxErrorsBecomeScenarioExceptionsWithThePosition() {
    assertThat(error(json("{'name': 'x',\n  'agent': {}\n  'turns': []}"))).hasMessage(
        "scenarios/x.json:3:3: unexpected '\"'; expected ',' or '}'");
    assertThat(error(json("{'name': 'x', }")))
        .hasMessage("scenarios/x.json:1:15: unexpected '}'; expected a key in quotes");
    assertThat(error(json("{'name': 'x',\n 'name': 'y'}"))).hasMessage(
        "scenarios/x.json:2:2: duplicate key \"name\" (first at 1:2)");
    assertThat(error("")).hasMessage("scenarios/x.json:1:1: unexpected end of input; expected a value");
    ScenarioException e = error(json("{'name': 'x',\n  'agent': {}\n  'turns': []}"));
    assertThat(e.path()).isEmpty();
    assertThat(e.line()).isEqualTo(3);
  }

  @Test
  void modelValidationIsReportedAtTheObjectConcerned() {
    assertThat(error("""
        {"name": "x",
         "agent": {"realtime": {"provider": "openai"}, "llm": {"provider": "openai"}}}
        """)).hasMessage("scenarios/x.json:2:11: agent:"
        + " an agent has either a realtime model or an STT/LLM/TTS pipeline, not both");
    assertThat(error(json("{'name': 'x', 'agent': {}}"))).hasMessage(
        "scenarios/x.json:1:24: agent: an agent needs a realtime model or a pipeline LLM");
    assertThat(error("""
        {"name": "x",
         "agent": {"llm": {"provider": "openai"},
                   "tts": {"provider": "openai", "transport": "websocket"}}}
        """)).hasMessage("scenarios/x.json:3:19: agent.tts: OpenAI speech has no WebSocket transport; use http");
    assertThat(error(realtime(" 'turns': [{'reply': {'modality': 'text', 'audio': '2s'}}]"))).hasMessage(
        "scenarios/x.json:3:22: turns[0].reply: a text-only reply has no audio, but audio is 2s");
  }

  @Test
  void aFaultTargetTheKindCannotHit() {
    assertThat(error(realtime(" 'turns': [{'reply': {'faults': [{'kind': 'usage-missing', 'target': 'tts'}]}}]")))
        .hasMessage("scenarios/x.json:3:70: turns[0].reply.faults[0].target: \"tts\" is not a target of usage-missing;"
            + " expected one of: realtime");
  }

  @Test
  void aFaultMustHitAProviderTheAgentHas() {
    assertThat(error(pipeline(" 'turns': [{'reply': {'faults': ['disconnect-mid-response']}}]"))).hasMessage(
        "scenarios/x.json:4:34: turns[0].reply.faults[0]: disconnect-mid-response hits the realtime model by default,"
            + " which this agent does not have (it has: stt, llm, tts); set \"target\" to one of: stt, llm, tts");
    assertThat(error(pipeline(" 'turns': [{'reply': {'faults': ['usage-missing']}}]")).problem())
        .isEqualTo("usage-missing can only hit: realtime; this agent has: stt, llm, tts");
    assertThat(error(json("{'name': 'x', 'agent': {'llm': {'provider': 'openai'}},"
        + " 'turns': [{'reply': {'faults': [{'kind': 'http-500', 'target': 'tts'}]}}]}")))
        .hasMessage("scenarios/x.json:1:120: turns[0].reply.faults[0].target: this agent has no TTS (it has: llm);"
            + " http-500 can hit: llm");
    assertThat(error(realtime(" 'faults': [{'at': '3s', 'kind': 'http-401'}]")).problem())
        .isEqualTo("http-401 can only hit: stt, llm, tts; this agent has: realtime");
  }

  @Test
  void aFaultMustFitTheProvider() {
    assertThat(error(realtime(" 'turns': [{'reply': {'faults': ['text-modality-only']}}]"))).hasMessage(
        "scenarios/x.json:3:34: turns[0].reply.faults[0]: text-modality-only reproduces Gemini Live behaviour;"
            + " this agent's realtime provider is openai");
    assertThat(error(json("{'name': 'x', 'agent': {'realtime': {'provider': 'gemini'}},"
        + " 'faults': [{'at': '3s', 'kind': 'session-expired'}]}"))).hasMessage(
        "scenarios/x.json:1:94: faults[0].kind: session-expired is OpenAI's; for gemini use go-away");
    assertThat(error(json("{'name': 'x', 'agent': {'llm': {'provider': 'openai'}, 'tts': {'provider': 'cartesia'}},"
        + " 'turns': [{'reply': {'faults': ['quota-exceeded']}}]}")).problem())
        .isEqualTo("quota-exceeded reproduces ElevenLabs' quota error; this agent's TTS is cartesia");
  }

  @Test
  void faultParametersMustFitTheKind() {
    assertThat(error(realtime(" 'turns': [{'reply': {'faults': [{'kind': 'usage-missing', 'code': 1011}]}}]")))
        .hasMessage("scenarios/x.json:3:68: turns[0].reply.faults[0].code: only close takes a code; remove this key");
    assertThat(error(realtime(" 'turns': [{'reply': {'faults': [42]}}]")).problem())
        .isEqualTo("expected a fault kind such as \"usage-missing\" or an object, found 42");
    assertThat(error(realtime(" 'turns': [{'reply': {'faults': [{'kind': 'close', 'code': 99}]}}]")).problem())
        .isEqualTo("99 is out of range; expected a WebSocket close code from 1000 to 4999");
    assertThat(error(realtime(" 'turns': [{'reply': {'faults': [{'kind': 'duplicate-done', 'times': 2}]}}]"))
        .problem()).isEqualTo("only usage-repeated takes times; remove this key");
    assertThat(error(json("{'name': 'x', 'agent': {'realtime': {'provider': 'gemini'}},"
        + " 'turns': [{'reply': {'faults': [{'kind': 'usage-repeated', 'times': 0}]}}]}")).problem())
        .isEqualTo("0 is out of range; expected a number of times from 1 to 1000");
    assertThat(error(json("{'name': 'x', 'agent': {'realtime': {'provider': 'gemini', 'dialect': 'ga'}}}")))
        .hasMessage("scenarios/x.json:1:71: agent.realtime.dialect:"
            + " only OpenAI Realtime has dialects; remove this key");
  }

  @Test
  void aTimedFaultNeedsATime() {
    assertThat(error(realtime(" 'faults': ['session-expired']"))).hasMessage(
        "scenarios/x.json:3:13: faults[0]: a fault in the scenario's \"faults\" needs a time:"
            + " write {\"at\": \"30s\", \"kind\": \"session-expired\"}, or put it in a reply's \"faults\"");
    assertThat(error(realtime(" 'faults': [{'kind': 'session-expired'}]")).problem())
        .isEqualTo("missing required key \"at\"; e.g. \"at\": \"30s\"");
  }

  @Test
  void usageCountsAreWholeAndNotNegative() {
    assertThat(error(realtime(" 'turns': [{'reply': {'usage': {'outputText': 30, 'outputAudio': -3}}}]")))
        .hasMessage("scenarios/x.json:3:66: turns[0].reply.usage.outputAudio: -3 is negative;"
            + " expected a whole number of tokens, 0 or more");
    assertThat(error(realtime(" 'turns': [{'reply': {'usage': {'inputText': 1.5}}}]")).problem())
        .isEqualTo("expected a whole number of tokens, found 1.5");
    assertThat(error(realtime(" 'turns': [{'reply': {'usage': {'inputText': '91'}}}]")).problem())
        .isEqualTo("expected a whole number of tokens, found \"91\"");
  }

  @Test
  void ratesArePositiveNumbers() {
    assertThat(error(realtime(" 'rates': {'openAiOutputAudioPerSecond': 20, 'charactersPerToken': 0}")))
        .hasMessage("scenarios/x.json:3:68: rates.charactersPerToken:"
            + " 0 is not positive; expected a number greater than 0");
    assertThat(error(realtime(" 'rates': {'charactersPerToken': -4}")).problem())
        .isEqualTo("-4 is not positive; expected a number greater than 0");
    assertThat(error(realtime(" 'rates': {'charactersPerToken': '4'}")).problem())
        .isEqualTo("expected a number greater than 0, found \"4\"");
  }

  @Test
  void participantIdentitiesAreUnique() {
    assertThat(error(realtime("""
         "room": {"participants": [
           {"identity": "agent", "kind": "agent"},
           {"identity": "agent", "kind": "sip"}]}""")))
        .hasMessage("scenarios/x.json:5:16: room.participants[1].identity: \"agent\" is already the identity of"
            + " room.participants[0]; identities must be unique");
  }

  @Test
  void aReconnectMustNameAParticipant() {
    assertThat(error(realtime("""
         "room": {"participants": [{"identity": "agent", "kind": "agent"}, {"identity": "caller", "kind": "sip"}],
                  "reconnects": [{"identity": "agnet", "at": "20s", "gap": "2s"}]}""")))
        .hasMessage("scenarios/x.json:4:38: room.reconnects[0].identity: \"agnet\" is not a participant;"
            + " did you mean \"agent\"? Participants here: agent, caller");
    assertThat(error(realtime(" 'room': {'reconnects': [{'identity': 'bob', 'at': '2s', 'gap': '1s'}]}"))
        .problem()).isEqualTo("\"bob\" is not a participant; participants here: agent, user");
    assertThat(error(realtime(" 'room': {'reconnects': [{'identity': 'user', 'at': '2s', 'gap': '0s'}]}"))
        .problem()).isEqualTo("\"0s\" is zero; expected a duration longer than zero, such as \"100ms\"");
  }

  @Test
  void participantKindsAndTimes() {
    assertThat(error(realtime(" 'room': {'participants': [{'identity': 'a', 'kind': 'agnet'}]}")))
        .hasMessage("scenarios/x.json:3:54: room.participants[0].kind: \"agnet\" is not a LiveKit participant kind;"
            + " did you mean \"agent\"? Expected one of: standard, ingress, egress, sip, agent, connector, bridge");
    assertThat(error(realtime(" 'room': {'participants': [{'identity': 'a', 'leave': 'end+x'}]}")))
        .hasMessage("scenarios/x.json:3:55: room.participants[0].leave: \"end+x\" is not a time;"
            + " expected e.g. \"2s\", \"end\", \"end+5s\" or \"never\"");
    assertThat(error(realtime(" 'room': {'participants': [{'identity': 'a', 'leave': 5}]}")).problem())
        .isEqualTo("expected a time such as \"2s\", \"end\", \"end+5s\" or \"never\", found 5");
    assertThat(error(realtime(" 'room': {'participants': [{'identity': 'a', 'join': 'never'}]}")).problem())
        .isEqualTo("a participant cannot join \"never\"; leave it out of the room instead");
  }

  @Test
  void theSourceNameIsTheResourcePath() {
    ScenarioException e = null;
    try {
      ScenarioParser.parse("{}", "bugs/zero.json");
    } catch (ScenarioException caught) {
      e = caught;
    }
    assertThat(e).isNotNull();
    assertThat(e.source()).isEqualTo("bugs/zero.json");
    assertThat(e).hasMessageStartingWith("bugs/zero.json:1:1: missing required key \"name\"");
  }
}
