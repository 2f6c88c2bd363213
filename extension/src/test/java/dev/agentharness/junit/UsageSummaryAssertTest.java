package dev.agentharness.junit;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static dev.agentharness.junit.Fixtures.legacyJsUsage;
import static dev.agentharness.junit.Fixtures.realtimeUsage;
import static dev.agentharness.junit.Fixtures.usage;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofNanos;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageSummary;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class UsageSummaryAssertTest {

  private static final String LEGACY_HINT = "output audio tokens are 0 while 121 completion tokens were collected:"
      + " is the collector reading output_token_details.audio_tokens?"
      + " (LiveKit agents-js's legacy UsageSummary has no audio fields)";

  /** Every field a different value: field i holds i + 1 (nanoseconds for the durations). */
  private static final UsageSummary DISTINCT = UsageSummary.fromRaw(f -> f.ordinal() + 1);

  @Test
  void navigationReachesEveryFieldAndNamesItTwice() {
    UsageSummaryAssert a = assertThat(DISTINCT);
    a.llmPromptTokens().isEqualTo(1);
    a.llmInputTokens().isEqualTo(1);
    a.llmPromptCachedTokens().isEqualTo(2);
    a.llmInputAudioTokens().isEqualTo(3);
    a.llmInputCachedAudioTokens().isEqualTo(4);
    a.llmInputTextTokens().isEqualTo(5);
    a.llmInputCachedTextTokens().isEqualTo(6);
    a.llmInputImageTokens().isEqualTo(7);
    a.llmInputCachedImageTokens().isEqualTo(8);
    a.llmCompletionTokens().isEqualTo(9);
    a.llmOutputTokens().isEqualTo(9);
    a.llmOutputAudioTokens().isEqualTo(10);
    a.llmOutputImageTokens().isEqualTo(11);
    a.llmOutputTextTokens().isEqualTo(12);
    a.ttsCharactersCount().isEqualTo(13);
    a.ttsAudioDuration().isEqualTo(ofNanos(14));
    a.sttAudioDuration().isEqualTo(ofNanos(15));
    for (UsageField f : UsageField.values()) {
      String description = f.isDuration() ? a.durationField(f).descriptionText() : a.field(f).descriptionText();
      assertThat(description).isEqualTo(f.liveKitName() + " (" + f.javaName() + ")");
    }
  }

  @Test
  void aZeroOutputAudioCountWithCompletionTokensNamesTheMissingDetailsField() {
    assertThatThrownBy(() -> assertThat(legacyJsUsage()).llmOutputAudioTokens().isPositive())
        .isInstanceOf(AssertionError.class)
        .hasMessage("[llm_output_audio_tokens (llmOutputAudioTokens): " + LEGACY_HINT + "] \n"
            + "Expecting actual:\n  0L\nto be greater than:\n  0L\n");
  }

  @Test
  void withTheLedgerKnownTheMessageSaysWhatTheFakeBilled() {
    UsageSummary collected = usage(UsageField.LLM_PROMPT_TOKENS, 13, UsageField.LLM_COMPLETION_TOKENS, 121);
    UsageSummaryAssert a = assertThat(collected);
    a.reconciliation = Reconciliation.of(Fixtures.ledgerOfOneResponse("resp_1"), collected, List.of());
    assertThatThrownBy(() -> a.llmOutputAudioTokens().isPositive())
        .hasMessageStartingWith("[llm_output_audio_tokens (llmOutputAudioTokens): output audio tokens are 0 while 121"
            + " completion tokens were collected, but the fake billed 91 (resp_1 (91)). Likely cause: the collector"
            + " does not read output_token_details.audio_tokens (this is what LiveKit agents-js's legacy UsageSummary"
            + " reports, and LiveKit Python before 1.2.6)] ");
    // a field the fake billed as collected says so: the expectation, not the collector, is off
    assertThatThrownBy(() -> a.hasLlmCompletionTokens(100))
        .hasMessage("Expected llm_completion_tokens (llmCompletionTokens) to be 100, but it was 121\n"
            + "The fake billed the same (121), so the collector counted what was billed");
  }

  @Test
  void directFieldChecks() {
    UsageSummary s = realtimeUsage();
    assertThat(s).hasLlmPromptTokens(132).hasLlmPromptCachedTokens(64).hasLlmInputAudioTokens(13)
        .hasLlmInputCachedAudioTokens(0).hasLlmInputTextTokens(119).hasLlmInputCachedTextTokens(64)
        .hasLlmInputImageTokens(0).hasLlmInputCachedImageTokens(0).hasLlmCompletionTokens(121)
        .hasLlmOutputAudioTokens(91).hasLlmOutputImageTokens(0).hasLlmOutputTextTokens(30)
        .hasTtsCharactersCount(0).hasTtsAudioDuration(ofSeconds(0)).hasSttAudioDuration(ofSeconds(0))
        .hasField(UsageField.LLM_OUTPUT_AUDIO_TOKENS, 91).hasField(UsageField.STT_AUDIO_DURATION, ofSeconds(0));

    assertThatThrownBy(() -> assertThat(legacyJsUsage()).hasLlmOutputAudioTokens(91))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("Expected llm_output_audio_tokens (llmOutputAudioTokens) to be 91, but it was 0\n"
            + "O" + LEGACY_HINT.substring(1));
    assertThatThrownBy(() -> assertThat(s).hasField(UsageField.LLM_OUTPUT_TEXT_TOKENS, 31))
        .hasMessage("Expected llm_output_text_tokens (llmOutputTextTokens) to be 31, but it was 30");
  }

  @Test
  void countAndDurationFieldsAreNotMixedUp() {
    assertThatThrownBy(() -> assertThat(realtimeUsage()).hasField(UsageField.TTS_AUDIO_DURATION, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tts_audio_duration is a duration; hasField(UsageField, long) takes count fields"
            + " (use hasField(UsageField, Duration))");
    assertThatThrownBy(() -> assertThat(realtimeUsage()).durationField(UsageField.LLM_PROMPT_TOKENS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("llm_prompt_tokens is a count; durationField(UsageField) takes the duration fields"
            + " (use field(UsageField))");
  }

  @Test
  void ttsDurationsWithTolerance() {
    UsageSummary s = usage(UsageField.TTS_CHARACTERS_COUNT, 25, UsageField.TTS_AUDIO_DURATION, ofMillis(2400),
        UsageField.STT_AUDIO_DURATION, ofMillis(1990));
    assertThat(s).hasTtsAudioDurationCloseTo(ofMillis(2450), ofMillis(50))
        .hasSttAudioDurationCloseTo(ofSeconds(2), ofMillis(10)).hasTtsCharactersCount(25);
    assertThatThrownBy(() -> assertThat(s).hasSttAudioDurationCloseTo(ofSeconds(3), ofMillis(100)))
        .hasMessage("Expected stt_audio_duration (sttAudioDuration) to be 3s ± 100ms, but it was 1.99s (off by 1.01s)");
    UsageSummary noAudio = usage(UsageField.TTS_CHARACTERS_COUNT, 25);
    assertThatThrownBy(() -> assertThat(noAudio).ttsAudioDuration().isPositive())
        .hasMessageStartingWith("[tts_audio_duration (ttsAudioDuration): TTS audio duration is 0 while 25 TTS"
            + " characters"
            + " were collected: does the collector sum TTS audio duration? (LiveKit agents-js's legacy UsageSummary has"
            + " no such field)] ");
  }

  @Test
  void hasNoZeroAudioTokensListsEachZeroWithItsLikelyCause() {
    assertThat(realtimeUsage()).hasNoZeroAudioTokens();
    assertThatThrownBy(() -> assertThat(legacyJsUsage()).hasNoZeroAudioTokens())
        .hasMessage("Expected input and output audio tokens to be positive, but:\n"
            + "  llm_input_audio_tokens (llmInputAudioTokens) is 0: input audio tokens are 0 while 132 prompt tokens"
            + " were collected: is the collector reading input_token_details.audio_tokens? (LiveKit agents-js's legacy"
            + " UsageSummary has no audio fields)\n"
            + "  llm_output_audio_tokens (llmOutputAudioTokens) is 0: " + LEGACY_HINT);
  }

  @Test
  void hasPositiveAndHasZero() {
    assertThat(realtimeUsage()).hasPositive(UsageField.LLM_OUTPUT_TEXT_TOKENS, UsageField.LLM_PROMPT_CACHED_TOKENS)
        .hasZero(UsageField.TTS_CHARACTERS_COUNT, UsageField.LLM_OUTPUT_IMAGE_TOKENS);
    assertThatThrownBy(() -> assertThat(realtimeUsage()).hasZero(UsageField.LLM_OUTPUT_AUDIO_TOKENS))
        .hasMessage("Expected llm_output_audio_tokens to be 0, but:\n  llm_output_audio_tokens"
            + " (llmOutputAudioTokens) is 91");
    assertThatThrownBy(() -> assertThat(UsageSummary.EMPTY).hasPositive(UsageField.LLM_PROMPT_TOKENS))
        .hasMessage("Expected llm_prompt_tokens to be positive, but:\n  llm_prompt_tokens (llmPromptTokens) is 0: no"
            + " LLM"
            + " usage was collected at all: did the collector receive the metrics (is it subscribed to"
            + " metrics_collected?), and did the responses carry usage (usage missing from response.done, or an LLM"
            + " stream cut before its usage chunk)?");
  }

  @Test
  void emptyAndNotEmpty() {
    assertThat(UsageSummary.EMPTY).isEmpty();
    assertThat(realtimeUsage()).isNotEmpty();
    assertThatThrownBy(() -> assertThat(UsageSummary.EMPTY).isNotEmpty())
        .hasMessage("Expected some usage to be collected, but every field is 0: is the collector subscribed to"
            + " metrics_collected, and did the responses carry usage?");
    assertThatThrownBy(() -> assertThat(legacyJsUsage()).isEmpty())
        .hasMessage("Expected no usage, but 3 fields are not 0:\n"
            + "  llm_prompt_tokens (llmPromptTokens) = 132\n"
            + "  llm_prompt_cached_tokens (llmPromptCachedTokens) = 64\n"
            + "  llm_completion_tokens (llmCompletionTokens) = 121");
  }

  @Test
  void isEqualToShowsAFieldTableAndGivesIdesADiff() {
    assertThat(realtimeUsage()).isEqualTo(realtimeUsage());
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(
        () -> assertThat(legacyJsUsage()).isEqualTo(realtimeUsage()));
    assertThat(t).isInstanceOf(AssertionFailedError.class)
        .hasMessage("Expected the usage to be equal to the expected usage, but 5 fields differ:\n\n"
            + "  field                          expected   actual   difference\n"
            + "  llm_input_audio_tokens               13        0          -13\n"
            + "  llm_input_text_tokens               119        0         -119\n"
            + "  llm_input_cached_text_tokens         64        0          -64\n"
            + "  llm_output_audio_tokens              91        0          -91\n"
            + "  llm_output_text_tokens               30        0          -30");
    AssertionFailedError e = (AssertionFailedError) t;
    assertThat(e.getExpected().getStringRepresentation()).contains("llm_output_audio_tokens = 91\n");
    assertThat(e.getActual().getStringRepresentation()).contains("llm_output_audio_tokens = 0\n");
  }

  @Test
  void matchesAddsWhatEachDifferenceSuggests() {
    UsageSummary expected = usage(UsageField.LLM_PROMPT_TOKENS, 132, UsageField.LLM_COMPLETION_TOKENS, 121,
        UsageField.LLM_OUTPUT_AUDIO_TOKENS, 91, UsageField.TTS_AUDIO_DURATION, ofMillis(2400));
    UsageSummary actual = usage(UsageField.LLM_PROMPT_TOKENS, 132, UsageField.LLM_COMPLETION_TOKENS, 121,
        UsageField.TTS_AUDIO_DURATION, ofMillis(1200));
    assertThatThrownBy(() -> assertThat(actual).matches(expected))
        .hasMessage("Expected the usage to match the expected usage, but 2 fields differ:\n\n"
            + "  field                     expected   actual   difference\n"
            + "  llm_output_audio_tokens         91        0          -91\n"
            + "  tts_audio_duration            2.4s     1.2s        -1.2s\n\n"
            + "llm_output_audio_tokens: " + LEGACY_HINT);
    assertThat(actual).matchesIgnoring(expected, UsageField.LLM_OUTPUT_AUDIO_TOKENS, UsageField.TTS_AUDIO_DURATION);
    assertThatThrownBy(() -> assertThat(actual).matchesIgnoring(expected, UsageField.TTS_AUDIO_DURATION))
        .hasMessageStartingWith("Expected the usage to match the expected usage (ignoring tts_audio_duration), but 1"
            + " field differs:");
  }

  @Test
  void matchesLedgerReportsTheReconciliation() {
    var ledger = Fixtures.ledgerOfOneResponse("resp_1");
    assertThat(usage(UsageField.LLM_PROMPT_TOKENS, 13, UsageField.LLM_INPUT_AUDIO_TOKENS, 13,
        UsageField.LLM_COMPLETION_TOKENS, 121, UsageField.LLM_OUTPUT_AUDIO_TOKENS, 91,
        UsageField.LLM_OUTPUT_TEXT_TOKENS, 30)).matchesLedger(ledger);
    UsageSummary collected = usage(UsageField.LLM_PROMPT_TOKENS, 13, UsageField.LLM_COMPLETION_TOKENS, 121);
    assertThatThrownBy(() -> assertThat(collected).matchesLedger(ledger))
        .hasMessage("Expected collected usage to match what the fakes billed, but 3 fields differ:\n\n"
            + "  field                     ledger   collected   responses\n"
            + "  llm_input_audio_tokens        13           0   resp_1 (13)\n"
            + "  llm_output_audio_tokens       91           0   resp_1 (91)\n"
            + "  llm_output_text_tokens        30           0   resp_1 (30)\n\n"
            + "Likely cause: the collector does not read input_token_details.audio_tokens,"
            + " output_token_details.audio_tokens or output_token_details.text_tokens (this is what LiveKit"
            + " agents-js's legacy UsageSummary reports, and LiveKit Python before 1.2.6)");
  }

  @Test
  void aDescriptionOfTheUsersComesFirst() {
    assertThatThrownBy(() -> assertThat(realtimeUsage()).as("my bridge").hasLlmOutputAudioTokens(90))
        .hasMessage("[my bridge] Expected llm_output_audio_tokens (llmOutputAudioTokens) to be 90, but it was 91");
  }

  @Test
  void nullActualFailsClearly() {
    assertThatThrownBy(() -> assertThat((UsageSummary) null).hasNoZeroAudioTokens())
        .hasMessageContaining("Expecting actual not to be null");
    assertThatThrownBy(() -> assertThat((UsageSummary) null).llmOutputAudioTokens())
        .hasMessageContaining("Expecting actual not to be null");
    assertThatCode(() -> assertThat(realtimeUsage()).llmOutputAudioTokens()).doesNotThrowAnyException();
  }
}
