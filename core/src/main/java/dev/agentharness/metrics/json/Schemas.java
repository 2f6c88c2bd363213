package dev.agentharness.metrics.json;

import static dev.agentharness.metrics.json.Kind.BOOL;
import static dev.agentharness.metrics.json.Kind.COUNT;
import static dev.agentharness.metrics.json.Kind.DURATION;
import static dev.agentharness.metrics.json.Kind.INSTANT;
import static dev.agentharness.metrics.json.Kind.LATENCY;
import static dev.agentharness.metrics.json.Kind.NUMBER;
import static dev.agentharness.metrics.json.Kind.STRING;
import static dev.agentharness.metrics.json.Schema.Presence.DEFAULTED;
import static dev.agentharness.metrics.json.Schema.Presence.OPTIONAL;
import static dev.agentharness.metrics.json.Schema.Presence.REQUIRED;
import static dev.agentharness.metrics.json.Schema.Presence.SPARSE;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.AvatarMetrics;
import dev.agentharness.metrics.EotInferenceMetrics;
import dev.agentharness.metrics.EouMetrics;
import dev.agentharness.metrics.InterruptionMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.MetricType;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics.CachedTokenDetails;
import dev.agentharness.metrics.RealtimeModelMetrics.InputTokenDetails;
import dev.agentharness.metrics.RealtimeModelMetrics.OutputTokenDetails;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.metrics.VadMetrics;
import dev.agentharness.usage.EotModelUsage;
import dev.agentharness.usage.InterruptionModelUsage;
import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.SttModelUsage;
import dev.agentharness.usage.TtsModelUsage;
import java.time.Duration;

/**
 * Field tables of LiveKit's metric and usage models: Python names from {@code metrics/base.py} and
 * {@code metrics/usage.py} (1.7), JS names from agents-js {@code metrics/base.ts} (1.7), in Python's
 * declaration order.
 */
final class Schemas {

  private Schemas() {}

  static final Schema<Metadata, String[]> METADATA =
      new Schema<Metadata, String[]>(() -> new String[2], a -> new Metadata(a[0], a[1]))
          .field("model_name", "modelName", OPTIONAL, STRING, Metadata::modelName, (a, v) -> a[0] = v)
          .field("model_provider", "modelProvider", OPTIONAL, STRING, Metadata::modelProvider, (a, v) -> a[1] = v);

  private static final Kind<Metadata> META = Kind.object(METADATA);

  static final Schema<LlmMetrics, LlmMetrics.Builder> LLM =
      new Schema<>(LlmMetrics::builder, LlmMetrics.Builder::build)
          .field("label", REQUIRED, STRING, LlmMetrics::label, LlmMetrics.Builder::label)
          .field("request_id", "requestId", REQUIRED, STRING, LlmMetrics::requestId, LlmMetrics.Builder::requestId)
          .field("timestamp", REQUIRED, INSTANT, LlmMetrics::timestamp, LlmMetrics.Builder::timestamp)
          .field("duration", "durationMs", REQUIRED, DURATION, LlmMetrics::duration, LlmMetrics.Builder::duration)
          .field("ttft", "ttftMs", REQUIRED, LATENCY, LlmMetrics::ttft, LlmMetrics.Builder::ttft)
          .field("cancelled", REQUIRED, BOOL, LlmMetrics::cancelled, LlmMetrics.Builder::cancelled)
          .field("completion_tokens", "completionTokens", REQUIRED, COUNT,
              LlmMetrics::completionTokens, LlmMetrics.Builder::completionTokens)
          .field("prompt_tokens", "promptTokens", REQUIRED, COUNT,
              LlmMetrics::promptTokens, LlmMetrics.Builder::promptTokens)
          .field("prompt_cached_tokens", "promptCachedTokens", REQUIRED, COUNT,
              LlmMetrics::promptCachedTokens, LlmMetrics.Builder::promptCachedTokens)
          .field("cache_creation_tokens", "cacheCreationTokens", OPTIONAL, COUNT,
              LlmMetrics::cacheCreationTokens, LlmMetrics.Builder::cacheCreationTokens)
          .field("total_tokens", "totalTokens", REQUIRED, COUNT,
              LlmMetrics::totalTokens, LlmMetrics.Builder::totalTokens)
          .field("tokens_per_second", "tokensPerSecond", REQUIRED, NUMBER,
              LlmMetrics::tokensPerSecond, LlmMetrics.Builder::tokensPerSecond)
          .field("speech_id", "speechId", OPTIONAL, STRING, LlmMetrics::speechId, LlmMetrics.Builder::speechId)
          .field("metadata", OPTIONAL, META, LlmMetrics::metadata, LlmMetrics.Builder::metadata);

  static final Schema<SttMetrics, SttMetrics.Builder> STT =
      new Schema<>(SttMetrics::builder, SttMetrics.Builder::build)
          .field("label", REQUIRED, STRING, SttMetrics::label, SttMetrics.Builder::label)
          .field("request_id", "requestId", REQUIRED, STRING, SttMetrics::requestId, SttMetrics.Builder::requestId)
          .field("timestamp", REQUIRED, INSTANT, SttMetrics::timestamp, SttMetrics.Builder::timestamp)
          .field("duration", "durationMs", REQUIRED, DURATION, SttMetrics::duration, SttMetrics.Builder::duration)
          .field("audio_duration", "audioDurationMs", REQUIRED, DURATION,
              SttMetrics::audioDuration, SttMetrics.Builder::audioDuration)
          .field("input_tokens", "inputTokens", OPTIONAL, COUNT,
              SttMetrics::inputTokens, SttMetrics.Builder::inputTokens)
          .field("output_tokens", "outputTokens", OPTIONAL, COUNT,
              SttMetrics::outputTokens, SttMetrics.Builder::outputTokens)
          .field("streamed", REQUIRED, BOOL, SttMetrics::streamed, SttMetrics.Builder::streamed)
          .field("acquire_time", "acquireTimeMs", OPTIONAL, DURATION,
              SttMetrics::acquireTime, SttMetrics.Builder::acquireTime)
          .field("connection_reused", "connectionReused", OPTIONAL, BOOL,
              SttMetrics::connectionReused, SttMetrics.Builder::connectionReused)
          .field("metadata", OPTIONAL, META, SttMetrics::metadata, SttMetrics.Builder::metadata);

  static final Schema<TtsMetrics, TtsMetrics.Builder> TTS =
      new Schema<>(TtsMetrics::builder, TtsMetrics.Builder::build)
          .field("label", REQUIRED, STRING, TtsMetrics::label, TtsMetrics.Builder::label)
          .field("request_id", "requestId", REQUIRED, STRING, TtsMetrics::requestId, TtsMetrics.Builder::requestId)
          .field("timestamp", REQUIRED, INSTANT, TtsMetrics::timestamp, TtsMetrics.Builder::timestamp)
          .field("ttfb", "ttfbMs", REQUIRED, LATENCY, TtsMetrics::ttfb, TtsMetrics.Builder::ttfb)
          .field("duration", "durationMs", REQUIRED, DURATION, TtsMetrics::duration, TtsMetrics.Builder::duration)
          .field("audio_duration", "audioDurationMs", REQUIRED, DURATION,
              TtsMetrics::audioDuration, TtsMetrics.Builder::audioDuration)
          .field("cancelled", REQUIRED, BOOL, TtsMetrics::cancelled, TtsMetrics.Builder::cancelled)
          .field("characters_count", "charactersCount", REQUIRED, COUNT,
              TtsMetrics::charactersCount, TtsMetrics.Builder::charactersCount)
          .field("input_tokens", "inputTokens", OPTIONAL, COUNT,
              TtsMetrics::inputTokens, TtsMetrics.Builder::inputTokens)
          .field("output_tokens", "outputTokens", OPTIONAL, COUNT,
              TtsMetrics::outputTokens, TtsMetrics.Builder::outputTokens)
          .field("streamed", REQUIRED, BOOL, TtsMetrics::streamed, TtsMetrics.Builder::streamed)
          .field("acquire_time", "acquireTimeMs", OPTIONAL, DURATION,
              TtsMetrics::acquireTime, TtsMetrics.Builder::acquireTime)
          .field("connection_reused", "connectionReused", OPTIONAL, BOOL,
              TtsMetrics::connectionReused, TtsMetrics.Builder::connectionReused)
          .field("segment_id", "segmentId", OPTIONAL, STRING, TtsMetrics::segmentId, TtsMetrics.Builder::segmentId)
          .field("speech_id", "speechId", OPTIONAL, STRING, TtsMetrics::speechId, TtsMetrics.Builder::speechId)
          .field("metadata", OPTIONAL, META, TtsMetrics::metadata, TtsMetrics.Builder::metadata);

  static final Schema<VadMetrics, VadMetrics.Builder> VAD =
      new Schema<>(VadMetrics::builder, VadMetrics.Builder::build)
          .field("label", REQUIRED, STRING, VadMetrics::label, VadMetrics.Builder::label)
          .field("timestamp", REQUIRED, INSTANT, VadMetrics::timestamp, VadMetrics.Builder::timestamp)
          .field("idle_time", "idleTimeMs", REQUIRED, DURATION, VadMetrics::idleTime, VadMetrics.Builder::idleTime)
          .field("inference_duration_total", "inferenceDurationTotalMs", REQUIRED, DURATION,
              VadMetrics::inferenceDurationTotal, VadMetrics.Builder::inferenceDurationTotal)
          .field("inference_count", "inferenceCount", REQUIRED, COUNT,
              VadMetrics::inferenceCount, VadMetrics.Builder::inferenceCount)
          .field("metadata", OPTIONAL, META, VadMetrics::metadata, VadMetrics.Builder::metadata);

  static final Schema<EouMetrics, EouMetrics.Builder> EOU =
      new Schema<>(EouMetrics::builder, EouMetrics.Builder::build)
          .field("timestamp", REQUIRED, INSTANT, EouMetrics::timestamp, EouMetrics.Builder::timestamp)
          .field("end_of_utterance_delay", "endOfUtteranceDelayMs", REQUIRED, DURATION,
              EouMetrics::endOfUtteranceDelay, EouMetrics.Builder::endOfUtteranceDelay)
          .field("transcription_delay", "transcriptionDelayMs", REQUIRED, DURATION,
              EouMetrics::transcriptionDelay, EouMetrics.Builder::transcriptionDelay)
          .field("on_user_turn_completed_delay", "onUserTurnCompletedDelayMs", REQUIRED, DURATION,
              EouMetrics::onUserTurnCompletedDelay, EouMetrics.Builder::onUserTurnCompletedDelay)
          .field("last_speaking_time", "lastSpeakingTimeMs", SPARSE, INSTANT,
              EouMetrics::lastSpeakingTime, EouMetrics.Builder::lastSpeakingTime)
          .field("speech_id", "speechId", OPTIONAL, STRING, EouMetrics::speechId, EouMetrics.Builder::speechId)
          .field("metadata", OPTIONAL, META, EouMetrics::metadata, EouMetrics.Builder::metadata);

  static final Schema<EotInferenceMetrics, EotInferenceMetrics.Builder> EOT_INFERENCE =
      new Schema<>(EotInferenceMetrics::builder, EotInferenceMetrics.Builder::build)
          .field("timestamp", REQUIRED, INSTANT, EotInferenceMetrics::timestamp, EotInferenceMetrics.Builder::timestamp)
          .field("total_duration", "totalDuration", REQUIRED, DURATION,
              EotInferenceMetrics::totalDuration, EotInferenceMetrics.Builder::totalDuration)
          .field("detection_delay", "detectionDelay", REQUIRED, DURATION,
              EotInferenceMetrics::detectionDelay, EotInferenceMetrics.Builder::detectionDelay)
          .field("prediction_duration", "predictionDuration", REQUIRED, DURATION,
              EotInferenceMetrics::predictionDuration, EotInferenceMetrics.Builder::predictionDuration)
          .field("num_requests", "numRequests", DEFAULTED, COUNT,
              EotInferenceMetrics::numRequests, EotInferenceMetrics.Builder::numRequests)
          .field("metadata", OPTIONAL, META, EotInferenceMetrics::metadata, EotInferenceMetrics.Builder::metadata);

  static final Schema<CachedTokenDetails, long[]> CACHED_TOKEN_DETAILS =
      new Schema<CachedTokenDetails, long[]>(() -> new long[3], a -> new CachedTokenDetails(a[0], a[1], a[2]))
          .field("audio_tokens", "audioTokens", DEFAULTED, COUNT, CachedTokenDetails::audioTokens, (a, v) -> a[0] = v)
          .field("text_tokens", "textTokens", DEFAULTED, COUNT, CachedTokenDetails::textTokens, (a, v) -> a[1] = v)
          .field("image_tokens", "imageTokens", DEFAULTED, COUNT, CachedTokenDetails::imageTokens, (a, v) -> a[2] = v);

  static final Schema<InputTokenDetails, Object[]> INPUT_TOKEN_DETAILS =
      new Schema<InputTokenDetails, Object[]>(
              () -> new Object[] {0L, 0L, 0L, 0L, null},
              a -> new InputTokenDetails((long) a[0], (long) a[1], (long) a[2], (long) a[3], (CachedTokenDetails) a[4]))
          .field("audio_tokens", "audioTokens", DEFAULTED, COUNT, InputTokenDetails::audioTokens, (a, v) -> a[0] = v)
          .field("text_tokens", "textTokens", DEFAULTED, COUNT, InputTokenDetails::textTokens, (a, v) -> a[1] = v)
          .field("image_tokens", "imageTokens", DEFAULTED, COUNT, InputTokenDetails::imageTokens, (a, v) -> a[2] = v)
          .field("cached_tokens", "cachedTokens", DEFAULTED, COUNT, InputTokenDetails::cachedTokens, (a, v) -> a[3] = v)
          .field("cached_tokens_details", "cachedTokensDetails", OPTIONAL, Kind.object(CACHED_TOKEN_DETAILS),
              InputTokenDetails::cachedTokensDetails, (a, v) -> a[4] = v);

  static final Schema<OutputTokenDetails, long[]> OUTPUT_TOKEN_DETAILS =
      new Schema<OutputTokenDetails, long[]>(() -> new long[3], a -> new OutputTokenDetails(a[0], a[1], a[2]))
          .field("text_tokens", "textTokens", DEFAULTED, COUNT, OutputTokenDetails::textTokens, (a, v) -> a[0] = v)
          .field("audio_tokens", "audioTokens", DEFAULTED, COUNT, OutputTokenDetails::audioTokens, (a, v) -> a[1] = v)
          .field("image_tokens", "imageTokens", DEFAULTED, COUNT, OutputTokenDetails::imageTokens, (a, v) -> a[2] = v);

  static final Schema<RealtimeModelMetrics, RealtimeModelMetrics.Builder> REALTIME_MODEL =
      new Schema<>(RealtimeModelMetrics::builder, RealtimeModelMetrics.Builder::build)
          .field("label", DEFAULTED, STRING, RealtimeModelMetrics::label, RealtimeModelMetrics.Builder::label)
          .field("request_id", "requestId", REQUIRED, STRING,
              RealtimeModelMetrics::requestId, RealtimeModelMetrics.Builder::requestId)
          .field("timestamp", REQUIRED, INSTANT,
              RealtimeModelMetrics::timestamp, RealtimeModelMetrics.Builder::timestamp)
          .field("duration", "durationMs", DEFAULTED, DURATION,
              RealtimeModelMetrics::duration, RealtimeModelMetrics.Builder::duration)
          .field("session_duration", "sessionDurationMs", OPTIONAL, DURATION,
              RealtimeModelMetrics::sessionDuration, RealtimeModelMetrics.Builder::sessionDuration)
          .field("ttft", "ttftMs", DEFAULTED, LATENCY, RealtimeModelMetrics::ttft, RealtimeModelMetrics.Builder::ttft)
          .field("cancelled", DEFAULTED, BOOL, RealtimeModelMetrics::cancelled, RealtimeModelMetrics.Builder::cancelled)
          .field("input_tokens", "inputTokens", DEFAULTED, COUNT,
              RealtimeModelMetrics::inputTokens, RealtimeModelMetrics.Builder::inputTokens)
          .field("output_tokens", "outputTokens", DEFAULTED, COUNT,
              RealtimeModelMetrics::outputTokens, RealtimeModelMetrics.Builder::outputTokens)
          .field("total_tokens", "totalTokens", DEFAULTED, COUNT,
              RealtimeModelMetrics::totalTokens, RealtimeModelMetrics.Builder::totalTokens)
          .field("tokens_per_second", "tokensPerSecond", DEFAULTED, NUMBER,
              RealtimeModelMetrics::tokensPerSecond, RealtimeModelMetrics.Builder::tokensPerSecond)
          .field("input_token_details", "inputTokenDetails", REQUIRED, Kind.object(INPUT_TOKEN_DETAILS),
              RealtimeModelMetrics::inputTokenDetails, RealtimeModelMetrics.Builder::inputTokenDetails)
          .field("output_token_details", "outputTokenDetails", REQUIRED, Kind.object(OUTPUT_TOKEN_DETAILS),
              RealtimeModelMetrics::outputTokenDetails, RealtimeModelMetrics.Builder::outputTokenDetails)
          .field("acquire_time", "acquireTimeMs", OPTIONAL, DURATION,
              RealtimeModelMetrics::acquireTime, RealtimeModelMetrics.Builder::acquireTime)
          .field("connection_reused", "connectionReused", OPTIONAL, BOOL,
              RealtimeModelMetrics::connectionReused, RealtimeModelMetrics.Builder::connectionReused)
          .field("metadata", OPTIONAL, META, RealtimeModelMetrics::metadata, RealtimeModelMetrics.Builder::metadata);

  static final Schema<InterruptionMetrics, InterruptionMetrics.Builder> INTERRUPTION =
      new Schema<>(InterruptionMetrics::builder, InterruptionMetrics.Builder::build)
          .field("timestamp", REQUIRED, INSTANT, InterruptionMetrics::timestamp, InterruptionMetrics.Builder::timestamp)
          .field("total_duration", "totalDuration", REQUIRED, DURATION,
              InterruptionMetrics::totalDuration, InterruptionMetrics.Builder::totalDuration)
          .field("prediction_duration", "predictionDuration", REQUIRED, DURATION,
              InterruptionMetrics::predictionDuration, InterruptionMetrics.Builder::predictionDuration)
          .field("detection_delay", "detectionDelay", REQUIRED, DURATION,
              InterruptionMetrics::detectionDelay, InterruptionMetrics.Builder::detectionDelay)
          .field("num_interruptions", "numInterruptions", REQUIRED, COUNT,
              InterruptionMetrics::numInterruptions, InterruptionMetrics.Builder::numInterruptions)
          .field("num_backchannels", "numBackchannels", REQUIRED, COUNT,
              InterruptionMetrics::numBackchannels, InterruptionMetrics.Builder::numBackchannels)
          .field("num_requests", "numRequests", REQUIRED, COUNT,
              InterruptionMetrics::numRequests, InterruptionMetrics.Builder::numRequests)
          .field("metadata", OPTIONAL, META, InterruptionMetrics::metadata, InterruptionMetrics.Builder::metadata);

  static final Schema<AvatarMetrics, AvatarMetrics.Builder> AVATAR =
      new Schema<>(AvatarMetrics::builder, AvatarMetrics.Builder::build)
          .field("timestamp", REQUIRED, INSTANT, AvatarMetrics::timestamp, AvatarMetrics.Builder::timestamp)
          .field("playback_latency", "playbackLatencyMs", DEFAULTED, DURATION,
              AvatarMetrics::playbackLatency, AvatarMetrics.Builder::playbackLatency)
          .field("session_started_time", "sessionStartedAt", OPTIONAL, INSTANT,
              AvatarMetrics::sessionStartedTime, AvatarMetrics.Builder::sessionStartedTime)
          .field("avatar_joined_time", "avatarJoinedAt", OPTIONAL, INSTANT,
              AvatarMetrics::avatarJoinedTime, AvatarMetrics.Builder::avatarJoinedTime)
          .field("metadata", OPTIONAL, META, AvatarMetrics::metadata, AvatarMetrics.Builder::metadata);

  /** The schema of one metric type, typed for the value it reads and writes. */
  @SuppressWarnings("unchecked")
  static Schema<AgentMetrics, ?> of(MetricType type) {
    Schema<?, ?> s = switch (type) {
      case LLM -> LLM;
      case STT -> STT;
      case TTS -> TTS;
      case VAD -> VAD;
      case EOU -> EOU;
      case EOT_INFERENCE -> EOT_INFERENCE;
      case REALTIME_MODEL -> REALTIME_MODEL;
      case INTERRUPTION -> INTERRUPTION;
      case AVATAR -> AVATAR;
    };
    return (Schema<AgentMetrics, ?>) s;
  }

  // usage models: Python naming only (pydantic model_dump of metrics/usage.py)

  static final Schema<LlmModelUsage, Object[]> LLM_USAGE =
      new Schema<LlmModelUsage, Object[]>(
              () -> new Object[] {"", "", 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, Duration.ZERO},
              a -> new LlmModelUsage((String) a[0], (String) a[1], (long) a[2], (long) a[3], (long) a[4], (long) a[5],
                  (long) a[6], (long) a[7], (long) a[8], (long) a[9], (long) a[10], (long) a[11], (long) a[12],
                  (long) a[13], (Duration) a[14]))
          .field("provider", DEFAULTED, STRING, LlmModelUsage::provider, (a, v) -> a[0] = v)
          .field("model", DEFAULTED, STRING, LlmModelUsage::model, (a, v) -> a[1] = v)
          .field("input_tokens", DEFAULTED, COUNT, LlmModelUsage::inputTokens, (a, v) -> a[2] = v)
          .field("input_cached_tokens", DEFAULTED, COUNT, LlmModelUsage::inputCachedTokens, (a, v) -> a[3] = v)
          .field("input_cache_creation_tokens", DEFAULTED, COUNT,
              LlmModelUsage::inputCacheCreationTokens, (a, v) -> a[4] = v)
          .field("input_audio_tokens", DEFAULTED, COUNT, LlmModelUsage::inputAudioTokens, (a, v) -> a[5] = v)
          .field("input_cached_audio_tokens", DEFAULTED, COUNT,
              LlmModelUsage::inputCachedAudioTokens, (a, v) -> a[6] = v)
          .field("input_text_tokens", DEFAULTED, COUNT, LlmModelUsage::inputTextTokens, (a, v) -> a[7] = v)
          .field("input_cached_text_tokens", DEFAULTED, COUNT, LlmModelUsage::inputCachedTextTokens, (a, v) -> a[8] = v)
          .field("input_image_tokens", DEFAULTED, COUNT, LlmModelUsage::inputImageTokens, (a, v) -> a[9] = v)
          .field("input_cached_image_tokens", DEFAULTED, COUNT,
              LlmModelUsage::inputCachedImageTokens, (a, v) -> a[10] = v)
          .field("output_tokens", DEFAULTED, COUNT, LlmModelUsage::outputTokens, (a, v) -> a[11] = v)
          .field("output_audio_tokens", DEFAULTED, COUNT, LlmModelUsage::outputAudioTokens, (a, v) -> a[12] = v)
          .field("output_text_tokens", DEFAULTED, COUNT, LlmModelUsage::outputTextTokens, (a, v) -> a[13] = v)
          .field("session_duration", DEFAULTED, DURATION, LlmModelUsage::sessionDuration, (a, v) -> a[14] = v);

  static final Schema<TtsModelUsage, Object[]> TTS_USAGE =
      new Schema<TtsModelUsage, Object[]>(
              () -> new Object[] {"", "", 0L, 0L, 0L, Duration.ZERO},
              a -> new TtsModelUsage(
                  (String) a[0], (String) a[1], (long) a[2], (long) a[3], (long) a[4], (Duration) a[5]))
          .field("provider", DEFAULTED, STRING, TtsModelUsage::provider, (a, v) -> a[0] = v)
          .field("model", DEFAULTED, STRING, TtsModelUsage::model, (a, v) -> a[1] = v)
          .field("input_tokens", DEFAULTED, COUNT, TtsModelUsage::inputTokens, (a, v) -> a[2] = v)
          .field("output_tokens", DEFAULTED, COUNT, TtsModelUsage::outputTokens, (a, v) -> a[3] = v)
          .field("characters_count", DEFAULTED, COUNT, TtsModelUsage::charactersCount, (a, v) -> a[4] = v)
          .field("audio_duration", DEFAULTED, DURATION, TtsModelUsage::audioDuration, (a, v) -> a[5] = v);

  static final Schema<SttModelUsage, Object[]> STT_USAGE =
      new Schema<SttModelUsage, Object[]>(
              () -> new Object[] {"", "", 0L, 0L, Duration.ZERO},
              a -> new SttModelUsage((String) a[0], (String) a[1], (long) a[2], (long) a[3], (Duration) a[4]))
          .field("provider", DEFAULTED, STRING, SttModelUsage::provider, (a, v) -> a[0] = v)
          .field("model", DEFAULTED, STRING, SttModelUsage::model, (a, v) -> a[1] = v)
          .field("input_tokens", DEFAULTED, COUNT, SttModelUsage::inputTokens, (a, v) -> a[2] = v)
          .field("output_tokens", DEFAULTED, COUNT, SttModelUsage::outputTokens, (a, v) -> a[3] = v)
          .field("audio_duration", DEFAULTED, DURATION, SttModelUsage::audioDuration, (a, v) -> a[4] = v);

  static final Schema<InterruptionModelUsage, Object[]> INTERRUPTION_USAGE =
      new Schema<InterruptionModelUsage, Object[]>(
              () -> new Object[] {"", "", 0L},
              a -> new InterruptionModelUsage((String) a[0], (String) a[1], (long) a[2]))
          .field("provider", DEFAULTED, STRING, InterruptionModelUsage::provider, (a, v) -> a[0] = v)
          .field("model", DEFAULTED, STRING, InterruptionModelUsage::model, (a, v) -> a[1] = v)
          .field("total_requests", DEFAULTED, COUNT, InterruptionModelUsage::totalRequests, (a, v) -> a[2] = v);

  static final Schema<EotModelUsage, Object[]> EOT_USAGE =
      new Schema<EotModelUsage, Object[]>(
              () -> new Object[] {"", "", 0L},
              a -> new EotModelUsage((String) a[0], (String) a[1], (long) a[2]))
          .field("provider", DEFAULTED, STRING, EotModelUsage::provider, (a, v) -> a[0] = v)
          .field("model", DEFAULTED, STRING, EotModelUsage::model, (a, v) -> a[1] = v)
          .field("total_requests", DEFAULTED, COUNT, EotModelUsage::totalRequests, (a, v) -> a[2] = v);
}
