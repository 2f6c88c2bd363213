package dev.agentharness.metrics.log;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.AvatarMetrics;
import dev.agentharness.metrics.EouMetrics;
import dev.agentharness.metrics.InterruptionMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * LiveKit Agents' {@code log_metrics} (Python 1.7): the message and {@code extra} fields it logs for each
 * metric type, with its rounding.
 *
 * <ul>
 *   <li>{@code "LLM metrics"}: ttft (2 dp), prompt_tokens, prompt_cached_tokens, cache_creation_tokens,
 *       completion_tokens, tokens_per_second (2 dp)
 *   <li>{@code "RealtimeModel metrics"}: ttft (2 dp), input_tokens, cached_input_tokens, input_text_tokens,
 *       input_cached_text_tokens, input_image_tokens, input_cached_image_tokens, input_audio_tokens,
 *       input_cached_audio_tokens, output_tokens, output_text_tokens, output_audio_tokens,
 *       output_image_tokens, total_tokens, tokens_per_second (2 dp)
 *   <li>{@code "TTS metrics"}: ttfb (not rounded), audio_duration (2 dp)
 *   <li>{@code "EOU metrics"}: end_of_utterance_delay, transcription_delay (2 dp)
 *   <li>{@code "STT metrics"}: audio_duration (2 dp)
 *   <li>{@code "Interruption metrics"}: total_duration, prediction_duration, detection_delay (2 dp),
 *       num_interruptions, num_backchannels, num_requests
 *   <li>{@code "Avatar metrics"}: avatar_join_latency (joined − started, 3 dp) when both times are set,
 *       playback_latency (3 dp) when not zero
 *   <li>VAD and EOT-inference metrics are not logged.
 * </ul>
 *
 * <p>When the metric has metadata, {@code model_name} and {@code model_provider} come first, each
 * {@code "unknown"} when null or empty. Times are float seconds; rounding is Python's {@code round(x, n)}:
 * the exact binary value of the double, rounded half-even ({@code 0.125 → 0.12}, {@code 0.675 → 0.68}).
 * The avatar join latency is taken from the exact difference of the two times.
 *
 * <p>With SLF4J 2, where {@code log} is an {@code org.slf4j.Logger}:
 *
 * <pre>{@code
 * MetricsLog.entry(metrics).ifPresent(e -> {
 *   var event = log.atInfo().setMessage(e.message());
 *   e.forEachField(event::addKeyValue);
 *   event.log();
 * });
 * }</pre>
 */
public final class MetricsLog {

  /** LiveKit's logger name, used by {@link #log(AgentMetrics)}. */
  public static final String LOGGER_NAME = "livekit.agents";

  private MetricsLog() {}

  /** What {@code log_metrics} logs for {@code metrics}; empty for VAD and EOT-inference metrics. */
  public static Optional<MetricsLogEntry> entry(AgentMetrics metrics) {
    Map<String, Object> f = new LinkedHashMap<>();
    Metadata meta = metrics.metadata();
    if (meta != null) {
      f.put("model_name", orUnknown(meta.modelName()));
      f.put("model_provider", orUnknown(meta.modelProvider()));
    }
    String message;
    if (metrics instanceof LlmMetrics m) {
      message = "LLM metrics";
      f.put("ttft", round(seconds(m.ttft()), 2));
      f.put("prompt_tokens", m.promptTokens());
      f.put("prompt_cached_tokens", m.promptCachedTokens());
      f.put("cache_creation_tokens", m.cacheCreationTokens());
      f.put("completion_tokens", m.completionTokens());
      f.put("tokens_per_second", round(m.tokensPerSecond(), 2));
    } else if (metrics instanceof RealtimeModelMetrics m) {
      message = "RealtimeModel metrics";
      RealtimeModelMetrics.InputTokenDetails in = m.inputTokenDetails();
      RealtimeModelMetrics.CachedTokenDetails cached = in.cachedTokensDetails();
      f.put("ttft", round(seconds(m.ttft()), 2));
      f.put("input_tokens", m.inputTokens());
      f.put("cached_input_tokens", in.cachedTokens());
      f.put("input_text_tokens", in.textTokens());
      f.put("input_cached_text_tokens", cached == null ? 0L : cached.textTokens());
      f.put("input_image_tokens", in.imageTokens());
      f.put("input_cached_image_tokens", cached == null ? 0L : cached.imageTokens());
      f.put("input_audio_tokens", in.audioTokens());
      f.put("input_cached_audio_tokens", cached == null ? 0L : cached.audioTokens());
      f.put("output_tokens", m.outputTokens());
      f.put("output_text_tokens", m.outputTokenDetails().textTokens());
      f.put("output_audio_tokens", m.outputTokenDetails().audioTokens());
      f.put("output_image_tokens", m.outputTokenDetails().imageTokens());
      f.put("total_tokens", m.totalTokens());
      f.put("tokens_per_second", round(m.tokensPerSecond(), 2));
    } else if (metrics instanceof TtsMetrics m) {
      message = "TTS metrics";
      f.put("ttfb", seconds(m.ttfb()));
      f.put("audio_duration", round(seconds(m.audioDuration()), 2));
    } else if (metrics instanceof EouMetrics m) {
      message = "EOU metrics";
      f.put("end_of_utterance_delay", round(seconds(m.endOfUtteranceDelay()), 2));
      f.put("transcription_delay", round(seconds(m.transcriptionDelay()), 2));
    } else if (metrics instanceof SttMetrics m) {
      message = "STT metrics";
      f.put("audio_duration", round(seconds(m.audioDuration()), 2));
    } else if (metrics instanceof InterruptionMetrics m) {
      message = "Interruption metrics";
      f.put("total_duration", round(seconds(m.totalDuration()), 2));
      f.put("prediction_duration", round(seconds(m.predictionDuration()), 2));
      f.put("detection_delay", round(seconds(m.detectionDelay()), 2));
      f.put("num_interruptions", m.numInterruptions());
      f.put("num_backchannels", m.numBackchannels());
      f.put("num_requests", m.numRequests());
    } else if (metrics instanceof AvatarMetrics m) {
      message = "Avatar metrics";
      if (isSet(m.sessionStartedTime()) && isSet(m.avatarJoinedTime())) {
        f.put("avatar_join_latency", round(seconds(Duration.between(m.sessionStartedTime(), m.avatarJoinedTime())), 3));
      }
      if (!m.playbackLatency().isZero()) f.put("playback_latency", round(seconds(m.playbackLatency()), 3));
    } else {
      return Optional.empty(); // VAD, EOT inference: log_metrics has no branch for them
    }
    return Optional.of(new MetricsLogEntry(message, f));
  }

  /** Logs {@code metrics} at INFO as {@code log_metrics} does; VAD and EOT-inference metrics log nothing. */
  public static void log(System.Logger logger, AgentMetrics metrics) {
    if (!logger.isLoggable(System.Logger.Level.INFO)) return;
    entry(metrics).ifPresent(e -> logger.log(System.Logger.Level.INFO, (Supplier<String>) e::toString));
  }

  /** Logs {@code metrics} to the {@value #LOGGER_NAME} logger, as {@code log_metrics(metrics)} does. */
  public static void log(AgentMetrics metrics) {
    log(System.getLogger(LOGGER_NAME), metrics);
  }

  /** Python's {@code round(x, places)}: the double's exact value rounded half-even, as the nearest double. */
  static double round(double x, int places) {
    if (!Double.isFinite(x) || x == 0) return x;
    double r = Double.parseDouble(new BigDecimal(x).setScale(places, RoundingMode.HALF_EVEN).toString());
    return r == 0 ? Math.copySign(0.0, x) : r; // round(-0.001, 2) is -0.0
  }

  /** A duration as the nearest double of seconds, as LiveKit's float fields hold it. */
  static double seconds(Duration d) {
    return Double.parseDouble(BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9)).toString());
  }

  private static String orUnknown(String s) {
    return s == null || s.isEmpty() ? "unknown" : s;
  }

  // Python's truthiness of a float time: None and 0.0 are not set
  private static boolean isSet(Instant t) {
    return t != null && !t.equals(Instant.EPOCH);
  }
}
