package dev.agentharness.usage;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.EotInferenceMetrics;
import dev.agentharness.metrics.InterruptionMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Usage per (provider, model), with LiveKit 1.5+'s {@code ModelUsageCollector} semantics: the key is
 * the metric's {@code metadata} ({@code ("", "")} when it has none); LLM and realtime metrics feed
 * {@link LlmModelUsage}, TTS {@link TtsModelUsage}, STT {@link SttModelUsage}, interruption and
 * end-of-turn metrics count requests; VAD, EOU and avatar metrics add nothing. Output image tokens are
 * dropped, as LiveKit drops them.
 *
 * <p>Thread-safe: concurrent {@link #collect} calls lose no update; {@link #usage()} is an immutable
 * snapshot.
 */
public final class ModelUsageCollector implements Consumer<AgentMetrics> {

  private record Key(String provider, String model) {
    static Key of(Metadata m) {
      if (m == null) return EMPTY_KEY;
      return new Key(Objects.requireNonNullElse(m.modelProvider(), ""), Objects.requireNonNullElse(m.modelName(), ""));
    }
  }

  private static final Key EMPTY_KEY = new Key("", "");

  private final Map<Key, Llm> llm = new LinkedHashMap<>();
  private final Map<Key, Tts> tts = new LinkedHashMap<>();
  private final Map<Key, Stt> stt = new LinkedHashMap<>();
  private final Map<Key, long[]> interruption = new LinkedHashMap<>();
  private final Map<Key, long[]> eot = new LinkedHashMap<>();

  /** Adds one metric to the usage of its (provider, model). */
  public void collect(AgentMetrics metrics) {
    Key key = Key.of(metrics.metadata());
    synchronized (this) {
      if (metrics instanceof RealtimeModelMetrics m) {
        entry(llm, key, k -> new Llm()).add(m);
      } else if (metrics instanceof LlmMetrics m) {
        entry(llm, key, k -> new Llm()).add(m);
      } else if (metrics instanceof TtsMetrics m) {
        entry(tts, key, k -> new Tts()).add(m);
      } else if (metrics instanceof SttMetrics m) {
        entry(stt, key, k -> new Stt()).add(m);
      } else if (metrics instanceof InterruptionMetrics m) {
        entry(interruption, key, k -> new long[1])[0] += m.numRequests();
      } else if (metrics instanceof EotInferenceMetrics m) {
        entry(eot, key, k -> new long[1])[0] += m.numRequests();
      }
    }
  }

  private static <V> V entry(Map<Key, V> map, Key key, Function<Key, V> create) {
    V v = map.get(key);
    if (v == null) {
      v = create.apply(key);
      map.put(key, v);
    }
    return v;
  }

  @Override
  public void accept(AgentMetrics metrics) {
    collect(metrics);
  }

  /** The usage so far, as LiveKit's {@code AgentSession.usage}: LLM, TTS, STT, interruption, EOT. */
  public synchronized AgentSessionUsage usage() {
    List<ModelUsage> out = new ArrayList<>();
    llm.forEach((k, v) -> out.add(v.snapshot(k)));
    tts.forEach((k, v) -> out.add(new TtsModelUsage(k.provider, k.model, v.inputTokens, v.outputTokens, v.characters, Duration.ofNanos(v.audioNanos))));
    stt.forEach((k, v) -> out.add(new SttModelUsage(k.provider, k.model, v.inputTokens, v.outputTokens, Duration.ofNanos(v.audioNanos))));
    interruption.forEach((k, v) -> out.add(new InterruptionModelUsage(k.provider, k.model, v[0])));
    eot.forEach((k, v) -> out.add(new EotModelUsage(k.provider, k.model, v[0])));
    return new AgentSessionUsage(out);
  }

  /** The usage of a whole stream. */
  public static AgentSessionUsage summarize(Iterable<? extends AgentMetrics> metrics) {
    ModelUsageCollector c = new ModelUsageCollector();
    for (AgentMetrics m : metrics) c.collect(m);
    return c.usage();
  }

  private static final class Llm {
    long inputTokens, inputCachedTokens, inputCacheCreationTokens;
    long inputAudioTokens, inputCachedAudioTokens, inputTextTokens, inputCachedTextTokens;
    long inputImageTokens, inputCachedImageTokens;
    long outputTokens, outputAudioTokens, outputTextTokens;
    long sessionNanos;

    void add(LlmMetrics m) {
      inputTokens += m.promptTokens();
      inputCachedTokens += m.promptCachedTokens();
      inputCacheCreationTokens += m.cacheCreationTokens();
      outputTokens += m.completionTokens();
    }

    void add(RealtimeModelMetrics m) {
      RealtimeModelMetrics.InputTokenDetails in = m.inputTokenDetails();
      RealtimeModelMetrics.CachedTokenDetails cached = in.cachedTokensDetails();
      inputTokens += m.inputTokens();
      inputCachedTokens += in.cachedTokens();
      inputAudioTokens += in.audioTokens();
      inputTextTokens += in.textTokens();
      inputImageTokens += in.imageTokens();
      if (cached != null) {
        inputCachedAudioTokens += cached.audioTokens();
        inputCachedTextTokens += cached.textTokens();
        inputCachedImageTokens += cached.imageTokens();
      }
      outputTokens += m.outputTokens();
      outputAudioTokens += m.outputTokenDetails().audioTokens();
      outputTextTokens += m.outputTokenDetails().textTokens();
      sessionNanos += m.sessionDuration().toNanos();
    }

    LlmModelUsage snapshot(Key k) {
      return new LlmModelUsage(k.provider, k.model, inputTokens, inputCachedTokens, inputCacheCreationTokens,
          inputAudioTokens, inputCachedAudioTokens, inputTextTokens, inputCachedTextTokens, inputImageTokens,
          inputCachedImageTokens, outputTokens, outputAudioTokens, outputTextTokens, Duration.ofNanos(sessionNanos));
    }
  }

  private static final class Tts {
    long inputTokens, outputTokens, characters, audioNanos;

    void add(TtsMetrics m) {
      inputTokens += m.inputTokens();
      outputTokens += m.outputTokens();
      characters += m.charactersCount();
      audioNanos += m.audioDuration().toNanos();
    }
  }

  private static final class Stt {
    long inputTokens, outputTokens, audioNanos;

    void add(SttMetrics m) {
      inputTokens += m.inputTokens();
      outputTokens += m.outputTokens();
      audioNanos += m.audioDuration().toNanos();
    }
  }
}
