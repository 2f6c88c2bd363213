package dev.agentharness.usage;

import dev.agentharness.metrics.AvatarMetrics;
import dev.agentharness.metrics.EotInferenceMetrics;
import dev.agentharness.metrics.EouMetrics;
import dev.agentharness.metrics.InterruptionMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics.CachedTokenDetails;
import dev.agentharness.metrics.RealtimeModelMetrics.InputTokenDetails;
import dev.agentharness.metrics.RealtimeModelMetrics.OutputTokenDetails;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.metrics.VadMetrics;
import java.time.Duration;
import java.time.Instant;

/** Metrics shaped like the ones LiveKit emits, for the usage tests. */
final class Fixtures {

  static final Metadata OPENAI_REALTIME = Metadata.of("api.openai.com", "gpt-realtime");
  static final Metadata GEMINI_LIVE = Metadata.of("Gemini", "gemini-2.5-flash-native-audio");
  static final Metadata OPENAI_LLM = Metadata.of("api.openai.com", "gpt-4o-mini");
  static final Metadata ANTHROPIC_LLM = Metadata.of("anthropic", "claude-sonnet-4");
  static final Metadata CARTESIA_TTS = Metadata.of("cartesia", "sonic-2");
  static final Metadata DEEPGRAM_STT = Metadata.of("deepgram", "nova-3");
  static final Metadata LIVEKIT_INTERRUPTION = Metadata.of("livekit", "adaptive-interruption");
  static final Metadata LIVEKIT_EOT = Metadata.of("livekit", "turn-detector");

  private Fixtures() {}

  static Duration millis(long ms) {
    return Duration.ofMillis(ms);
  }

  /**
   * A realtime response whose totals are the sums of its modalities, as OpenAI reports them: input =
   * text + audio + image (cached included), cached = sum of the cached details, output = text + audio.
   */
  static RealtimeModelMetrics realtime(
      String requestId,
      long inText, long inAudio, long inImage,
      long cachedText, long cachedAudio, long cachedImage,
      long outText, long outAudio) {
    long in = inText + inAudio + inImage;
    long out = outText + outAudio;
    return RealtimeModelMetrics.builder()
        .label("livekit.plugins.openai.realtime.RealtimeModel")
        .requestId(requestId)
        .timestamp(Instant.parse("2026-03-01T10:00:00Z"))
        .duration(millis(1800))
        .ttft(millis(420))
        .inputTokens(in)
        .outputTokens(out)
        .totalTokens(in + out)
        .tokensPerSecond(out / 1.8)
        .inputTokenDetails(new InputTokenDetails(inAudio, inText, inImage, cachedText + cachedAudio + cachedImage,
            new CachedTokenDetails(cachedAudio, cachedText, cachedImage)))
        .outputTokenDetails(new OutputTokenDetails(outText, outAudio, 0))
        .metadata(OPENAI_REALTIME)
        .build();
  }

  /**
   * The GA {@code response.done} example of the OpenAI Realtime API: input 132 = text 119 + audio 13,
   * cached 64 (all text), output 121 = text 30 + audio 91.
   */
  static RealtimeModelMetrics responseDoneExample() {
    return realtime("resp_CCXHw0UJld10EzIUXQCNh", 119, 13, 0, 64, 0, 0, 30, 91);
  }

  /** LiveKit 1.5.2+'s per-connection metric: empty request id, zero tokens, only acquire_time. */
  static RealtimeModelMetrics connectionMetric(Metadata metadata) {
    return RealtimeModelMetrics.builder()
        .label("livekit.plugins.openai.realtime.RealtimeModel")
        .requestId("")
        .timestamp(Instant.parse("2026-03-01T09:59:59Z"))
        .acquireTime(millis(312))
        .connectionReused(false)
        .metadata(metadata)
        .build();
  }

  static LlmMetrics llm(long prompt, long cached, long completion) {
    return LlmMetrics.builder()
        .label("livekit.plugins.openai.llm.LLM")
        .requestId("chatcmpl-" + prompt + "-" + completion)
        .duration(millis(900))
        .ttft(millis(350))
        .promptTokens(prompt)
        .promptCachedTokens(cached)
        .completionTokens(completion)
        .totalTokens(prompt + completion)
        .metadata(OPENAI_LLM)
        .build();
  }

  static TtsMetrics tts(long characters, Duration audio) {
    return TtsMetrics.builder()
        .label("livekit.plugins.cartesia.tts.TTS")
        .requestId("tts-" + characters)
        .ttfb(millis(180))
        .duration(audio.plusMillis(200))
        .audioDuration(audio)
        .charactersCount(characters)
        .streamed(true)
        .metadata(CARTESIA_TTS)
        .build();
  }

  static SttMetrics stt(Duration audio) {
    return SttMetrics.builder()
        .label("livekit.plugins.deepgram.stt.STT")
        .requestId("stt-" + audio.toNanos())
        .audioDuration(audio)
        .streamed(true)
        .metadata(DEEPGRAM_STT)
        .build();
  }

  static VadMetrics vad() {
    return VadMetrics.builder()
        .label("livekit.plugins.silero.vad.VAD")
        .idleTime(millis(1000))
        .inferenceDurationTotal(millis(12))
        .inferenceCount(31)
        .metadata(Metadata.of("silero", "silero-vad"))
        .build();
  }

  static EouMetrics eou() {
    return EouMetrics.builder()
        .endOfUtteranceDelay(millis(640))
        .transcriptionDelay(millis(210))
        .onUserTurnCompletedDelay(millis(3))
        .speechId("speech_1")
        .metadata(LIVEKIT_EOT)
        .build();
  }

  static InterruptionMetrics interruption(long numRequests) {
    return InterruptionMetrics.builder()
        .totalDuration(millis(90))
        .predictionDuration(millis(20))
        .detectionDelay(millis(150))
        .numInterruptions(1)
        .numRequests(numRequests)
        .metadata(LIVEKIT_INTERRUPTION)
        .build();
  }

  static EotInferenceMetrics eot(long numRequests) {
    return EotInferenceMetrics.builder()
        .totalDuration(millis(70))
        .detectionDelay(millis(40))
        .predictionDuration(millis(15))
        .numRequests(numRequests)
        .metadata(LIVEKIT_EOT)
        .build();
  }

  static AvatarMetrics avatar() {
    return AvatarMetrics.builder()
        .playbackLatency(millis(120))
        .sessionStartedTime(Instant.parse("2026-03-01T10:00:00Z"))
        .avatarJoinedTime(Instant.parse("2026-03-01T10:00:02Z"))
        .metadata(Metadata.of("tavus", "avatar"))
        .build();
  }
}
