package dev.agentharness.usage;

import static dev.agentharness.usage.Fixtures.millis;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UsageSummaryTest {

  static final UsageSummary SESSION = new UsageSummary(
      692, 384, 263, 128, 429, 256, 765, 512, 376, 286, 7, 90, 199, millis(12_120), millis(4_315));

  @Test
  void toStringUsesLiveKitSpellingAndFloatSeconds() {
    assertThat(SESSION.toString()).isEqualTo("UsageSummary(llm_prompt_tokens=692, llm_prompt_cached_tokens=384, "
        + "llm_input_audio_tokens=263, llm_input_cached_audio_tokens=128, llm_input_text_tokens=429, "
        + "llm_input_cached_text_tokens=256, llm_input_image_tokens=765, llm_input_cached_image_tokens=512, "
        + "llm_completion_tokens=376, llm_output_audio_tokens=286, llm_output_image_tokens=7, "
        + "llm_output_text_tokens=90, tts_characters_count=199, tts_audio_duration=12.12, "
        + "stt_audio_duration=4.315)");
  }

  @Test
  void emptyToStringPrintsZeroDurationsAsPythonFloats() {
    assertThat(UsageSummary.EMPTY.toString())
        .startsWith("UsageSummary(llm_prompt_tokens=0,")
        .endsWith("tts_characters_count=0, tts_audio_duration=0.0, stt_audio_duration=0.0)");
    assertThat(new UsageSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ofSeconds(2), Duration.ZERO).toString())
        .contains("tts_audio_duration=2.0,");
  }

  @Test
  void aliasesAreThePromptAndCompletionTotals() {
    assertThat(SESSION.llmInputTokens()).isEqualTo(SESSION.llmPromptTokens()).isEqualTo(692);
    assertThat(SESSION.llmOutputTokens()).isEqualTo(SESSION.llmCompletionTokens()).isEqualTo(376);
  }

  @Test
  void plusAndMinusAreFieldByField() {
    UsageSummary other = new UsageSummary(
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, Duration.ofNanos(14), Duration.ofNanos(15));

    UsageSummary sum = SESSION.plus(other);

    assertThat(sum).isEqualTo(new UsageSummary(
        693, 386, 266, 132, 434, 262, 772, 520, 385, 296, 18, 102, 212,
        millis(12_120).plusNanos(14), millis(4_315).plusNanos(15)));
    assertThat(sum.minus(other)).isEqualTo(SESSION);
    assertThat(SESSION.minus(SESSION)).isEqualTo(UsageSummary.EMPTY);
    assertThat(UsageSummary.EMPTY.plus(SESSION)).isEqualTo(SESSION);
  }

  @Test
  void isEmptyOnlyWhenEveryFieldIsZero() {
    assertThat(UsageSummary.EMPTY.isEmpty()).isTrue();
    for (UsageField f : UsageField.values()) {
      UsageSummary one = UsageSummary.fromRaw(g -> g == f ? 1 : 0);
      assertThat(one.isEmpty()).as(f.name()).isFalse();
      assertThat(one.get(f)).isEqualTo(1);
    }
  }

  @Test
  void getReturnsCountsAndNanoseconds() {
    assertThat(SESSION.get(UsageField.LLM_OUTPUT_AUDIO_TOKENS)).isEqualTo(286);
    assertThat(SESSION.get(UsageField.TTS_AUDIO_DURATION)).isEqualTo(12_120_000_000L);
    assertThat(UsageField.STT_AUDIO_DURATION.value(SESSION)).isEqualTo(millis(4_315));
    assertThat(UsageField.LLM_INPUT_IMAGE_TOKENS.value(SESSION)).isEqualTo(765L);
  }

  @Test
  void fromRawRoundTrips() {
    assertThat(UsageSummary.fromRaw(SESSION::get)).isEqualTo(SESSION);
  }

  @Test
  void everyFieldIsFoundByItsJavaAndLiveKitName() throws Exception {
    for (UsageField f : UsageField.values()) {
      assertThat(UsageField.byName(f.javaName())).isEqualTo(f);
      assertThat(UsageField.byName(f.liveKitName())).isEqualTo(f);
      // the Java name is the accessor on UsageSummary, and returns the same value
      Method accessor = UsageSummary.class.getMethod(f.javaName());
      assertThat(accessor.invoke(SESSION)).as(f.javaName()).isEqualTo(f.value(SESSION));
    }
  }

  @Test
  void byNameSpellingsAndAliases() {
    assertThat(UsageField.byName("llmOutputAudioTokens")).isEqualTo(UsageField.LLM_OUTPUT_AUDIO_TOKENS);
    assertThat(UsageField.byName("llm_output_audio_tokens")).isEqualTo(UsageField.LLM_OUTPUT_AUDIO_TOKENS);
    assertThat(UsageField.byName("sttAudioDuration")).isEqualTo(UsageField.STT_AUDIO_DURATION);
    assertThat(UsageField.byName("llmInputTokens")).isEqualTo(UsageField.LLM_PROMPT_TOKENS);
    assertThat(UsageField.byName("llm_input_tokens")).isEqualTo(UsageField.LLM_PROMPT_TOKENS);
    assertThat(UsageField.byName("llmOutputTokens")).isEqualTo(UsageField.LLM_COMPLETION_TOKENS);
    assertThat(UsageField.byName("llm_output_tokens")).isEqualTo(UsageField.LLM_COMPLETION_TOKENS);
    assertThat(UsageField.byName("llm_output_audio")).isNull();
    assertThat(UsageField.byName("sttAudioDurationMs")).isNull();
  }

  @Test
  void fieldsAreInLiveKitOrder() {
    assertThat(UsageField.values()).extracting(UsageField::liveKitName).containsExactly(
        "llm_prompt_tokens", "llm_prompt_cached_tokens",
        "llm_input_audio_tokens", "llm_input_cached_audio_tokens",
        "llm_input_text_tokens", "llm_input_cached_text_tokens",
        "llm_input_image_tokens", "llm_input_cached_image_tokens",
        "llm_completion_tokens", "llm_output_audio_tokens", "llm_output_image_tokens", "llm_output_text_tokens",
        "tts_characters_count", "tts_audio_duration", "stt_audio_duration");
    // the record components come in the same order
    assertThat(UsageSummary.class.getRecordComponents()).extracting(c -> c.getName())
        .containsExactly(java.util.Arrays.stream(UsageField.values()).map(UsageField::javaName).toArray(String[]::new));
  }

  @Test
  void unitsAndFormatting() {
    assertThat(UsageField.TTS_CHARACTERS_COUNT.unit()).isEqualTo(UsageField.Unit.CHARACTERS);
    assertThat(UsageField.TTS_AUDIO_DURATION.isDuration()).isTrue();
    assertThat(UsageField.LLM_PROMPT_TOKENS.isDuration()).isFalse();
    assertThat(UsageField.LLM_PROMPT_TOKENS.format(406)).isEqualTo("406");
    assertThat(UsageField.STT_AUDIO_DURATION.format(2_400_000_000L)).isEqualTo("2.4s");
    assertThat(UsageSummary.formatDuration(Duration.ZERO)).isEqualTo("0s");
    assertThat(UsageSummary.formatDuration(Duration.ofSeconds(3723, 500_000_000))).isEqualTo("1h2m3.5s");
    assertThat(UsageSummary.formatDuration(Duration.ofMillis(-1500))).isEqualTo("-1.5s");
  }
}
