package dev.agentharness.scenario;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.clock.SessionClock;
import dev.agentharness.room.ParticipantKind;
import dev.agentharness.scenario.FaultKind.Target;
import dev.agentharness.scenario.RoomScript.ParticipantScript;
import dev.agentharness.scenario.RoomScript.Reconnect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioParserTest {

  private static final ClassLoader LOADER = ScenarioParserTest.class.getClassLoader();

  @Test
  void readsTheFullRealtimeExample() {
    Scenario s = ScenarioParser.readResource("scenarios/greeting-openai-realtime.json", LOADER);

    assertThat(s.name()).isEqualTo("greeting-openai-realtime");
    assertThat(s.description()).isEqualTo("One greeting turn on OpenAI Realtime.");
    assertThat(s.origin()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(s.source()).isEqualTo("scenarios/greeting-openai-realtime.json");
    assertThat(s.agent()).isEqualTo(Agent.realtime(
        new Agent.RealtimeModel(Providers.Realtime.OPENAI, "gpt-realtime", Providers.OpenAiDialect.GA)));
    assertThat(s.turns()).hasSize(2);

    Turn first = s.turns().get(0);
    assertThat(first.user()).isEqualTo(new UserSpeech("Hi, what's my balance?", ofSeconds(2)));
    assertThat(first.pause()).isEqualTo(ofMillis(500));
    Reply reply = first.reply();
    assertThat(reply.text()).isEqualTo("Your balance is 42 euros.");
    assertThat(reply.audio()).isEqualTo(ofMillis(2400));
    assertThat(reply.modality()).isEqualTo(Reply.Modality.AUDIO);
    assertThat(List.of(reply.ttft(), reply.ttfb(), reply.chunk(), reply.chunkGap()))
        .containsExactly(ofMillis(300), ofMillis(200), ofMillis(100), ZERO);
    assertThat(reply.usage()).isEqualTo(new TokenUsage(119L, 13L, null, 64L, null, null, 30L, 91L, null));
    assertThat(reply.toolCalls())
        .containsExactly(new ToolCall("get_balance", "{\"account\":\"main\"}", "{\"balance\":42}"));
    assertThat(reply.interruptAfter()).isEqualTo(ofMillis(1200));
    assertThat(reply.faults()).containsExactly(
        new Fault(FaultKind.USAGE_MISSING, Target.REALTIME, null, null, null, null),
        new Fault(FaultKind.CLOSE, Target.REALTIME, ofSeconds(1), 1011, "Internal error", null));

    Turn second = s.turns().get(1);
    assertThat(second.user()).isNull();
    assertThat(second.reply().text()).isEqualTo("Anything else?");
    assertThat(second.reply().audio()).isNull();

    assertThat(s.room()).isEqualTo(new RoomScript("support-call", List.of(
        new ParticipantScript("agent", ParticipantKind.AGENT, TimeRef.START, TimeRef.afterEnd(ofSeconds(2))),
        new ParticipantScript("caller", ParticipantKind.SIP, TimeRef.START, TimeRef.END)),
        List.of(new Reconnect("agent", ofSeconds(20), ofSeconds(2)))));
    assertThat(s.faults()).containsExactly(new TimedFault(ofSeconds(30), Fault.of(FaultKind.SESSION_EXPIRED)));
    assertThat(s.rates()).isEqualTo(TokenRates.DEFAULTS);
    assertThat(s.endPause()).isEqualTo(ofSeconds(1));
  }

  @Test
  void readsThePipelineExample() {
    Scenario s = ScenarioParser.readResource("/scenarios/balance-pipeline-elevenlabs.json", LOADER);

    assertThat(s.agent()).isEqualTo(Agent.pipeline(
        new Agent.SttModel(Providers.Stt.DEEPGRAM, "nova-3"),
        new Agent.LlmModel(Providers.Llm.OPENAI, "gpt-4.1-mini"),
        new Agent.TtsModel(Providers.Tts.ELEVENLABS, "eleven_flash_v2_5", "21m00Tcm4TlvDq8ikWAM",
            Providers.TtsTransport.WEBSOCKET)));
    assertThat(s.turns()).extracting(Turn::user).containsExactly(
        null, UserSpeech.of("What's my balance?"), new UserSpeech("Thanks, bye.", ofMillis(1200)));
    assertThat(s.turns().get(1).reply().usage())
        .isEqualTo(TokenUsage.of(u -> u.inputText(212).cachedText(128).outputText(9)));
    assertThat(s.turns().get(1).reply().faults()).containsExactly(Fault.of(FaultKind.NO_USAGE_CHUNK));
    assertThat(s.turns().get(2).reply().faults()).containsExactly(Fault.of(FaultKind.HTTP_429).on(Target.TTS));
    assertThat(s.turns().get(2).pause()).isEqualTo(ofSeconds(2));
    assertThat(s.room().name()).isEqualTo(RoomScript.DEFAULT_NAME);
    assertThat(s.room().participants()).containsExactly(
        new ParticipantScript("agent", ParticipantKind.AGENT, TimeRef.START, TimeRef.END),
        new ParticipantScript("caller", ParticipantKind.SIP, TimeRef.at(ofMillis(500)), TimeRef.END));
    assertThat(s.endPause()).isEqualTo(ofSeconds(2));
  }

  @Test
  void omittedKeysTakeTheModelDefaults() {
    Scenario s = ScenarioParser.parse("""
        {"name": "minimal", "agent": {"realtime": {"provider": "gemini"}}, "turns": [{}]}
        """, "minimal.json");

    assertThat(s.description()).isEmpty();
    assertThat(s.origin()).isEqualTo(SessionClock.DEFAULT_ORIGIN);
    assertThat(s.agent().realtime()).isEqualTo(new Agent.RealtimeModel(Providers.Realtime.GEMINI,
        "gemini-2.5-flash-native-audio-preview-09-2025", Providers.OpenAiDialect.GA));
    Turn turn = s.turns().get(0);
    assertThat(turn.user()).isEqualTo(new UserSpeech(UserSpeech.DEFAULT_TEXT, null));
    assertThat(turn.pause()).isEqualTo(Turn.DEFAULT_PAUSE);
    assertThat(turn.reply()).isEqualTo(Reply.defaults());
    assertThat(turn.reply().usage()).isEqualTo(TokenUsage.DERIVED);
    assertThat(s.room()).isEqualTo(RoomScript.defaults());
    assertThat(s.faults()).isEmpty();
    assertThat(s.rates()).isEqualTo(TokenRates.DEFAULTS);
    assertThat(s.endPause()).isEqualTo(Scenario.DEFAULT_END_PAUSE);
    assertThat(s.source()).isEqualTo("minimal.json");
  }

  @Test
  void turnsMayBeEmptyOrLeftOut() {
    String agent = "\"agent\": {\"llm\": {\"provider\": \"openai\"}}";
    assertThat(ScenarioParser.parse("{\"name\": \"a\", " + agent + "}", "a.json").turns()).isEmpty();
    assertThat(ScenarioParser.parse("{\"name\": \"a\", " + agent + ", \"turns\": []}", "a.json").turns()).isEmpty();
  }

  @Test
  void pipelineDefaultsFollowTheProvider() {
    Scenario s = ScenarioParser.parse("""
        {"name": "p", "agent": {"stt": {"provider": "deepgram"}, "llm": {"provider": "openai"},
                                "tts": {"provider": "openai"}}}
        """, "p.json");

    assertThat(s.agent().stt().model()).isEqualTo("nova-3");
    assertThat(s.agent().llm().model()).isEqualTo("gpt-4.1-mini");
    assertThat(s.agent().tts()).isEqualTo(
        new Agent.TtsModel(Providers.Tts.OPENAI, "gpt-4o-mini-tts", "alloy", Providers.TtsTransport.HTTP));
  }

  @Test
  void partialRatesKeepTheOtherDefaults() {
    Scenario s = ScenarioParser.parse("""
        {"name": "r", "agent": {"realtime": {"provider": "openai"}}, "rates": {"charactersPerToken": 3.5}}
        """, "r.json");

    assertThat(s.rates()).isEqualTo(new TokenRates(10, 20, 32, 32, 3.5, 15, 20));
  }

  @Test
  void aTextReplyHasNoAudio() {
    Scenario s = ScenarioParser.parse("""
        {"name": "t", "agent": {"realtime": {"provider": "openai"}}, "turns": [{"reply": {"modality": "text"}}]}
        """, "t.json");

    assertThat(s.turns().get(0).reply()).isEqualTo(Reply.reply().textOnly().build());
    assertThat(s.turns().get(0).reply().audio()).isEqualTo(ZERO);
  }

  @Test
  void participantKindsAreMatchedInAnyCase() {
    Scenario s = ScenarioParser.parse("""
        {"name": "k", "agent": {"realtime": {"provider": "openai"}},
         "room": {"participants": [{"identity": "a", "kind": "AGENT"}, {"identity": "b", "kind": "Sip"},
                                   {"identity": "c", "kind": "standard"}, {"identity": "d"}]}}
        """, "k.json");

    assertThat(s.room().participants()).extracting(ParticipantScript::kind).containsExactly(
        ParticipantKind.AGENT, ParticipantKind.SIP, ParticipantKind.STANDARD, ParticipantKind.STANDARD);
  }

  @Test
  void reconnectsWithoutParticipantsApplyToTheDefaultRoom() {
    Scenario s = ScenarioParser.parse("""
        {"name": "k", "agent": {"realtime": {"provider": "openai"}},
         "room": {"reconnects": [{"identity": "user", "at": "3s", "gap": "1s"}]}}
        """, "k.json");

    assertThat(s).isEqualTo(Scenario.builder("k").realtime(Providers.Realtime.OPENAI)
        .reconnect("user", ofSeconds(3), ofSeconds(1)).source("k.json").build());
  }

  @Test
  void toolCallJsonIsKeptCompactWithNumbersAsWritten() {
    Scenario s = ScenarioParser.parse("""
        {"name": "t", "agent": {"realtime": {"provider": "openai"}}, "turns": [{"reply": {"toolCalls": [
          {"name": "lookup",
           "arguments": { "ids": [1, 2.50, 3e2], "q": "a \\"b\\"\\n", "deep": {"x": null, "y": true} }},
          {"name": "noop"}]}}]}
        """, "t.json");

    assertThat(s.turns().get(0).reply().toolCalls()).containsExactly(
        new ToolCall("lookup",
            "{\"ids\":[1,2.50,3e2],\"q\":\"a \\\"b\\\"\\n\",\"deep\":{\"x\":null,\"y\":true}}", "{}"),
        new ToolCall("noop", "{}", "{}"));
  }

  @Test
  void theBuilderAndTheParserMakeEqualScenarios() {
    Scenario parsed = ScenarioParser.readResource("scenarios/greeting-openai-realtime.json", LOADER);
    Scenario built = Scenario.builder("greeting-openai-realtime")
        .description("One greeting turn on OpenAI Realtime.")
        .origin(Instant.parse("2026-01-01T00:00:00Z"))
        .agent(Agent.realtime(
            new Agent.RealtimeModel(Providers.Realtime.OPENAI, "gpt-realtime", Providers.OpenAiDialect.GA)))
        .turn(t -> t.user("Hi, what's my balance?", ofSeconds(2)).pause(ofMillis(500))
            .reply(r -> r.text("Your balance is 42 euros.").audio(ofMillis(2400))
                .ttft(ofMillis(300)).ttfb(ofMillis(200)).chunk(ofMillis(100)).chunkGap(ZERO)
                .usage(u -> u.inputText(119).inputAudio(13).cachedText(64).outputText(30).outputAudio(91))
                .toolCall("get_balance", "{\"account\":\"main\"}", "{\"balance\":42}")
                .interruptAfter(ofMillis(1200))
                .fault(FaultKind.USAGE_MISSING)
                .fault(Fault.of(FaultKind.CLOSE).on(Target.REALTIME).after(ofSeconds(1))
                    .withCode(1011, "Internal error"))))
        .turn(t -> t.noUser().reply(r -> r.text("Anything else?")))
        .room(new RoomScript("support-call", List.of(
            new ParticipantScript("agent", ParticipantKind.AGENT, TimeRef.at(ZERO),
                TimeRef.afterEnd(ofSeconds(2))),
            new ParticipantScript("caller", ParticipantKind.SIP, TimeRef.at(ZERO), TimeRef.END)),
            List.of(new Reconnect("agent", ofSeconds(20), ofSeconds(2)))))
        .fault(ofSeconds(30), Fault.of(FaultKind.SESSION_EXPIRED))
        .rates(new TokenRates(10, 20, 32, 32, 4, 15, 20))
        .endPause(ofSeconds(1))
        .source("scenarios/greeting-openai-realtime.json")
        .build();

    assertThat(parsed).isEqualTo(built);
  }

  @Test
  void theBuilderAndTheParserAgreeOnAPipelineWithDefaults() {
    Scenario parsed = ScenarioParser.parse("""
        {"name": "tts", "agent": {"stt": {"provider": "deepgram"}, "llm": {"provider": "openai"},
                                  "tts": {"provider": "cartesia"}},
         "turns": [{"user": {"text": "Hi"},
                    "reply": {"text": "Hello there.", "faults": [{"kind": "slow-first-byte", "target": "llm"}]}},
                   {}, {}]}
        """, "same");
    Scenario built = Scenario.builder("tts").pipeline(Providers.Tts.CARTESIA)
        .turn(t -> t.user("Hi")
            .reply(r -> r.text("Hello there.").fault(Fault.of(FaultKind.SLOW_FIRST_BYTE).on(Target.LLM))))
        .turns(2, t -> t)
        .source("same")
        .build();

    assertThat(parsed).isEqualTo(built);
  }

  @Test
  void readsFilesAndNamesThemInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ok.json");
    Files.writeString(file, "\uFEFF{\"name\": \"f\", \"agent\": {\"realtime\": {\"provider\": \"openai\"}}}",
        StandardCharsets.UTF_8);
    assertThat(ScenarioParser.read(file).source()).isEqualTo(file.toString());

    Path missing = dir.resolve("missing.json");
    assertThatThrownBy(() -> ScenarioParser.read(missing))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(missing + ": no such file");
    assertThatThrownBy(() -> ScenarioParser.readResource("scenarios/nope.json", LOADER))
        .hasMessage("scenarios/nope.json: no such classpath resource");
  }

  @Test
  void theSchemaKeyIsAcceptedAndIgnored() {
    Scenario s = ScenarioParser.parse("""
        {"$schema": "./scenario.schema.json", "name": "s", "agent": {"realtime": {"provider": "openai"}}}
        """, "s.json");

    assertThat(s.name()).isEqualTo("s");
  }
}
