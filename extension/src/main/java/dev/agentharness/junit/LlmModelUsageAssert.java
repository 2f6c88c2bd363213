package dev.agentharness.junit;

import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.assertj.core.api.DurationAssert;
import org.assertj.core.api.LongAssert;

/**
 * Assertions on the LLM or realtime-model usage of one (provider, model): LiveKit's {@code LLMModelUsage}.
 *
 * <pre>{@code
 * assertThat(session).modelUsage().hasLlm("api.openai.com", "gpt-realtime").hasOutputAudioTokens(91);
 * }</pre>
 */
public class LlmModelUsageAssert extends AbstractModelUsageAssert<LlmModelUsageAssert, LlmModelUsage> {

  public LlmModelUsageAssert(LlmModelUsage actual) {
    super(actual, LlmModelUsageAssert.class);
  }

  public LlmModelUsageAssert hasInputTokens(long expected) {
    return check("input_tokens", LlmModelUsage::inputTokens, expected, UsageField.LLM_PROMPT_TOKENS);
  }

  public LlmModelUsageAssert hasInputCachedTokens(long expected) {
    return check("input_cached_tokens", LlmModelUsage::inputCachedTokens, expected,
        UsageField.LLM_PROMPT_CACHED_TOKENS);
  }

  public LlmModelUsageAssert hasInputCacheCreationTokens(long expected) {
    return check("input_cache_creation_tokens", LlmModelUsage::inputCacheCreationTokens, expected, null);
  }

  public LlmModelUsageAssert hasInputAudioTokens(long expected) {
    return check("input_audio_tokens", LlmModelUsage::inputAudioTokens, expected, UsageField.LLM_INPUT_AUDIO_TOKENS);
  }

  public LlmModelUsageAssert hasInputCachedAudioTokens(long expected) {
    return check("input_cached_audio_tokens", LlmModelUsage::inputCachedAudioTokens, expected,
        UsageField.LLM_INPUT_CACHED_AUDIO_TOKENS);
  }

  public LlmModelUsageAssert hasInputTextTokens(long expected) {
    return check("input_text_tokens", LlmModelUsage::inputTextTokens, expected, UsageField.LLM_INPUT_TEXT_TOKENS);
  }

  public LlmModelUsageAssert hasInputCachedTextTokens(long expected) {
    return check("input_cached_text_tokens", LlmModelUsage::inputCachedTextTokens, expected,
        UsageField.LLM_INPUT_CACHED_TEXT_TOKENS);
  }

  public LlmModelUsageAssert hasInputImageTokens(long expected) {
    return check("input_image_tokens", LlmModelUsage::inputImageTokens, expected, UsageField.LLM_INPUT_IMAGE_TOKENS);
  }

  public LlmModelUsageAssert hasInputCachedImageTokens(long expected) {
    return check("input_cached_image_tokens", LlmModelUsage::inputCachedImageTokens, expected,
        UsageField.LLM_INPUT_CACHED_IMAGE_TOKENS);
  }

  public LlmModelUsageAssert hasOutputTokens(long expected) {
    return check("output_tokens", LlmModelUsage::outputTokens, expected, UsageField.LLM_COMPLETION_TOKENS);
  }

  public LlmModelUsageAssert hasOutputAudioTokens(long expected) {
    return check("output_audio_tokens", LlmModelUsage::outputAudioTokens, expected, UsageField.LLM_OUTPUT_AUDIO_TOKENS);
  }

  public LlmModelUsageAssert hasOutputTextTokens(long expected) {
    return check("output_text_tokens", LlmModelUsage::outputTextTokens, expected, UsageField.LLM_OUTPUT_TEXT_TOKENS);
  }

  /** Input and output audio tokens are both above 0. */
  public LlmModelUsageAssert hasNoZeroAudioTokens() {
    isNotNull();
    List<String> lines = new ArrayList<>();
    if (actual.inputAudioTokens() <= 0) {
      lines.add(line("input_audio_tokens", actual.inputAudioTokens(), UsageField.LLM_INPUT_AUDIO_TOKENS,
          billed == null ? null : billed.inputAudioTokens()));
    }
    if (actual.outputAudioTokens() <= 0) {
      lines.add(line("output_audio_tokens", actual.outputAudioTokens(), UsageField.LLM_OUTPUT_AUDIO_TOKENS,
          billed == null ? null : billed.outputAudioTokens()));
    }
    if (lines.isEmpty()) return myself;
    throw failure("%s", "Expected input and output audio tokens of " + label() + " to be positive, but:\n"
        + String.join("\n", lines));
  }

  public LongAssert inputTokens() {
    return nav("input_tokens", LlmModelUsage::inputTokens, UsageField.LLM_PROMPT_TOKENS);
  }

  public LongAssert inputCachedTokens() {
    return nav("input_cached_tokens", LlmModelUsage::inputCachedTokens, UsageField.LLM_PROMPT_CACHED_TOKENS);
  }

  public LongAssert inputAudioTokens() {
    return nav("input_audio_tokens", LlmModelUsage::inputAudioTokens, UsageField.LLM_INPUT_AUDIO_TOKENS);
  }

  public LongAssert inputTextTokens() {
    return nav("input_text_tokens", LlmModelUsage::inputTextTokens, UsageField.LLM_INPUT_TEXT_TOKENS);
  }

  public LongAssert outputTokens() {
    return nav("output_tokens", LlmModelUsage::outputTokens, UsageField.LLM_COMPLETION_TOKENS);
  }

  public LongAssert outputAudioTokens() {
    return nav("output_audio_tokens", LlmModelUsage::outputAudioTokens, UsageField.LLM_OUTPUT_AUDIO_TOKENS);
  }

  public LongAssert outputTextTokens() {
    return nav("output_text_tokens", LlmModelUsage::outputTextTokens, UsageField.LLM_OUTPUT_TEXT_TOKENS);
  }

  /** The session duration of session-billed realtime models. */
  public DurationAssert sessionDuration() {
    return duration("session_duration", actual == null ? null : actual.sessionDuration(),
        billed == null ? null : billed.sessionDuration());
  }

  private LlmModelUsageAssert check(String name, ToLongFunction<LlmModelUsage> get, long expected, UsageField field) {
    isNotNull();
    return checkCount(name, get.applyAsLong(actual), expected, billed == null ? null : get.applyAsLong(billed),
        field == null ? null : UsageNotes.hint(field, asSummary(actual)));
  }

  private LongAssert nav(String name, ToLongFunction<LlmModelUsage> get, UsageField field) {
    Long value = actual == null ? null : get.applyAsLong(actual);
    return count(name, value, billed == null ? null : get.applyAsLong(billed),
        actual == null ? null : UsageNotes.hint(field, asSummary(actual)));
  }

  private String line(String name, long value, UsageField field, Long billedValue) {
    UsageNotes.Hint h = UsageNotes.hint(field, asSummary(actual));
    return "  " + name + " is " + value
        + (billedValue != null && billedValue != value ? " (the fake billed " + billedValue + ")" : "")
        + (h == null ? "" : ": " + h);
  }

  /** The entry in the collector's vocabulary, to reuse the usage hints. */
  private static UsageSummary asSummary(LlmModelUsage u) {
    return new UsageSummary(u.inputTokens(), u.inputCachedTokens(), u.inputAudioTokens(), u.inputCachedAudioTokens(),
        u.inputTextTokens(), u.inputCachedTextTokens(), u.inputImageTokens(), u.inputCachedImageTokens(),
        u.outputTokens(), u.outputAudioTokens(), 0, u.outputTextTokens(), 0, Duration.ZERO, Duration.ZERO);
  }
}
