package dev.agentharness.ledger;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One thing a fake billed.
 *
 * @param id the provider's id for it: response id, completion id, request id, stream id
 * @param service the fake that billed it, e.g. {@code openai-realtime}, {@code elevenlabs}
 * @param provider the provider as LiveKit's plugins name it in metric metadata (e.g. the OpenAI base
 *     URL's host and port, {@code Gemini}, {@code ElevenLabs})
 * @param status {@code completed}, {@code cancelled}, {@code incomplete} or {@code failed}
 * @param tokens tokens billed (zero for character- or duration-billed services)
 * @param characters characters billed by a TTS
 * @param audio audio produced by a TTS, or billed by an STT
 */
public record LedgerEntry(
    String id,
    String service,
    String provider,
    String model,
    Billing billing,
    String status,
    Instant start,
    Instant end,
    Tokens tokens,
    long characters,
    Duration audio) {

  public LedgerEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(billing, "billing");
    if (status == null) status = "completed";
    Objects.requireNonNull(start, "start");
    if (end == null) end = start;
    if (tokens == null) tokens = Tokens.NONE;
    if (audio == null) audio = Duration.ZERO;
  }

  /**
   * The metric a LiveKit plugin that measures exactly would emit for this entry. Summing these with a
   * {@code UsageCollector} gives the ledger's totals.
   */
  public AgentMetrics idealMetric() {
    Metadata metadata = new Metadata(model, provider);
    Duration duration = Duration.between(start, end);
    boolean cancelled = "cancelled".equals(status);
    return switch (billing) {
      case REALTIME_RESPONSE -> RealtimeModelMetrics.builder()
          .requestId(id).timestamp(start).duration(duration).cancelled(cancelled)
          .inputTokens(tokens.input()).outputTokens(tokens.output()).totalTokens(tokens.total())
          .inputTokenDetails(new RealtimeModelMetrics.InputTokenDetails(
              tokens.inputAudio(), tokens.inputText(), tokens.inputImage(), tokens.cached(),
              new RealtimeModelMetrics.CachedTokenDetails(tokens.cachedAudio(), tokens.cachedText(), tokens.cachedImage())))
          .outputTokenDetails(new RealtimeModelMetrics.OutputTokenDetails(tokens.outputText(), tokens.outputAudio(), 0))
          .metadata(metadata).build();
      case LLM_COMPLETION -> LlmMetrics.builder()
          .requestId(id).timestamp(start).duration(duration).cancelled(cancelled)
          .promptTokens(tokens.input()).promptCachedTokens(tokens.cached())
          .completionTokens(tokens.output()).totalTokens(tokens.total())
          .metadata(metadata).build();
      case TTS_SYNTHESIS -> TtsMetrics.builder()
          .requestId(id).timestamp(start).duration(duration).cancelled(cancelled)
          .charactersCount(characters).audioDuration(audio)
          .inputTokens(tokens.input()).outputTokens(tokens.output())
          .metadata(metadata).build();
      case STT_STREAM -> SttMetrics.builder()
          .requestId(id).timestamp(start).audioDuration(audio).streamed(true)
          .metadata(metadata).build();
    };
  }

  /**
   * Tokens by modality. {@code input} = text + audio + image; cached tokens are a subset of input;
   * {@code output} = text + audio + reasoning.
   */
  public record Tokens(
      long inputText,
      long inputAudio,
      long inputImage,
      long cachedText,
      long cachedAudio,
      long cachedImage,
      long outputText,
      long outputAudio,
      long reasoning) {

    public static final Tokens NONE = new Tokens(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public long input() {
      return inputText + inputAudio + inputImage;
    }

    public long cached() {
      return cachedText + cachedAudio + cachedImage;
    }

    public long output() {
      return outputText + outputAudio + reasoning;
    }

    public long total() {
      return input() + output();
    }

    public Tokens plus(Tokens o) {
      return new Tokens(inputText + o.inputText, inputAudio + o.inputAudio, inputImage + o.inputImage,
          cachedText + o.cachedText, cachedAudio + o.cachedAudio, cachedImage + o.cachedImage,
          outputText + o.outputText, outputAudio + o.outputAudio, reasoning + o.reasoning);
    }
  }
}
