package dev.agentharness.junit;

import dev.agentharness.ledger.Ledger;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.DurationAssert;
import org.assertj.core.api.LongAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Assertions on a {@link UsageSummary}, LiveKit's 15 usage totals.
 *
 * <pre>{@code
 * assertThat(session.usage()).llmOutputAudioTokens().isPositive();
 * assertThat(summary).hasNoZeroAudioTokens().hasTtsCharactersCount(0);
 * assertThat(collector.summary()).matches(ledger.summary());
 * }</pre>
 *
 * <p>Field navigation ({@link #llmOutputAudioTokens()} ...) returns AssertJ's own long or duration assert,
 * described by the field's LiveKit and Java names and, when the value looks wrong, by what probably caused
 * it. Reached through {@code assertThat(session).usage()}, the assert also knows what the fakes billed
 * and says so: {@code "..., but the fake billed 91 (resp_1 (91))"}.
 */
public class UsageSummaryAssert extends AbstractAssert<UsageSummaryAssert, UsageSummary> {

  /** Set inside {@link AgentSoftAssertions}: navigation then returns soft proxies. */
  SoftAssertionsProvider softly;
  /** The collected usage against the fakes' ledger, when known. */
  Reconciliation reconciliation;

  public UsageSummaryAssert(UsageSummary actual) {
    super(actual, UsageSummaryAssert.class);
  }

  // ------------------------------------------------------------------------------------------ navigation

  /** {@code llm_prompt_tokens} ({@link UsageSummary#llmPromptTokens()}). */
  public LongAssert llmPromptTokens() {
    return field(UsageField.LLM_PROMPT_TOKENS);
  }

  /** LiveKit's alias of {@link #llmPromptTokens()}. */
  public LongAssert llmInputTokens() {
    return field(UsageField.LLM_PROMPT_TOKENS);
  }

  /** {@code llm_prompt_cached_tokens}. */
  public LongAssert llmPromptCachedTokens() {
    return field(UsageField.LLM_PROMPT_CACHED_TOKENS);
  }

  /** {@code llm_input_audio_tokens}. */
  public LongAssert llmInputAudioTokens() {
    return field(UsageField.LLM_INPUT_AUDIO_TOKENS);
  }

  /** {@code llm_input_cached_audio_tokens}. */
  public LongAssert llmInputCachedAudioTokens() {
    return field(UsageField.LLM_INPUT_CACHED_AUDIO_TOKENS);
  }

  /** {@code llm_input_text_tokens}. */
  public LongAssert llmInputTextTokens() {
    return field(UsageField.LLM_INPUT_TEXT_TOKENS);
  }

  /** {@code llm_input_cached_text_tokens}. */
  public LongAssert llmInputCachedTextTokens() {
    return field(UsageField.LLM_INPUT_CACHED_TEXT_TOKENS);
  }

  /** {@code llm_input_image_tokens}. */
  public LongAssert llmInputImageTokens() {
    return field(UsageField.LLM_INPUT_IMAGE_TOKENS);
  }

  /** {@code llm_input_cached_image_tokens}. */
  public LongAssert llmInputCachedImageTokens() {
    return field(UsageField.LLM_INPUT_CACHED_IMAGE_TOKENS);
  }

  /** {@code llm_completion_tokens}. */
  public LongAssert llmCompletionTokens() {
    return field(UsageField.LLM_COMPLETION_TOKENS);
  }

  /** LiveKit's alias of {@link #llmCompletionTokens()}. */
  public LongAssert llmOutputTokens() {
    return field(UsageField.LLM_COMPLETION_TOKENS);
  }

  /** {@code llm_output_audio_tokens}. */
  public LongAssert llmOutputAudioTokens() {
    return field(UsageField.LLM_OUTPUT_AUDIO_TOKENS);
  }

  /** {@code llm_output_image_tokens}. */
  public LongAssert llmOutputImageTokens() {
    return field(UsageField.LLM_OUTPUT_IMAGE_TOKENS);
  }

  /** {@code llm_output_text_tokens}. */
  public LongAssert llmOutputTextTokens() {
    return field(UsageField.LLM_OUTPUT_TEXT_TOKENS);
  }

  /** {@code tts_characters_count}. */
  public LongAssert ttsCharactersCount() {
    return field(UsageField.TTS_CHARACTERS_COUNT);
  }

  /** {@code tts_audio_duration}. */
  public DurationAssert ttsAudioDuration() {
    return durationField(UsageField.TTS_AUDIO_DURATION);
  }

  /** {@code stt_audio_duration}. */
  public DurationAssert sttAudioDuration() {
    return durationField(UsageField.STT_AUDIO_DURATION);
  }

  /**
   * A count field (tokens or characters).
   *
   * @throws IllegalArgumentException for the two duration fields: use {@link #durationField(UsageField)}
   */
  public LongAssert field(UsageField field) {
    requireCount(field, "field(UsageField)");
    if (softly == null) isNotNull();
    Long value = actual == null ? null : actual.get(field);
    return Navigation.longAssert(softly, value, description(field));
  }

  /**
   * A duration field ({@code tts_audio_duration}, {@code stt_audio_duration}).
   *
   * @throws IllegalArgumentException for count fields: use {@link #field(UsageField)}
   */
  public DurationAssert durationField(UsageField field) {
    requireDuration(field, "durationField(UsageField)");
    if (softly == null) isNotNull();
    Duration value = actual == null ? null : Duration.ofNanos(actual.get(field));
    return Navigation.durationAssert(softly, value, description(field));
  }

  // ------------------------------------------------------------------------------------------ direct checks

  /** Checks one count field. */
  public UsageSummaryAssert hasField(UsageField field, long expected) {
    requireCount(field, "hasField(UsageField, long)");
    return checkField(field, expected);
  }

  /** Checks one duration field exactly. */
  public UsageSummaryAssert hasField(UsageField field, Duration expected) {
    requireDuration(field, "hasField(UsageField, Duration)");
    Objects.requireNonNull(expected, "expected");
    return checkField(field, expected.toNanos());
  }

  public UsageSummaryAssert hasLlmPromptTokens(long expected) {
    return checkField(UsageField.LLM_PROMPT_TOKENS, expected);
  }

  public UsageSummaryAssert hasLlmPromptCachedTokens(long expected) {
    return checkField(UsageField.LLM_PROMPT_CACHED_TOKENS, expected);
  }

  public UsageSummaryAssert hasLlmInputAudioTokens(long expected) {
    return checkField(UsageField.LLM_INPUT_AUDIO_TOKENS, expected);
  }

  public UsageSummaryAssert hasLlmInputCachedAudioTokens(long expected) {
    return checkField(UsageField.LLM_INPUT_CACHED_AUDIO_TOKENS, expected);
  }

  public UsageSummaryAssert hasLlmInputTextTokens(long expected) {
    return checkField(UsageField.LLM_INPUT_TEXT_TOKENS, expected);
  }

  public UsageSummaryAssert hasLlmInputCachedTextTokens(long expected) {
    return checkField(UsageField.LLM_INPUT_CACHED_TEXT_TOKENS, expected);
  }

  public UsageSummaryAssert hasLlmInputImageTokens(long expected) {
    return checkField(UsageField.LLM_INPUT_IMAGE_TOKENS, expected);
  }

  public UsageSummaryAssert hasLlmInputCachedImageTokens(long expected) {
    return checkField(UsageField.LLM_INPUT_CACHED_IMAGE_TOKENS, expected);
  }

  public UsageSummaryAssert hasLlmCompletionTokens(long expected) {
    return checkField(UsageField.LLM_COMPLETION_TOKENS, expected);
  }

  public UsageSummaryAssert hasLlmOutputAudioTokens(long expected) {
    return checkField(UsageField.LLM_OUTPUT_AUDIO_TOKENS, expected);
  }

  public UsageSummaryAssert hasLlmOutputImageTokens(long expected) {
    return checkField(UsageField.LLM_OUTPUT_IMAGE_TOKENS, expected);
  }

  public UsageSummaryAssert hasLlmOutputTextTokens(long expected) {
    return checkField(UsageField.LLM_OUTPUT_TEXT_TOKENS, expected);
  }

  public UsageSummaryAssert hasTtsCharactersCount(long expected) {
    return checkField(UsageField.TTS_CHARACTERS_COUNT, expected);
  }

  public UsageSummaryAssert hasTtsAudioDuration(Duration expected) {
    return hasField(UsageField.TTS_AUDIO_DURATION, expected);
  }

  public UsageSummaryAssert hasSttAudioDuration(Duration expected) {
    return hasField(UsageField.STT_AUDIO_DURATION, expected);
  }

  /** {@code tts_audio_duration} within {@code tolerance} of {@code expected} (inclusive). */
  public UsageSummaryAssert hasTtsAudioDurationCloseTo(Duration expected, Duration tolerance) {
    return checkDurationCloseTo(UsageField.TTS_AUDIO_DURATION, expected, tolerance);
  }

  /** {@code stt_audio_duration} within {@code tolerance} of {@code expected} (inclusive). */
  public UsageSummaryAssert hasSttAudioDurationCloseTo(Duration expected, Duration tolerance) {
    return checkDurationCloseTo(UsageField.STT_AUDIO_DURATION, expected, tolerance);
  }

  /** Input and output audio tokens are both above 0: the realtime model's audio was billed both ways. */
  public UsageSummaryAssert hasNoZeroAudioTokens() {
    return checkPositive("input and output audio tokens",
        List.of(UsageField.LLM_INPUT_AUDIO_TOKENS, UsageField.LLM_OUTPUT_AUDIO_TOKENS));
  }

  /** Every field named is above 0. */
  public UsageSummaryAssert hasPositive(UsageField... fields) {
    return checkPositive(null, Arrays.asList(fields));
  }

  /** Every field named is 0 (to pin down a known zero, e.g. in a bug reproduction). */
  public UsageSummaryAssert hasZero(UsageField... fields) {
    isNotNull();
    List<String> lines = new ArrayList<>();
    for (UsageField f : fields) {
      if (actual.get(f) != 0) lines.add("  " + Texts.field(f) + " is " + f.format(actual.get(f)));
    }
    if (lines.isEmpty()) return myself;
    throw failure("%s", "Expected " + names(fields) + " to be 0, but:\n" + String.join("\n", lines));
  }

  /** Every field is 0. */
  public UsageSummaryAssert isEmpty() {
    isNotNull();
    if (actual.isEmpty()) return myself;
    List<String> lines = new ArrayList<>();
    for (UsageField f : UsageField.values()) {
      if (actual.get(f) != 0) lines.add("  " + Texts.field(f) + " = " + f.format(actual.get(f)));
    }
    throw failure("%s", "Expected no usage, but " + Texts.plural(lines.size(), "field is", "fields are")
        + " not 0:\n" + String.join("\n", lines));
  }

  /** At least one field is not 0. */
  public UsageSummaryAssert isNotEmpty() {
    isNotNull();
    if (!actual.isEmpty()) return myself;
    StringBuilder sb = new StringBuilder("Expected some usage to be collected, but every field is 0: is the collector"
        + " subscribed to metrics_collected, and did the responses carry usage?");
    if (reconciliation != null && !reconciliation.billed().isEmpty()) {
      sb.append("\nThe fake billed:");
      for (UsageField f : UsageField.values()) {
        long b = reconciliation.billed().get(f);
        if (b != 0) sb.append("\n  ").append(Texts.field(f)).append(" = ").append(f.format(b));
      }
    }
    throw failure("%s", sb.toString());
  }

  /**
   * Equal to {@code expected} in every field. On failure, the message is a table of the fields that differ,
   * and the error carries both summaries one field per line, so IDEs show a diff.
   */
  @Override
  public UsageSummaryAssert isEqualTo(Object expected) {
    if (!(expected instanceof UsageSummary) || actual == null) return super.isEqualTo(expected);
    UsageSummary e = (UsageSummary) expected;
    List<UsageField> differing = differing(e, Set.of());
    if (differing.isEmpty()) return myself;
    throw failureWithActualExpected(lines(actual), lines(e), "%s",
        "Expected the usage to be equal to the expected usage, but " + differ(differing.size()) + ":\n\n"
            + table(e, differing).stripTrailing());
  }

  /**
   * Every field matches {@code expected}. On failure: a table of the fields that differ (expected, actual,
   * difference), then what each differing value suggests.
   */
  public UsageSummaryAssert matches(UsageSummary expected) {
    return matchesIgnoring(expected);
  }

  /** As {@link #matches(UsageSummary)}, leaving out some fields. */
  public UsageSummaryAssert matchesIgnoring(UsageSummary expected, UsageField... ignored) {
    isNotNull();
    Objects.requireNonNull(expected, "expected");
    Set<UsageField> skip = ignored.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(ignored));
    List<UsageField> differing = differing(expected, skip);
    if (differing.isEmpty()) return myself;
    StringBuilder sb = new StringBuilder("Expected the usage to match the expected usage");
    if (!skip.isEmpty()) sb.append(" (ignoring ").append(names(ignored)).append(')');
    sb.append(", but ").append(differ(differing.size())).append(":\n\n")
        .append(table(expected, differing).stripTrailing());
    for (UsageField f : differing) {
      String note = UsageNotes.note(f, actual, reconciliation);
      if (note != null) sb.append("\n\n").append(f.liveKitName()).append(": ").append(note);
    }
    throw failure("%s", sb.toString());
  }

  /**
   * What was billed in {@code ledger} was collected, field by field. On failure the message is
   * {@link Reconciliation#report()} (without the metric stream, it cannot name the responses that
   * differ; see {@link #matchesLedger(Ledger, List)}).
   */
  public UsageSummaryAssert matchesLedger(Ledger ledger) {
    return matchesLedger(ledger, List.of());
  }

  /** As {@link #matchesLedger(Ledger)}, with the collected metrics to name the responses behind each difference. */
  public UsageSummaryAssert matchesLedger(Ledger ledger, List<? extends AgentMetrics> metrics) {
    isNotNull();
    Reconciliation r = Reconciliation.of(Objects.requireNonNull(ledger, "ledger"), actual, metrics);
    if (!r.matches()) throw failure("%s", r.report().stripTrailing());
    return myself;
  }

  // ------------------------------------------------------------------------------------------ helpers

  private UsageSummaryAssert checkField(UsageField f, long expected) {
    isNotNull();
    long v = actual.get(f);
    if (v == expected) return myself;
    String note = UsageNotes.note(f, actual, reconciliation);
    throw failureWithActualExpected(f.value(actual), f.isDuration() ? Duration.ofNanos(expected) : (Object) expected,
        "%s", "Expected " + Texts.field(f) + " to be " + f.format(expected) + ", but it was " + f.format(v)
            + (note == null ? "" : "\n" + Texts.capitalize(note)));
  }

  private UsageSummaryAssert checkDurationCloseTo(UsageField f, Duration expected, Duration tolerance) {
    isNotNull();
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(tolerance, "tolerance");
    Duration v = Duration.ofNanos(actual.get(f));
    Duration off = v.minus(expected).abs();
    if (off.compareTo(tolerance) <= 0) return myself;
    String note = UsageNotes.note(f, actual, reconciliation);
    throw failure("%s", "Expected " + Texts.field(f) + " to be " + Texts.duration(expected) + " ± "
        + Texts.duration(tolerance) + ", but it was " + Texts.duration(v) + " (off by " + Texts.duration(off) + ")"
        + (note == null ? "" : "\n" + Texts.capitalize(note)));
  }

  private UsageSummaryAssert checkPositive(String what, List<UsageField> fields) {
    isNotNull();
    List<String> lines = new ArrayList<>();
    for (UsageField f : fields) {
      if (actual.get(f) > 0) continue;
      String note = UsageNotes.note(f, actual, reconciliation);
      lines.add("  " + Texts.field(f) + " is " + f.format(actual.get(f)) + (note == null ? "" : ": " + note));
    }
    if (lines.isEmpty()) return myself;
    String subject = what != null ? what : names(fields.toArray(new UsageField[0]));
    throw failure("%s", "Expected " + subject + " to be positive, but:\n" + String.join("\n", lines));
  }

  private String description(UsageField f) {
    if (actual == null) return Texts.field(f);
    String note = UsageNotes.note(f, actual, reconciliation);
    return note == null ? Texts.field(f) : Texts.field(f) + ": " + note;
  }

  private List<UsageField> differing(UsageSummary expected, Set<UsageField> skip) {
    List<UsageField> out = new ArrayList<>();
    for (UsageField f : UsageField.values()) {
      if (!skip.contains(f) && actual.get(f) != expected.get(f)) out.add(f);
    }
    return out;
  }

  private static String differ(int n) {
    return n == 1 ? "1 field differs" : n + " fields differ";
  }

  private static String names(UsageField... fields) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) sb.append(i == fields.length - 1 ? " and " : ", ");
      sb.append(fields[i].liveKitName());
    }
    return sb.toString();
  }

  /** The differing fields: {@code field  expected  actual  difference}, right-aligned numbers. */
  private String table(UsageSummary expected, List<UsageField> fields) {
    int w = "field".length();
    int we = "expected".length();
    int wa = "actual".length();
    int wd = "difference".length();
    for (UsageField f : fields) {
      w = Math.max(w, f.liveKitName().length());
      we = Math.max(we, f.format(expected.get(f)).length());
      wa = Math.max(wa, f.format(actual.get(f)).length());
      wd = Math.max(wd, Texts.signed(f, actual.get(f) - expected.get(f)).length());
    }
    String row = "  %-" + w + "s   %" + we + "s   %" + wa + "s   %" + wd + "s%n";
    StringBuilder sb = new StringBuilder(String.format(row, "field", "expected", "actual", "difference"));
    for (UsageField f : fields) {
      sb.append(String.format(row, f.liveKitName(), f.format(expected.get(f)), f.format(actual.get(f)),
          Texts.signed(f, actual.get(f) - expected.get(f))));
    }
    return sb.toString();
  }

  /** One field per line, for an IDE's diff view. */
  private static String lines(UsageSummary s) {
    StringBuilder sb = new StringBuilder();
    for (UsageField f : UsageField.values()) {
      sb.append(f.liveKitName()).append(" = ").append(f.format(s.get(f))).append('\n');
    }
    return sb.toString();
  }

  private static void requireCount(UsageField f, String method) {
    if (Objects.requireNonNull(f, "field").isDuration()) {
      throw new IllegalArgumentException(f.liveKitName() + " is a duration; " + method + " takes count fields (use "
          + (method.startsWith("field") ? "durationField(UsageField)" : "hasField(UsageField, Duration)") + ")");
    }
  }

  private static void requireDuration(UsageField f, String method) {
    if (!Objects.requireNonNull(f, "field").isDuration()) {
      throw new IllegalArgumentException(f.liveKitName() + " is a count; " + method + " takes the duration fields"
          + " (use " + (method.startsWith("duration") ? "field(UsageField)" : "hasField(UsageField, long)") + ")");
    }
  }
}
