package dev.agentharness.usage;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sums a metric stream into a {@link UsageSummary} exactly as LiveKit Agents' {@code UsageCollector}
 * does (Python 1.3.1+), or as another collector would (see {@link UsageProfile}).
 *
 * <p>What each metric adds:
 *
 * <ul>
 *   <li>{@link LlmMetrics}: prompt, prompt-cached and completion tokens ({@code cacheCreationTokens} is
 *       ignored).
 *   <li>{@link RealtimeModelMetrics}: input tokens, cached tokens, and every input and output modality,
 *       cached ones included ({@code sessionDuration} is ignored).
 *   <li>{@link TtsMetrics}: characters and audio duration (TTS tokens are ignored).
 *   <li>{@link SttMetrics}: audio duration (STT tokens are ignored).
 *   <li>VAD, EOU, EOT-inference, interruption and avatar metrics add nothing.
 * </ul>
 *
 * <p>Thread-safe: concurrent {@link #collect} calls lose no update, and {@link #summary()} is an
 * immutable snapshot taken between two collects.
 */
public final class UsageCollector implements Consumer<AgentMetrics> {

  private final UsageProfile profile;

  private long llmPromptTokens;
  private long llmPromptCachedTokens;
  private long llmInputAudioTokens;
  private long llmInputCachedAudioTokens;
  private long llmInputTextTokens;
  private long llmInputCachedTextTokens;
  private long llmInputImageTokens;
  private long llmInputCachedImageTokens;
  private long llmCompletionTokens;
  private long llmOutputAudioTokens;
  private long llmOutputImageTokens;
  private long llmOutputTextTokens;
  private long ttsCharactersCount;
  private long ttsAudioNanos;
  private long sttAudioNanos;

  /** A collector with LiveKit Python's current semantics. */
  public UsageCollector() {
    this(UsageProfile.LIVEKIT_PYTHON);
  }

  public UsageCollector(UsageProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
  }

  public UsageProfile profile() {
    return profile;
  }

  /** Adds one metric. Metrics that carry no usage are ignored. */
  public void collect(AgentMetrics metrics) {
    if (metrics instanceof RealtimeModelMetrics m) {
      collectRealtime(m);
    } else if (metrics instanceof LlmMetrics m) {
      synchronized (this) {
        llmPromptTokens += m.promptTokens();
        llmPromptCachedTokens += m.promptCachedTokens();
        llmCompletionTokens += m.completionTokens();
      }
    } else if (metrics instanceof TtsMetrics m) {
      long audio = profile.has(UsageField.TTS_AUDIO_DURATION) ? m.audioDuration().toNanos() : 0;
      synchronized (this) {
        ttsCharactersCount += m.charactersCount();
        ttsAudioNanos += audio;
      }
    } else if (metrics instanceof SttMetrics m) {
      long audio = m.audioDuration().toNanos();
      if (profile == UsageProfile.LIVEKIT_JS_LEGACY) audio = roundToMillis(audio);
      synchronized (this) {
        sttAudioNanos += audio;
      }
    } else {
      Objects.requireNonNull(metrics, "metrics");
    }
  }

  private void collectRealtime(RealtimeModelMetrics m) {
    RealtimeModelMetrics.InputTokenDetails in = m.inputTokenDetails();
    RealtimeModelMetrics.OutputTokenDetails out = m.outputTokenDetails();
    if (profile != UsageProfile.LIVEKIT_PYTHON) {
      synchronized (this) {
        llmPromptTokens += m.inputTokens();
        llmPromptCachedTokens += in.cachedTokens();
        llmCompletionTokens += m.outputTokens();
      }
      return;
    }
    RealtimeModelMetrics.CachedTokenDetails cached = in.cachedTokensDetails();
    long cachedAudio = cached == null ? 0 : cached.audioTokens();
    long cachedText = cached == null ? 0 : cached.textTokens();
    long cachedImage = cached == null ? 0 : cached.imageTokens();
    synchronized (this) {
      llmPromptTokens += m.inputTokens();
      llmPromptCachedTokens += in.cachedTokens();
      llmInputTextTokens += in.textTokens();
      llmInputCachedTextTokens += cachedText;
      llmInputImageTokens += in.imageTokens();
      llmInputCachedImageTokens += cachedImage;
      llmInputAudioTokens += in.audioTokens();
      llmInputCachedAudioTokens += cachedAudio;
      llmOutputTextTokens += out.textTokens();
      llmOutputImageTokens += out.imageTokens();
      llmOutputAudioTokens += out.audioTokens();
      llmCompletionTokens += m.outputTokens();
    }
  }

  /** Same as {@link #collect}, so that a collector can be passed where a listener is expected. */
  @Override
  public void accept(AgentMetrics metrics) {
    collect(metrics);
  }

  /** The totals so far, as an immutable value. */
  public synchronized UsageSummary summary() {
    return new UsageSummary(
        llmPromptTokens,
        llmPromptCachedTokens,
        llmInputAudioTokens,
        llmInputCachedAudioTokens,
        llmInputTextTokens,
        llmInputCachedTextTokens,
        llmInputImageTokens,
        llmInputCachedImageTokens,
        llmCompletionTokens,
        llmOutputAudioTokens,
        llmOutputImageTokens,
        llmOutputTextTokens,
        ttsCharactersCount,
        Duration.ofNanos(ttsAudioNanos),
        Duration.ofNanos(sttAudioNanos));
  }

  /** The summary of a whole stream, with LiveKit Python's semantics. */
  public static UsageSummary summarize(Iterable<? extends AgentMetrics> metrics) {
    return summarize(metrics, UsageProfile.LIVEKIT_PYTHON);
  }

  /** The summary of a whole stream, as the collector of {@code profile} reports it. */
  public static UsageSummary summarize(Iterable<? extends AgentMetrics> metrics, UsageProfile profile) {
    UsageCollector c = new UsageCollector(profile);
    for (AgentMetrics m : metrics) c.collect(m);
    return c.summary();
  }

  // JS rounds each event's audio duration to whole milliseconds (Math.round: half up)
  private static long roundToMillis(long nanos) {
    return Math.floorDiv(nanos + 500_000, 1_000_000) * 1_000_000;
  }

  @Override
  public String toString() {
    return "UsageCollector[" + profile.id() + "] " + summary();
  }
}
