package dev.agentharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.room.StandingTime;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpectationTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** 191 output audio tokens, 42 TTS characters, 2.5 s of STT; agent 20 s (left), bot 12 s (still there). */
  private static final Expectation.Facts FACTS = new Expectation.Facts() {
    @Override
    public UsageSummary usage() {
      return UsageSummary.fromRaw(f -> switch (f) {
        case LLM_OUTPUT_AUDIO_TOKENS -> 191;
        case TTS_CHARACTERS_COUNT -> 42;
        case STT_AUDIO_DURATION -> Duration.ofMillis(2500).toNanos();
        default -> 0;
      });
    }

    @Override
    public StandingTime standingTime() {
      Map<String, StandingTime.AgentStanding> agents = new LinkedHashMap<>();
      agents.put("agent", new StandingTime.AgentStanding("agent",
          List.of(new StandingTime.Presence("PA_1", T0, T0.plusSeconds(20), false)), Optional.empty()));
      agents.put("bot", new StandingTime.AgentStanding("bot",
          List.of(new StandingTime.Presence("PA_2", T0.plusSeconds(8), T0.plusSeconds(20), true)), Optional.empty()));
      return new StandingTime(T0.plusSeconds(20), agents, Optional.of(T0), Optional.of(T0.plusSeconds(19)),
          Optional.empty());
    }

    @Override
    public List<AgentMetrics> metrics() {
      TtsMetrics tts = TtsMetrics.builder().requestId("r1").timestamp(T0).charactersCount(42).build();
      return List.of(tts, tts);
    }
  };

  private static Expectation.Result check(String text) {
    return Expectation.parse(text).evaluate(FACTS);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "llmOutputAudioTokens>0          | true",
      "llmOutputAudioTokens>191        | false",
      "llmOutputAudioTokens>=191       | true",
      "llmOutputAudioTokens==191       | true",
      "llmOutputAudioTokens!=191       | false",
      "llmOutputAudioTokens<191        | false",
      "llmOutputAudioTokens<=191       | true",
      "llm_output_audio_tokens == 191  | true",
      "llmOutputTokens==0              | true",
      "ttsCharactersCount==42          | true",
      "ttsCharactersCount!=42          | false",
      "sttAudioDuration==2.5s          | true",
      "stt_audio_duration<2500ms       | false",
      "sttAudioDuration>=2s500ms       | true",
      "standingTime==32s               | true",
      "standingTime<=30s               | false",
      "standingTime[agent]<=30s        | true",
      "standingTime[bot]==12s          | true",
      "standing_time[bot] > 11.5s      | true",
      "sessionDuration==19s            | true",
      "session_duration<1m             | true",
      "agentsStillPresent==0           | false",
      "agentsStillPresent==1           | true",
      "metrics.count==2                | true",
      "metrics.count[tts_metrics]>=2   | true",
      "metrics.count[llm_metrics]==0   | true",
      "ttsAudioDuration==0             | true",
  })
  void operatorsFieldsAndDurations(String text, boolean passes) {
    Expectation.Result r = check(text.strip());
    assertThat(r.error()).isNull();
    assertThat(r.passed()).as(r.describe()).isEqualTo(passes);
  }

  @Test
  void aFailedExpectationSaysWhatWasExpectedAndWhatWasFound() {
    Expectation.Result r = check("standingTime<=30s");
    assertThat(r.passed()).isFalse();
    assertThat(r.actualText()).isEqualTo("32s");
    assertThat(r.describe()).isEqualTo("standingTime <= 30s: expected <= 30s, actual 32s");
    assertThat(check("llm_output_audio_tokens==0").describe())
        .isEqualTo("llmOutputAudioTokens == 0: expected == 0, actual 191");
  }

  @Test
  void theSubjectIsNormalisedToItsJavaName() {
    Expectation e = Expectation.parse(" llm_prompt_tokens >= 7 ");
    assertThat(e.subject().field()).isEqualTo(UsageField.LLM_PROMPT_TOKENS);
    assertThat(e.op()).isEqualTo(Expectation.Op.GE);
    assertThat(e.expected()).isEqualTo(7);
    assertThat(e).hasToString("llmPromptTokens >= 7");
    assertThat(Expectation.parse("standingTime<1.5s").expected()).isEqualTo(Duration.ofMillis(1500).toNanos());
  }

  @Test
  void anUnknownFieldGetsDidYouMean() {
    assertThatThrownBy(() -> Expectation.parse("llmOutputAudioToken>0"))
        .hasMessageStartingWith("--expect \"llmOutputAudioToken>0\": unknown field \"llmOutputAudioToken\";"
            + " did you mean \"llmOutputAudioTokens\"?")
        .hasMessageContaining("standingTime[identity]");
    assertThatThrownBy(() -> Expectation.parse("tts_charaters_count==1"))
        .hasMessageContaining("did you mean \"tts_characters_count\"?");
    assertThatThrownBy(() -> Expectation.parse("standnigTime<1s"))
        .hasMessageContaining("did you mean \"standingTime\"?");
    assertThatThrownBy(() -> Expectation.parse("colour==1")).hasMessageContaining("unknown field \"colour\". Expected");
  }

  @Test
  void badOperatorsAndValuesSayWhatIsExpected() {
    assertThatThrownBy(() -> Expectation.parse("standingTime=30s")).hasMessageContaining("write == to compare");
    assertThatThrownBy(() -> Expectation.parse("standingTime 30s")).hasMessageContaining("no operator");
    assertThatThrownBy(() -> Expectation.parse(">3")).hasMessageContaining("nothing before >");
    assertThatThrownBy(() -> Expectation.parse("llmPromptTokens>")).hasMessageContaining("no value after >");
    assertThatThrownBy(() -> Expectation.parse("standingTime<=30"))
        .hasMessageContaining("standingTime is a duration: give its unit, e.g. 30s or 30ms");
    assertThatThrownBy(() -> Expectation.parse("standingTime<=30 parsecs")).hasMessageContaining("is not a duration");
    assertThatThrownBy(() -> Expectation.parse("llmPromptTokens>1.5"))
        .hasMessageContaining("llmPromptTokens counts tokens: expected a whole number, found \"1.5\"");
    assertThatThrownBy(() -> Expectation.parse("ttsCharactersCount>2s"))
        .hasMessageContaining("counts characters: expected a whole number");
    assertThatThrownBy(() -> Expectation.parse("llmPromptTokens>-1")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> Expectation.parse("llmPromptTokens[x]>1")).hasMessageContaining("takes no [x]");
    assertThatThrownBy(() -> Expectation.parse("standingTime[agent<1s")).hasMessageContaining("without closing it");
    assertThatThrownBy(() -> Expectation.parse("metrics.count[tts]>1"))
        .hasMessageContaining("\"tts\" is not a LiveKit metric type")
        .hasMessageContaining("tts_metrics");
  }

  @Test
  void anUnknownAgentIsAnErrorFoundAfterTheRun() {
    Expectation.Result r = check("standingTime[agnet]<1m");
    assertThat(r.passed()).isFalse();
    assertThat(r.actual()).isNull();
    assertThat(r.error()).isEqualTo("no agent \"agnet\" in the room; did you mean \"agent\"? Agents here: agent, bot");
  }

  @Test
  void withoutARoomStandingTimeCannotBeChecked() {
    Expectation.Facts log = new Expectation.Facts() {
      public UsageSummary usage() {
        return UsageSummary.EMPTY;
      }

      public StandingTime standingTime() {
        return null;
      }

      public List<AgentMetrics> metrics() {
        return List.of();
      }
    };
    assertThat(Expectation.parse("standingTime<1s").evaluate(log).error()).contains("no room");
    assertThat(Expectation.parse("llmPromptTokens==0").evaluate(log).passed()).isTrue();
  }

  @Test
  void suggestCountsASwapAsOneEditAndKnowsPrefixes() {
    assertThat(Suggest.distance("ttfb", "ttbf")).isEqualTo(1);
    assertThat(Suggest.distance("agnet", "agent")).isEqualTo(1);
    assertThat(Suggest.didYouMean("livekit-js", List.of("livekit-python", "livekit-js-legacy")))
        .isEqualTo("; did you mean \"livekit-js-legacy\"?");
    assertThat(Suggest.didYouMean("zzz", List.of("livekit-python"))).isEmpty();
    assertThat(Suggest.didYouMean("openai-realtime", List.of("gemini-live", "greeting-openai-realtime",
        "openai-realtime-beta"))).isEqualTo("; did you mean \"greeting-openai-realtime\" or \"openai-realtime-beta\"?");
  }
}
