package dev.agentharness.usage;

import static dev.agentharness.usage.Fixtures.GEMINI_LIVE;
import static dev.agentharness.usage.Fixtures.OPENAI_REALTIME;
import static dev.agentharness.usage.Fixtures.connectionMetric;
import static dev.agentharness.usage.Fixtures.eot;
import static dev.agentharness.usage.Fixtures.eou;
import static dev.agentharness.usage.Fixtures.interruption;
import static dev.agentharness.usage.Fixtures.llm;
import static dev.agentharness.usage.Fixtures.millis;
import static dev.agentharness.usage.Fixtures.realtime;
import static dev.agentharness.usage.Fixtures.responseDoneExample;
import static dev.agentharness.usage.Fixtures.stt;
import static dev.agentharness.usage.Fixtures.tts;
import static dev.agentharness.usage.Fixtures.vad;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many threads collecting into one collector lose no update, and readers never see half a metric. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConcurrentCollectionTest {

  static final int THREADS = 8;
  static final int COLLECTS_PER_THREAD = 250_000;

  /** One cycle of a mixed session: 10 metrics, every type that adds something and some that add nothing. */
  static final List<AgentMetrics> CYCLE = List.of(
      responseDoneExample(),
      realtime("gemini_1", 300, 900, 0, 0, 0, 0, 15, 420).toBuilder()
          .metadata(GEMINI_LIVE).sessionDuration(Duration.ofSeconds(2)).build(),
      llm(1200, 1024, 85).toBuilder().cacheCreationTokens(16).build(),
      tts(142, millis(8640)).toBuilder().inputTokens(142).outputTokens(900).build(),
      stt(millis(2350)).toBuilder().inputTokens(40).build(),
      vad(),
      interruption(2),
      eot(1),
      eou(),
      connectionMetric(OPENAI_REALTIME));

  static final long CYCLES = (long) THREADS * COLLECTS_PER_THREAD / CYCLE.size();

  /** Runs {@code THREADS} threads, released together, each collecting COLLECTS_PER_THREAD metrics. */
  static void hammer(Consumer<AgentMetrics> collector) throws Exception {
    assertThat(COLLECTS_PER_THREAD % CYCLE.size()).isZero();
    AgentMetrics[] metrics = CYCLE.toArray(new AgentMetrics[0]);
    CyclicBarrier start = new CyclicBarrier(THREADS);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int offset = t; // threads start on different metric types
      Thread thread = new Thread(() -> {
        try {
          start.await(10, TimeUnit.SECONDS);
          for (int i = 0; i < COLLECTS_PER_THREAD; i++) {
            collector.accept(metrics[(offset + i) % metrics.length]);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "collector-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
    }
    assertThat(failure.get()).isNull();
  }

  @Test
  void usageCollectorTotalsAreExactUnderContention() throws Exception {
    UsageCollector c = new UsageCollector();

    hammer(c);

    UsageSummary oneCycle = UsageCollector.summarize(CYCLE);
    assertThat(c.summary()).isEqualTo(UsageSummary.fromRaw(f -> oneCycle.get(f) * CYCLES));
    // and by hand, so that the expectation does not rest on the collector alone
    assertThat(c.summary().llmPromptTokens()).isEqualTo((132 + 1200 + 1200) * CYCLES);
    assertThat(c.summary().llmOutputAudioTokens()).isEqualTo((91 + 420) * CYCLES);
    assertThat(c.summary().ttsCharactersCount()).isEqualTo(142 * CYCLES);
    assertThat(c.summary().sttAudioDuration()).isEqualTo(millis(2350).multipliedBy(CYCLES));
  }

  @Test
  void usageCollectorTotalsAreExactWhenFirstUsedOnAnotherThread() throws Exception {
    // first used here (a VAD tick adds nothing), then fed only by a pool of other threads
    UsageCollector c = new UsageCollector();
    c.collect(vad());

    hammer(c);

    UsageSummary oneCycle = UsageCollector.summarize(CYCLE);
    assertThat(c.summary()).isEqualTo(UsageSummary.fromRaw(f -> oneCycle.get(f) * CYCLES));
    c.collect(responseDoneExample());
    assertThat(c.summary().llmPromptTokens()).isEqualTo((132 + 1200 + 1200) * CYCLES + 132);
  }

  @Test
  void modelUsageCollectorTotalsAreExactUnderContention() throws Exception {
    ModelUsageCollector c = new ModelUsageCollector();

    hammer(c);

    ModelUsageCollector sequential = new ModelUsageCollector();
    for (long i = 0; i < CYCLES; i++) CYCLE.forEach(sequential::collect);
    AgentSessionUsage usage = c.usage();
    // first-seen order within a type depends on the threads; the entries and type order do not
    assertThat(usage.modelUsage()).containsExactlyInAnyOrderElementsOf(sequential.usage().modelUsage());
    assertThat(usage.modelUsage()).extracting(ModelUsage::type).containsExactly(
        "llm_usage", "llm_usage", "llm_usage", "tts_usage", "stt_usage", "interruption_usage", "eot_usage");
    assertThat(usage.llm("Gemini", "gemini-2.5-flash-native-audio").orElseThrow().sessionDuration())
        .isEqualTo(Duration.ofSeconds(2 * CYCLES));
    assertThat(usage.ofType(InterruptionModelUsage.class).get(0).totalRequests()).isEqualTo(2 * CYCLES);
    assertThat(usage.ofType(EotModelUsage.class).get(0).totalRequests()).isEqualTo(CYCLES);
    assertThat(usage.llm("api.openai.com", "gpt-4o-mini").orElseThrow().inputCacheCreationTokens())
        .isEqualTo(16 * CYCLES);
  }

  /** Every field of it equals its audio counterpart: input = input audio, and so on. */
  static RealtimeModelMetrics audioOnly(long n) {
    return realtime("resp_audio_" + n, 0, n, 0, 0, n / 2, 0, 0, 2 * n);
  }

  /**
   * Writers collect audio-only realtime metrics while a reader takes snapshots. Every snapshot must
   * show whole metrics: {@code prompt == inputAudio}, {@code cached == cachedAudio},
   * {@code completion == outputAudio}. The writers keep going until the reader has seen enough
   * snapshots taken mid-stream, so the check cannot pass vacuously.
   */
  private static void readerNeverSeesATornMetric(Consumer<AgentMetrics> collector, Supplier<long[]> snapshot,
      LongSupplier promptTotal) throws Exception {
    int writers = 4;
    int minPerWriter = 50_000;
    int wantedMidStreamSnapshots = 2_000;
    RealtimeModelMetrics[] metrics = {audioOnly(7), audioOnly(130), audioOnly(2048), audioOnly(1)};
    long promptPerRound = 7 + 130 + 2048 + 1;
    AtomicBoolean readerSatisfied = new AtomicBoolean();
    AtomicBoolean writersDone = new AtomicBoolean();
    AtomicLong rounds = new AtomicLong();
    AtomicLong midStream = new AtomicLong();
    AtomicLong snapshots = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    CyclicBarrier start = new CyclicBarrier(writers + 1);

    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      threads.add(new Thread(() -> {
        try {
          start.await(10, TimeUnit.SECONDS);
          long done = 0;
          while ((done < minPerWriter || !readerSatisfied.get()) && System.nanoTime() < deadline) {
            for (RealtimeModelMetrics m : metrics) collector.accept(m);
            done++;
          }
          rounds.addAndGet(done);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "writer-" + w));
    }
    Thread reader = new Thread(() -> {
      try {
        start.await(10, TimeUnit.SECONDS);
        long previous = 0;
        while (!writersDone.get() && System.nanoTime() < deadline) {
          long[] s = snapshot.get(); // prompt, inputAudio, cached, cachedAudio, completion, outputAudio
          if (s[0] != s[1] || s[2] != s[3] || s[4] != s[5]) {
            throw new AssertionError("torn snapshot: " + java.util.Arrays.toString(s));
          }
          if (s[0] < previous) throw new AssertionError("went backwards: " + previous + " -> " + s[0]);
          previous = s[0];
          snapshots.incrementAndGet();
          if (s[0] > 0 && midStream.incrementAndGet() >= wantedMidStreamSnapshots) readerSatisfied.set(true);
        }
      } catch (Throwable e) {
        failure.compareAndSet(null, e);
        readerSatisfied.set(true);
      }
    }, "reader");
    threads.forEach(Thread::start);
    reader.start();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(40));
      assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
    }
    writersDone.set(true);
    reader.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(reader.isAlive()).isFalse();

    assertThat(failure.get()).isNull();
    assertThat(midStream.get()).as("snapshots taken while writing").isGreaterThanOrEqualTo(wantedMidStreamSnapshots);
    assertThat(promptTotal.getAsLong()).isEqualTo(rounds.get() * promptPerRound);
  }

  @Test
  void usageCollectorSnapshotsAreNeverTorn() throws Exception {
    UsageCollector c = new UsageCollector();
    readerNeverSeesATornMetric(c, () -> {
      UsageSummary s = c.summary();
      return new long[] {
          s.llmPromptTokens(), s.llmInputAudioTokens(),
          s.llmPromptCachedTokens(), s.llmInputCachedAudioTokens(),
          s.llmCompletionTokens(), s.llmOutputAudioTokens()};
    }, () -> c.summary().llmPromptTokens());
  }

  @Test
  void modelUsageCollectorSnapshotsAreNeverTorn() throws Exception {
    ModelUsageCollector c = new ModelUsageCollector();
    readerNeverSeesATornMetric(c, () -> {
      LlmModelUsage u = c.usage().llm("api.openai.com", "gpt-realtime").orElse(null);
      if (u == null) return new long[6];
      return new long[] {
          u.inputTokens(), u.inputAudioTokens(),
          u.inputCachedTokens(), u.inputCachedAudioTokens(),
          u.outputTokens(), u.outputAudioTokens()};
    }, () -> c.usage().llm("api.openai.com", "gpt-realtime").orElseThrow().inputTokens());
  }
}
