package dev.agentharness.benchmarks;

import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics.CachedTokenDetails;
import dev.agentharness.metrics.RealtimeModelMetrics.InputTokenDetails;
import dev.agentharness.metrics.RealtimeModelMetrics.OutputTokenDetails;
import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.ModelUsage;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Prebuilt, varied realtime metrics shaped like OpenAI {@code response.done} usage, and the totals a
 * collector must report after any number of passes over them, computed from the metric fields alone
 * (not by a collector).
 */
final class RealtimeWorkload {

  static final String PROVIDER = "api.openai.com";

  final RealtimeModelMetrics[] metrics;
  final int mask;

  /**
   * {@code size} metrics (a power of two), spread round-robin over {@code models} model names. Every
   * metric has its own {@link Metadata} instance, as LiveKit's plugins build one per metric.
   */
  RealtimeWorkload(int size, int models, long seed) {
    if (Integer.bitCount(size) != 1) throw new IllegalArgumentException("size must be a power of two: " + size);
    this.metrics = new RealtimeModelMetrics[size];
    this.mask = size - 1;
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < size; i++) {
      String model = models == 1 ? "gpt-realtime" : "gpt-realtime-" + (i % models);
      Metadata metadata = new Metadata(model, PROVIDER);
      if (i % 128 == 127) {
        // LiveKit 1.5.2+: a (re)connection, empty request id and zero tokens
        metrics[i] = RealtimeModelMetrics.builder().requestId("").acquireTime(Duration.ofMillis(r.nextInt(50, 400)))
            .metadata(metadata).build();
        continue;
      }
      long inText = r.nextLong(0, 400);
      long inAudio = r.nextLong(0, 2000);
      long inImage = i % 16 == 0 ? r.nextLong(0, 800) : 0;
      long cText = r.nextLong(0, inText + 1);
      long cAudio = r.nextLong(0, inAudio + 1);
      long cImage = r.nextLong(0, inImage + 1);
      boolean details = i % 32 != 5; // some producers send no cached details
      long cached = cText + cAudio + cImage;
      long outText = r.nextLong(0, 200);
      long outAudio = r.nextLong(0, 1500);
      long outImage = i % 256 == 3 ? 4 : 0;
      long in = inText + inAudio + inImage;
      long out = outText + outAudio + outImage;
      metrics[i] = RealtimeModelMetrics.builder()
          .label("livekit.plugins.openai.realtime.RealtimeModel")
          .requestId("resp_" + Long.toHexString(r.nextLong()))
          .timestamp(Instant.ofEpochSecond(1_770_000_000L + i))
          .duration(Duration.ofMillis(r.nextInt(300, 6000)))
          .sessionDuration(i % 64 == 0 ? Duration.ofMillis(r.nextInt(1000, 600_000)) : Duration.ZERO)
          .ttft(outAudio > 0 ? Duration.ofMillis(r.nextInt(150, 900)) : RealtimeModelMetrics.NOT_MEASURED)
          .cancelled(i % 50 == 7)
          .inputTokens(in)
          .outputTokens(out)
          .totalTokens(in + out)
          .tokensPerSecond(out / 2.0)
          .inputTokenDetails(new InputTokenDetails(inAudio, inText, inImage, cached,
              details ? new CachedTokenDetails(cAudio, cText, cImage) : null))
          .outputTokenDetails(new OutputTokenDetails(outText, outAudio, outImage))
          .metadata(metadata)
          .build();
    }
  }

  RealtimeModelMetrics get(long index) {
    return metrics[(int) (index & mask)];
  }

  /** Totals of metrics {@code start, start+1, ..., start+count-1} (cyclic), field by field. */
  Totals totals(long start, long count) {
    Totals t = new Totals();
    long fullPasses = count / metrics.length;
    if (fullPasses > 0) {
      Totals one = new Totals();
      for (RealtimeModelMetrics m : metrics) one.add(m);
      t.addTimes(one, fullPasses);
    }
    for (long i = 0; i < count % metrics.length; i++) t.add(get(start + i));
    return t;
  }

  /** Raw LiveKit sums per model, in LLMModelUsage's order; index 12 is the session duration in ns. */
  static final class Totals {
    static final int LLM_FIELDS = 13;
    // UsageSummary: the 12 token fields (durations stay 0 for realtime metrics)
    final long[] summary = new long[12];
    final Map<String, long[]> perModel = new LinkedHashMap<>();

    void add(RealtimeModelMetrics m) {
      InputTokenDetails in = m.inputTokenDetails();
      CachedTokenDetails cd = in.cachedTokensDetails();
      long cAudio = cd == null ? 0 : cd.audioTokens();
      long cText = cd == null ? 0 : cd.textTokens();
      long cImage = cd == null ? 0 : cd.imageTokens();
      OutputTokenDetails out = m.outputTokenDetails();
      long[] s = {
          m.inputTokens(), in.cachedTokens(), in.audioTokens(), cAudio, in.textTokens(), cText,
          in.imageTokens(), cImage, m.outputTokens(), out.audioTokens(), out.imageTokens(), out.textTokens()};
      for (int i = 0; i < s.length; i++) summary[i] += s[i];
      long[] l = perModel.computeIfAbsent(m.metadata().modelName(), k -> new long[LLM_FIELDS]);
      long[] v = {
          m.inputTokens(), in.cachedTokens(), 0, in.audioTokens(), cAudio, in.textTokens(), cText,
          in.imageTokens(), cImage, m.outputTokens(), out.audioTokens(), out.textTokens(),
          m.sessionDuration().toNanos()};
      for (int i = 0; i < v.length; i++) l[i] += v[i];
    }

    void addTimes(Totals o, long times) {
      for (int i = 0; i < summary.length; i++) summary[i] += o.summary[i] * times;
      o.perModel.forEach((k, v) -> {
        long[] l = perModel.computeIfAbsent(k, x -> new long[LLM_FIELDS]);
        for (int i = 0; i < v.length; i++) l[i] += v[i] * times;
      });
    }

    void addAll(Totals o) {
      addTimes(o, 1);
    }

    UsageSummary usageSummary() {
      long[] s = summary;
      return new UsageSummary(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11],
          0, Duration.ZERO, Duration.ZERO);
    }

    /** The expected LLM entries, keyed by model; their order is not compared. */
    List<ModelUsage> modelUsage() {
      List<ModelUsage> out = new ArrayList<>();
      perModel.forEach((model, v) -> out.add(new LlmModelUsage(PROVIDER, model,
          v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], Duration.ofNanos(v[12]))));
      return out;
    }
  }

  /** Throws when {@code actual} is not exactly {@code expected}; returns a one-line confirmation. */
  static String verify(String what, long collects, UsageSummary expected, UsageSummary actual) {
    if (!expected.equals(actual)) {
      throw new IllegalStateException(what + ": totals are not exact after " + collects + " collects\n  expected "
          + expected + "\n  actual   " + actual + "\n  diff     " + actual.minus(expected));
    }
    return what + ": exact totals after " + collects + " collects (llm_prompt_tokens=" + actual.llmPromptTokens()
        + ", llm_output_audio_tokens=" + actual.llmOutputAudioTokens() + ")";
  }

  /** Throws when the entries of {@code actual} are not exactly {@code expected}, in any order. */
  static String verify(String what, long collects, List<ModelUsage> expected, AgentSessionUsage actual) {
    List<ModelUsage> got = actual.modelUsage();
    if (got.size() != expected.size() || !got.containsAll(expected)) {
      throw new IllegalStateException(what + ": usage is not exact after " + collects + " collects\n  expected "
          + expected + "\n  actual   " + got);
    }
    long input = got.stream().mapToLong(u -> ((LlmModelUsage) u).inputTokens()).sum();
    return what + ": exact usage after " + collects + " collects (" + got.size() + " models, input_tokens=" + input + ")";
  }
}
