package dev.agentharness.junit;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.InterruptionModelUsage;
import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.SttModelUsage;
import dev.agentharness.usage.TtsModelUsage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelUsageAssertTest {

  private static final LlmModelUsage REALTIME = new LlmModelUsage("api.openai.com", "gpt-realtime", 132, 64, 0, 13, 0,
      119, 64, 0, 0, 121, 91, 30, Duration.ZERO);
  private static final LlmModelUsage LEGACY = new LlmModelUsage("api.openai.com", "gpt-realtime", 132, 64, 0, 0, 0, 0,
      0, 0, 0, 121, 0, 0, Duration.ZERO);
  private static final AgentSessionUsage PIPELINE = new AgentSessionUsage(List.of(
      new LlmModelUsage("api.openai.com", "gpt-4.1-mini", 50, 0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, Duration.ZERO),
      new TtsModelUsage("ElevenLabs", "eleven_flash_v2_5", 0, 0, 25, ofMillis(2400)),
      new SttModelUsage("Deepgram", "nova-3", 0, 0, ofSeconds(2))));

  @Test
  void navigatesToEachModelAndChecksItsFields() {
    assertThat(new AgentSessionUsage(List.of(REALTIME))).hasSize(1).containsOnlyProviders("api.openai.com")
        .hasNoUnnamedModels()
        .hasLlm("api.openai.com", "gpt-realtime")
        .hasProvider("api.openai.com").hasModel("gpt-realtime")
        .hasInputTokens(132).hasInputCachedTokens(64).hasInputCacheCreationTokens(0).hasInputAudioTokens(13)
        .hasInputCachedAudioTokens(0).hasInputTextTokens(119).hasInputCachedTextTokens(64).hasInputImageTokens(0)
        .hasInputCachedImageTokens(0).hasOutputTokens(121).hasOutputAudioTokens(91).hasOutputTextTokens(30)
        .hasNoZeroAudioTokens();
    assertThat(new AgentSessionUsage(List.of(REALTIME))).hasLlm("api.openai.com", "gpt-realtime")
        .outputAudioTokens().isEqualTo(91);
    assertThat(PIPELINE).containsOnlyProviders("Deepgram", "ElevenLabs", "api.openai.com")
        .hasTts("ElevenLabs", "eleven_flash_v2_5").hasCharactersCount(25).hasAudioDuration(ofMillis(2400))
        .hasAudioDurationCloseTo(ofMillis(2500), ofMillis(100)).hasInputTokens(0).hasOutputTokens(0);
    assertThat(PIPELINE).hasStt("Deepgram", "nova-3").hasAudioDuration(ofSeconds(2)).audioDuration()
        .isEqualTo(ofSeconds(2));
    assertThat(PIPELINE).hasTts("ElevenLabs", "eleven_flash_v2_5").charactersCount().isEqualTo(25);
  }

  @Test
  void aMissingModelListsWhatIsThere() {
    assertThatThrownBy(() -> assertThat(new AgentSessionUsage(List.of(REALTIME))).hasLlm("api.openai.com", "gpt-4o"))
        .hasMessage("Expected LLM usage of \"api.openai.com\"/\"gpt-4o\", but there is none. Usage per model:\n"
            + "  llm_usage          \"api.openai.com\"/\"gpt-realtime\"  input 132 (audio 13, text 119, cached 64),"
            + " output 121 (audio 91, text 30)\n"
            + "\"api.openai.com\" has LLM usage for \"gpt-realtime\": is the model name right?");
    assertThatThrownBy(() -> assertThat(PIPELINE).hasTts("Cartesia", "sonic-2"))
        .hasMessage("Expected TTS usage of \"Cartesia\"/\"sonic-2\", but there is none. Usage per model:\n"
            + "  llm_usage          \"api.openai.com\"/\"gpt-4.1-mini\"  input 50 (audio 0, text 0, cached 0),"
            + " output 12 (audio 0, text 0)\n"
            + "  tts_usage          \"ElevenLabs\"/\"eleven_flash_v2_5\"  25 characters, 2.4s audio\n"
            + "  stt_usage          \"Deepgram\"/\"nova-3\"  2s audio");
    assertThatThrownBy(() -> assertThat(AgentSessionUsage.EMPTY).hasStt("Deepgram", "nova-3"))
        .hasMessage("Expected STT usage of \"Deepgram\"/\"nova-3\", but there is none. Usage per model:\n  (none)");
  }

  @Test
  void providersAndUnnamedModels() {
    AgentSessionUsage withUnnamed = new AgentSessionUsage(List.of(REALTIME, new InterruptionModelUsage("", "", 3)));
    assertThatThrownBy(() -> assertThat(withUnnamed).containsOnlyProviders("api.openai.com", "Deepgram"))
        .hasMessage("Expected usage from exactly the providers \"api.openai.com\", \"Deepgram\", but none came from"
            + " \"Deepgram\" and some came from \"\".\n"
            + "Usage per model:\n"
            + "  llm_usage          \"api.openai.com\"/\"gpt-realtime\"  input 132 (audio 13, text 119, cached 64),"
            + " output 121 (audio 91, text 30)\n"
            + "  interruption_usage (none)/(none)  3 requests\n\n"
            + "Entries with provider (none) come from metrics without metadata: the plugin set no model_provider or"
            + " model_name.");
    assertThatThrownBy(() -> assertThat(withUnnamed).hasNoUnnamedModels())
        .hasMessage("Expected every usage entry to name its provider and model, but 1 entry does not:\n"
            + "  interruption_usage (none)/(none)  3 requests\n"
            + "Entries with provider (none) come from metrics without metadata: the plugin set no model_provider or"
            + " model_name.");
    assertThatThrownBy(() -> assertThat(withUnnamed).hasSize(1))
        .hasMessageStartingWith("Expected 1 usage entry, but there are 2:\n  llm_usage ");
  }

  @Test
  void fieldFailuresNameTheFieldAndModelAndGiveTheHint() {
    AgentSessionUsage legacy = new AgentSessionUsage(List.of(LEGACY));
    assertThatThrownBy(() -> assertThat(legacy).hasLlm("api.openai.com", "gpt-realtime").hasOutputAudioTokens(91))
        .hasMessage("Expected output_audio_tokens of llm_usage \"api.openai.com\"/\"gpt-realtime\" to be 91, but it"
            + " was 0\n"
            + "Output audio tokens are 0 while 121 completion tokens were collected: is the collector reading"
            + " output_token_details.audio_tokens? (LiveKit agents-js's legacy UsageSummary has no audio fields)");
    assertThatThrownBy(() -> assertThat(legacy).hasLlm("api.openai.com", "gpt-realtime").hasNoZeroAudioTokens())
        .hasMessage("Expected input and output audio tokens of llm_usage \"api.openai.com\"/\"gpt-realtime\" to be"
            + " positive, but:\n"
            + "  input_audio_tokens is 0: input audio tokens are 0 while 132 prompt tokens were collected: is the"
            + " collector reading input_token_details.audio_tokens? (LiveKit agents-js's legacy UsageSummary has no"
            + " audio fields)\n"
            + "  output_audio_tokens is 0: output audio tokens are 0 while 121 completion tokens were collected: is the"
            + " collector reading output_token_details.audio_tokens? (LiveKit agents-js's legacy UsageSummary has no"
            + " audio fields)");
    assertThatThrownBy(() -> assertThat(legacy).hasLlm("api.openai.com", "gpt-realtime").outputAudioTokens()
        .isPositive())
        .hasMessageStartingWith("[output_audio_tokens of llm_usage \"api.openai.com\"/\"gpt-realtime\" Output audio"
            + " tokens are 0 while 121 completion tokens were collected");
    assertThatThrownBy(() -> assertThat(PIPELINE).hasTts("ElevenLabs", "eleven_flash_v2_5")
        .hasAudioDurationCloseTo(ofSeconds(3), ofMillis(100)))
        .hasMessage("Expected audio_duration of tts_usage \"ElevenLabs\"/\"eleven_flash_v2_5\" to be 3s ± 100ms, but it"
            + " was 2.4s (off by 600ms)");
    assertThatThrownBy(() -> assertThat(PIPELINE).hasStt("Deepgram", "nova-3").hasModel("nova-2"))
        .hasMessage("Expected the model of stt_usage \"Deepgram\"/\"nova-3\" to be \"nova-2\", but it was \"nova-3\"");
  }

  @Test
  void whatTheFakeBilledIsAddedWhenKnown() {
    ModelUsageAssert a = assertThat(new AgentSessionUsage(List.of(LEGACY)));
    a.billed = new AgentSessionUsage(List.of(REALTIME));
    assertThatThrownBy(() -> a.hasLlm("api.openai.com", "gpt-realtime").hasOutputAudioTokens(91))
        .hasMessageStartingWith("Expected output_audio_tokens of llm_usage \"api.openai.com\"/\"gpt-realtime\" to be"
            + " 91,"
            + " but it was 0 (the fake billed 91)\nOutput audio tokens are 0");
    assertThatThrownBy(() -> a.hasLlm("api.openai.com", "gpt-realtime").hasOutputTokens(100))
        .hasMessage("Expected output_tokens of llm_usage \"api.openai.com\"/\"gpt-realtime\" to be 100, but it was 121"
            + " (the fake billed the same)");
  }
}
