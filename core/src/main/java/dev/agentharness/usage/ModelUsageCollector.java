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
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

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

  private record Key(String provider, String model) {}

  // Guarded by this. One group per usage type, each in first-seen order.
  private final Group<Llm> llm = new Group<>(Llm::new);
  private final Group<Tts> tts = new Group<>(Tts::new);
  private final Group<Stt> stt = new Group<>(Stt::new);
  private final Group<long[]> interruption = new Group<>(() -> new long[1]);
  private final Group<long[]> eot = new Group<>(() -> new long[1]);

  /** Adds one metric to the usage of its (provider, model). */
  public void collect(AgentMetrics metrics) {
    Metadata metadata = metrics.metadata();
    String provider = metadata == null ? "" : Objects.requireNonNullElse(metadata.modelProvider(), "");
    String model = metadata == null ? "" : Objects.requireNonNullElse(metadata.modelName(), "");
    synchronized (this) {
      if (metrics instanceof RealtimeModelMetrics m) {
        llm.get(provider, model).add(m);
      } else if (metrics instanceof LlmMetrics m) {
        llm.get(provider, model).add(m);
      } else if (metrics instanceof TtsMetrics m) {
        tts.get(provider, model).add(m);
      } else if (metrics instanceof SttMetrics m) {
        stt.get(provider, model).add(m);
      } else if (metrics instanceof InterruptionMetrics m) {
        interruption.get(provider, model)[0] += m.numRequests();
      } else if (metrics instanceof EotInferenceMetrics m) {
        eot.get(provider, model)[0] += m.numRequests();
      }
    }
  }

  /**
   * The entries of one usage type by (provider, model), in first-seen order. Remembers the last entry
   * it returned: a session's metrics of one type nearly always come from one model.
   */
  private static final class Group<V> {
    final Map<Key, V> entries = new LinkedHashMap<>();
    private final Supplier<V> create;
    private String lastProvider;
    private String lastModel;
    private V last;

    Group(Supplier<V> create) {
      this.create = create;
    }

    V get(String provider, String model) {
      if (last != null && provider.equals(lastProvider) && model.equals(lastModel)) return last;
      V v = entries.computeIfAbsent(new Key(provider, model), k -> create.get());
      lastProvider = provider;
      lastModel = model;
      last = v;
      return v;
    }

    void forEach(BiConsumer<Key, V> action) {
      entries.forEach(action);
    }
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
      long session = m.sessionDuration().toNanos(); // may throw: before any addition
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
      sessionNanos += session;
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
      long audio = m.audioDuration().toNanos(); // may throw: before any addition
      inputTokens += m.inputTokens();
      outputTokens += m.outputTokens();
      characters += m.charactersCount();
      audioNanos += audio;
    }
  }

  private static final class Stt {
    long inputTokens, outputTokens, audioNanos;

    void add(SttMetrics m) {
      long audio = m.audioDuration().toNanos(); // may throw: before any addition
      inputTokens += m.inputTokens();
      outputTokens += m.outputTokens();
      audioNanos += audio;
    }
  }
}
