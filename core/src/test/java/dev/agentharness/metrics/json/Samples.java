package dev.agentharness.metrics.json;

import dev.agentharness.metrics.AgentMetrics;
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
import java.util.List;

/** One metric of each type with every field set to something other than its default. */
final class Samples {

  private Samples() {}

  static final Instant T0 = Instant.ofEpochSecond(1_732_665_600, 123_456_789);
  static final Metadata OPENAI = Metadata.of("api.openai.com", "gpt-4o-mini");

  static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }

  static LlmMetrics llm() {
    return LlmMetrics.builder()
        .label("livekit.plugins.openai.llm.LLM").requestId("chatcmpl-AXs9").timestamp(T0)
        .duration(Duration.ofNanos(1_234_567_891)).ttft(ms(680)).cancelled(true)
        .completionTokens(42).promptTokens(81).promptCachedTokens(64).cacheCreationTokens(7).totalTokens(123)
        .tokensPerSecond(34.02).speechId("speech_1a2b").metadata(OPENAI).build();
  }

  static SttMetrics stt() {
    return SttMetrics.builder()
        .label("livekit.plugins.deepgram.stt.STT").requestId("req-stt-1").timestamp(T0.plusMillis(5))
        .duration(ms(250)).audioDuration(Duration.ofNanos(2_400_000_001L)).inputTokens(11).outputTokens(12)
        .streamed(true).acquireTime(Duration.ofNanos(31_500_000)).connectionReused(true)
        .metadata(Metadata.of("deepgram", "nova-3")).build();
  }

  static TtsMetrics tts() {
    return TtsMetrics.builder()
        .label("livekit.plugins.cartesia.tts.TTS").requestId("req-tts-1").timestamp(T0.plusSeconds(1))
        .ttfb(ms(312)).duration(ms(1500)).audioDuration(Duration.ofNanos(3_210_000_000L)).cancelled(true)
        .charactersCount(57).inputTokens(3).outputTokens(4).streamed(true).acquireTime(ms(20))
        .connectionReused(true).segmentId("seg-9").speechId("speech_1a2b")
        .metadata(Metadata.of("cartesia", "sonic-2")).build();
  }

  static VadMetrics vad() {
    return VadMetrics.builder()
        .label("livekit.plugins.silero.vad.VAD").timestamp(T0.plusSeconds(2)).idleTime(ms(3500))
        .inferenceDurationTotal(Duration.ofNanos(41_234_567)).inferenceCount(31)
        .metadata(Metadata.of("silero", "silero-vad")).build();
  }

  static EouMetrics eou() {
    return EouMetrics.builder()
        .timestamp(T0.plusSeconds(3)).endOfUtteranceDelay(ms(512)).transcriptionDelay(ms(140))
        .onUserTurnCompletedDelay(Duration.ofNanos(1_500)).lastSpeakingTime(T0.plusMillis(2500))
        .speechId("speech_3c4d").metadata(Metadata.of("livekit", "multilingual")).build();
  }

  static EotInferenceMetrics eot() {
    return EotInferenceMetrics.builder()
        .timestamp(T0.plusSeconds(4)).totalDuration(ms(95)).detectionDelay(ms(120))
        .predictionDuration(ms(31)).numRequests(3).metadata(Metadata.of("livekit", "turn-detector")).build();
  }

  static RealtimeModelMetrics realtime() {
    return RealtimeModelMetrics.builder()
        .label("livekit.plugins.openai.realtime.RealtimeModel").requestId("resp_CA1").timestamp(T0.plusSeconds(5))
        .duration(ms(2750)).sessionDuration(Duration.ofSeconds(61)).ttft(ms(420)).cancelled(true)
        .inputTokens(1200).outputTokens(300).totalTokens(1500).tokensPerSecond(109.09090909090909)
        .inputTokenDetails(new InputTokenDetails(900, 250, 50, 640, new CachedTokenDetails(600, 30, 10)))
        .outputTokenDetails(new OutputTokenDetails(60, 240, 1))
        .acquireTime(ms(45)).connectionReused(true)
        .metadata(Metadata.of("api.openai.com", "gpt-realtime")).build();
  }

  static InterruptionMetrics interruption() {
    return InterruptionMetrics.builder()
        .timestamp(T0.plusSeconds(6)).totalDuration(ms(88)).predictionDuration(ms(21)).detectionDelay(ms(240))
        .numInterruptions(1).numBackchannels(2).numRequests(4)
        .metadata(Metadata.of("livekit", "adaptive-interruption")).build();
  }

  static AvatarMetrics avatar() {
    return AvatarMetrics.builder()
        .timestamp(T0.plusSeconds(7)).playbackLatency(ms(180)).sessionStartedTime(T0)
        .avatarJoinedTime(T0.plusMillis(1234)).metadata(Metadata.of("tavus", null)).build();
  }

  static List<AgentMetrics> all() {
    return List.of(llm(), stt(), tts(), vad(), eou(), eot(), realtime(), interruption(), avatar());
  }

  /** Each type built with only a timestamp (and a request id where one is required): LiveKit's defaults. */
  static List<AgentMetrics> defaults() {
    return List.of(
        LlmMetrics.builder().timestamp(T0).build(),
        SttMetrics.builder().timestamp(T0).build(),
        TtsMetrics.builder().timestamp(T0).build(),
        VadMetrics.builder().timestamp(T0).build(),
        EouMetrics.builder().timestamp(T0).build(),
        EotInferenceMetrics.builder().timestamp(T0).build(),
        RealtimeModelMetrics.builder().timestamp(T0).build(),
        InterruptionMetrics.builder().timestamp(T0).build(),
        AvatarMetrics.builder().timestamp(T0).build());
  }
}
