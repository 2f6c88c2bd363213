package dev.agentharness.junit;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;

import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Hand-made summaries, metrics and ledgers, and the small OpenAI Realtime scenarios the tests play. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Metadata OPENAI = Metadata.of("api.openai.com", "gpt-realtime");

  private Fixtures() {}

  /** A summary with these fields set (counts; nanoseconds for the durations) and every other field 0. */
  static UsageSummary usage(Object... fieldValuePairs) {
    Map<UsageField, Long> values = new EnumMap<>(UsageField.class);
    for (int i = 0; i < fieldValuePairs.length; i += 2) {
      Object v = fieldValuePairs[i + 1];
      values.put((UsageField) fieldValuePairs[i], v instanceof Duration d ? d.toNanos() : ((Number) v).longValue());
    }
    return UsageSummary.fromRaw(f -> values.getOrDefault(f, 0L));
  }

  /** What a realtime session billed: 132 prompt tokens (13 audio), 121 completion tokens (91 audio, 30 text). */
  static UsageSummary realtimeUsage() {
    return usage(UsageField.LLM_PROMPT_TOKENS, 132, UsageField.LLM_INPUT_AUDIO_TOKENS, 13,
        UsageField.LLM_INPUT_TEXT_TOKENS, 119, UsageField.LLM_PROMPT_CACHED_TOKENS, 64,
        UsageField.LLM_INPUT_CACHED_TEXT_TOKENS, 64, UsageField.LLM_COMPLETION_TOKENS, 121,
        UsageField.LLM_OUTPUT_AUDIO_TOKENS, 91, UsageField.LLM_OUTPUT_TEXT_TOKENS, 30);
  }

  /** The same session through agents-js's legacy UsageSummary: totals only, no modality. */
  static UsageSummary legacyJsUsage() {
    return usage(UsageField.LLM_PROMPT_TOKENS, 132, UsageField.LLM_PROMPT_CACHED_TOKENS, 64,
        UsageField.LLM_COMPLETION_TOKENS, 121);
  }

  static RealtimeModelMetrics.Builder realtime(String id, long inAudio, long outAudio, long outText) {
    return RealtimeModelMetrics.builder().requestId(id).timestamp(T0).ttft(ofMillis(300)).duration(ofMillis(2400))
        .inputTokens(inAudio).outputTokens(outAudio + outText).totalTokens(inAudio + outAudio + outText)
        .inputTokenDetails(new RealtimeModelMetrics.InputTokenDetails(inAudio, 0, 0, 0, null))
        .outputTokenDetails(new RealtimeModelMetrics.OutputTokenDetails(outText, outAudio, 0))
        .metadata(OPENAI);
  }

  static RealtimeModelMetrics connection() {
    return RealtimeModelMetrics.builder().timestamp(T0).acquireTime(ofMillis(120)).metadata(OPENAI).build();
  }

  static LlmMetrics llm(String id, long prompt, long completion, Duration ttft) {
    return LlmMetrics.builder().requestId(id).timestamp(T0).ttft(ttft).promptTokens(prompt)
        .completionTokens(completion).totalTokens(prompt + completion)
        .metadata(Metadata.of("api.openai.com", "gpt-4.1-mini")).build();
  }

  static TtsMetrics tts(String id, long characters, Duration audio, Duration ttfb) {
    return TtsMetrics.builder().requestId(id).timestamp(T0).ttfb(ttfb).charactersCount(characters)
        .audioDuration(audio).metadata(Metadata.of("ElevenLabs", "eleven_flash_v2_5")).build();
  }

  /** A ledger of one realtime response billing 13 input audio, 91 output audio and 30 output text tokens. */
  static Ledger ledgerOfOneResponse(String id) {
    Ledger ledger = new Ledger();
    ledger.record(new LedgerEntry(id, "openai-realtime", "api.openai.com", "gpt-realtime", Billing.REALTIME_RESPONSE,
        "completed", T0, T0.plusMillis(2400), new LedgerEntry.Tokens(0, 13, 0, 0, 0, 0, 30, 91, 0), 0, null));
    return ledger;
  }

  /** Three OpenAI Realtime turns, as in the session module's tests. */
  static Scenario threeTurns() {
    return Scenario.builder("three-turns")
        .realtime(Providers.Realtime.OPENAI)
        .turn(t -> t.user("Hi, what's my balance?", ofSeconds(2))
            .reply(r -> r.text("Your balance is 42 euros.").audio(ofMillis(2400)).ttft(ofMillis(300))
                .usage(u -> u.outputAudio(91).outputText(30))))
        .turn(t -> t.user("Thanks!", ofSeconds(1))
            .reply(r -> r.text("You're welcome.").audio(ofSeconds(1)).ttft(ofMillis(450))))
        .turn(t -> t.user("Bye.", ofMillis(800)).reply(r -> r.text("Goodbye!").audio(ofMillis(900))))
        .build();
  }

  /** Two turns; the second reply's response.done carries no usage (fault {@code usage-missing}). */
  static Scenario usageMissing() {
    return Scenario.builder("usage-missing")
        .realtime(Providers.Realtime.OPENAI)
        .turn(t -> t.user("Hi, what's my balance?", ofSeconds(2))
            .reply(r -> r.text("Your balance is 42 euros.").audio(ofMillis(2400)).ttft(ofMillis(300))
                .usage(u -> u.outputAudio(91).outputText(30))))
        .turn(t -> t.user("Thanks!", ofSeconds(1))
            .reply(r -> r.text("You're welcome.").audio(ofSeconds(1)).fault(FaultKind.USAGE_MISSING)))
        .build();
  }
}
