package dev.agentharness.usage;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.metrics.TtsMetrics;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
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
 * immutable snapshot taken between two collects: every metric is in it whole or not at all.
 */
public final class UsageCollector implements Consumer<AgentMetrics> {

  // How it is synchronized. A collector is almost always fed by one thread (the session's event
  // loop), so that thread, the first to collect, owns a cell it writes without locking, under a
  // sequence number (a seqlock: odd while a metric is being added). Every other thread adds to a
  // second cell under its monitor. summary() holds that monitor, which freezes the second cell, and
  // reads the owner's cell at one instant between two of its collects: the snapshot is the state
  // of both at that instant.

  private static final VarHandle OWNER;

  static {
    try {
      OWNER = MethodHandles.lookup().findVarHandle(UsageCollector.class, "owner", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final UsageProfile profile;
  private final boolean realtimeModalities;
  private final boolean ttsAudio;
  private final boolean sttWholeMillis;

  /** The thread that collected first; only it writes {@link #ownerCell}. */
  private volatile Thread owner;

  private final Cell ownerCell = new Cell();
  /** Guarded by its own monitor. */
  private final Cell sharedCell = new Cell();

  /** A collector with LiveKit Python's current semantics. */
  public UsageCollector() {
    this(UsageProfile.LIVEKIT_PYTHON);
  }

  public UsageCollector(UsageProfile profile) {
    this.profile = Objects.requireNonNull(profile, "profile");
    this.realtimeModalities = profile == UsageProfile.LIVEKIT_PYTHON;
    this.ttsAudio = profile.has(UsageField.TTS_AUDIO_DURATION);
    this.sttWholeMillis = profile == UsageProfile.LIVEKIT_JS_LEGACY;
  }

  public UsageProfile profile() {
    return profile;
  }

  /** Adds one metric. Metrics that carry no usage are ignored. */
  public void collect(AgentMetrics metrics) {
    Objects.requireNonNull(metrics, "metrics");
    Thread current = Thread.currentThread();
    Thread o = owner;
    if (o == current || (o == null && OWNER.compareAndSet(this, null, current))) {
      Cell c = ownerCell;
      long version = c.beginWrite();
      try {
        add(c, metrics);
      } finally {
        c.endWrite(version);
      }
    } else {
      synchronized (sharedCell) {
        add(sharedCell, metrics);
      }
    }
  }

  // Anything that can throw (Duration.toNanos on overflow) runs before the first addition, so that a
  // failing metric adds nothing.
  private void add(Cell c, AgentMetrics metrics) {
    if (metrics instanceof RealtimeModelMetrics m) {
      if (realtimeModalities) {
        c.addRealtime(m);
      } else {
        c.addTotals(m.inputTokens(), m.inputTokenDetails().cachedTokens(), m.outputTokens());
      }
    } else if (metrics instanceof LlmMetrics m) {
      c.addTotals(m.promptTokens(), m.promptCachedTokens(), m.completionTokens());
    } else if (metrics instanceof TtsMetrics m) {
      long audio = ttsAudio ? m.audioDuration().toNanos() : 0;
      c.ttsCharactersCount += m.charactersCount();
      c.ttsAudioNanos += audio;
    } else if (metrics instanceof SttMetrics m) {
      long audio = m.audioDuration().toNanos();
      c.sttAudioNanos += sttWholeMillis ? roundToMillis(audio) : audio;
    }
  }

  /** Same as {@link #collect}, so that a collector can be passed where a listener is expected. */
  @Override
  public void accept(AgentMetrics metrics) {
    collect(metrics);
  }

  /** The totals so far, as an immutable value. */
  public UsageSummary summary() {
    long[] sums = new long[UsageField.values().length];
    synchronized (sharedCell) {
      sharedCell.addTo(sums);
      ownerCell.readConsistently(sums);
    }
    return UsageSummary.fromRaw(f -> sums[f.ordinal()]);
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

  /** The 15 running sums; {@link #version} is used only by the owner's cell. */
  private static final class Cell {
    private static final VarHandle VERSION;

    static {
      try {
        VERSION = MethodHandles.lookup().findVarHandle(Cell.class, "version", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    /** Even between writes, odd during one. Written only by the owner, read by summary(). */
    private long version;

    long llmPromptTokens;
    long llmPromptCachedTokens;
    long llmInputAudioTokens;
    long llmInputCachedAudioTokens;
    long llmInputTextTokens;
    long llmInputCachedTextTokens;
    long llmInputImageTokens;
    long llmInputCachedImageTokens;
    long llmCompletionTokens;
    long llmOutputAudioTokens;
    long llmOutputImageTokens;
    long llmOutputTextTokens;
    long ttsCharactersCount;
    long ttsAudioNanos;
    long sttAudioNanos;

    /** Marks the cell as being written; the sums may only change after this. */
    long beginWrite() {
      long v = version;
      VERSION.setOpaque(this, v + 1);
      VarHandle.storeStoreFence();
      return v;
    }

    /** Publishes the writes since {@link #beginWrite}. */
    void endWrite(long v) {
      VERSION.setRelease(this, v + 2);
    }

    void addTotals(long prompt, long cached, long completion) {
      llmPromptTokens += prompt;
      llmPromptCachedTokens += cached;
      llmCompletionTokens += completion;
    }

    void addRealtime(RealtimeModelMetrics m) {
      RealtimeModelMetrics.InputTokenDetails in = m.inputTokenDetails();
      RealtimeModelMetrics.OutputTokenDetails out = m.outputTokenDetails();
      RealtimeModelMetrics.CachedTokenDetails cached = in.cachedTokensDetails();
      llmPromptTokens += m.inputTokens();
      llmPromptCachedTokens += in.cachedTokens();
      llmInputTextTokens += in.textTokens();
      llmInputImageTokens += in.imageTokens();
      llmInputAudioTokens += in.audioTokens();
      if (cached != null) {
        llmInputCachedTextTokens += cached.textTokens();
        llmInputCachedImageTokens += cached.imageTokens();
        llmInputCachedAudioTokens += cached.audioTokens();
      }
      llmOutputTextTokens += out.textTokens();
      llmOutputImageTokens += out.imageTokens();
      llmOutputAudioTokens += out.audioTokens();
      llmCompletionTokens += m.outputTokens();
    }

    /** Adds the sums to {@code sums}, indexed by {@link UsageField#ordinal()}. */
    void addTo(long[] sums) {
      sums[0] += llmPromptTokens;
      sums[1] += llmPromptCachedTokens;
      sums[2] += llmInputAudioTokens;
      sums[3] += llmInputCachedAudioTokens;
      sums[4] += llmInputTextTokens;
      sums[5] += llmInputCachedTextTokens;
      sums[6] += llmInputImageTokens;
      sums[7] += llmInputCachedImageTokens;
      sums[8] += llmCompletionTokens;
      sums[9] += llmOutputAudioTokens;
      sums[10] += llmOutputImageTokens;
      sums[11] += llmOutputTextTokens;
      sums[12] += ttsCharactersCount;
      sums[13] += ttsAudioNanos;
      sums[14] += sttAudioNanos;
    }

    /**
     * Adds the sums as they were at one instant between two writes: the reader side of the seqlock.
     * The owner's write window is a few additions, so the retry loop ends as soon as the owner is
     * scheduled again.
     */
    void readConsistently(long[] sums) {
      long[] snapshot = new long[sums.length];
      for (int attempt = 0; ; attempt++) {
        long v = (long) VERSION.getAcquire(this);
        if ((v & 1) == 0) {
          Arrays.fill(snapshot, 0);
          addTo(snapshot);
          VarHandle.loadLoadFence();
          if ((long) VERSION.getOpaque(this) == v) break;
        }
        if (attempt < 100) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
      for (int i = 0; i < sums.length; i++) sums[i] += snapshot[i];
    }
  }
}
