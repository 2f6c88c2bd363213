package dev.agentharness.junit;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.MetricType;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.usage.UsageCollector;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractListAssert;
import org.assertj.core.api.ObjectAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Assertions on a metric stream: AssertJ's list assertions ({@code hasSize}, {@code extracting},
 * {@code filteredOn}, ...) plus filters by metric type, provider, model and request id, and checks of
 * latencies, duplicates and missing usage.
 *
 * <pre>{@code
 * assertThat(session).metrics()
 *     .ofType(RealtimeModelMetrics.class).excludingConnectionMetrics()
 *     .hasSize(3)
 *     .hasNoDuplicateRequestIds()
 *     .everyResponseHasUsage()
 *     .allTtftsBetween(ofMillis(200), ofSeconds(1));
 * }</pre>
 *
 * @param <M> the metric type of the elements
 */
public class MetricsAssert<M extends AgentMetrics>
    extends AbstractListAssert<MetricsAssert<M>, List<? extends M>, M, ObjectAssert<M>> {

  /** Set inside {@link AgentSoftAssertions}: navigation then returns soft proxies. */
  SoftAssertionsProvider softly;
  /** What the elements are, for messages: "realtime_model_metrics from provider \"api.openai.com\"". */
  String selection = "metrics";

  public MetricsAssert(List<? extends M> actual) {
    super(actual, MetricsAssert.class);
  }

  // ------------------------------------------------------------------------------------------ filters

  /** Only the metrics of {@code type}, e.g. {@code ofType(RealtimeModelMetrics.class)}. */
  public <T extends M> MetricsAssert<T> ofType(Class<T> type) {
    Objects.requireNonNull(type, "type");
    String name = typeName(type);
    return select(m -> type.isInstance(m), type::cast,
        selection.equals("metrics") ? name : selection + " of type " + name);
  }

  /** Only the metrics whose metadata names this {@code model_provider} ({@code ""} for none). */
  public MetricsAssert<M> withProvider(String provider) {
    return select(m -> Texts.provider(m).equals(provider), m -> m,
        selection + " from provider " + Texts.quoted(provider));
  }

  /** Only the metrics whose metadata names this {@code model_name} ({@code ""} for none). */
  public MetricsAssert<M> withModel(String model) {
    return select(m -> Texts.model(m).equals(model), m -> m, selection + " of model " + Texts.quoted(model));
  }

  /** Only the realtime, LLM, TTS and STT metrics with this request id. */
  public MetricsAssert<M> withRequestId(String requestId) {
    return select(m -> Objects.equals(Texts.requestId(m), requestId), m -> m,
        selection + " with request id \"" + requestId + "\"");
  }

  /**
   * Without the realtime metrics of empty request id that LiveKit (1.5.2+) emits per (re)connection:
   * they carry no usage and no latency.
   */
  public MetricsAssert<M> excludingConnectionMetrics() {
    return select(m -> !Texts.isConnectionMetric(m), m -> m, selection + " (connection metrics excluded)");
  }

  // ------------------------------------------------------------------------------------------ checks

  /** Exactly {@code expected} metrics; on failure, the ones there are, one per line. */
  @Override
  public MetricsAssert<M> hasSize(int expected) {
    isNotNull();
    if (actual.size() == expected) return myself;
    throw failure("%s", "Expected " + expected + " " + selection + ", but found " + actual.size() + ":\n"
        + Texts.metrics(actual).stripTrailing());
  }

  /**
   * Every realtime response and LLM stream has its time to first token within {@code [min, max]}. An
   * unmeasured ttft (LiveKit's -1: no audio or content arrived) fails. Connection metrics are skipped; no
   * response at all fails.
   */
  public MetricsAssert<M> allTtftsBetween(Duration min, Duration max) {
    return allBetween("time to first token (ttft)", "realtime or LLM responses", min, max, m -> {
      if (m instanceof RealtimeModelMetrics r && !r.isConnectionMetric()) return r.ttft();
      if (m instanceof LlmMetrics l) return l.ttft();
      return null;
    });
  }

  /** Every TTS request has its time to first byte within {@code [min, max]}; as {@link #allTtftsBetween}. */
  public MetricsAssert<M> allTtfbsBetween(Duration min, Duration max) {
    return allBetween("time to first byte (ttfb)", "TTS requests", min, max,
        m -> m instanceof TtsMetrics t ? t.ttfb() : null);
  }

  /**
   * No request id appears twice for the same metric type (empty request ids, such as the connection
   * metrics', are ignored). Fails with each duplicate and its count.
   */
  public MetricsAssert<M> hasNoDuplicateRequestIds() {
    isNotNull();
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (AgentMetrics m : actual) {
      String id = Texts.requestId(m);
      if (id == null || id.isEmpty()) continue;
      String key = m.type() + "\u0000" + id;
      counts.merge(key, 1, Integer::sum);
      types.put(key, m.type());
    }
    List<String> lines = new ArrayList<>();
    int w = 0;
    for (String key : counts.keySet()) w = Math.max(w, key.length() - key.indexOf('\u0000') - 1);
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() < 2) continue;
      String id = e.getKey().substring(e.getKey().indexOf('\u0000') + 1);
      lines.add(String.format("  %-" + w + "s   %d times   (%s)", id, e.getValue(), types.get(e.getKey())));
    }
    if (lines.isEmpty()) return myself;
    throw failure("%s", "Expected every request id to appear once among the " + selection + ", but "
        + (lines.size() == 1 ? "1 appears" : lines.size() + " appear") + " more than once:\n" + String.join("\n", lines)
        + "\nLikely cause: metrics were collected more than once: a listener registered twice, or LiveKit < 1.2.6"
        + " emitting every metric twice inside an AgentTask (livekit/agents #3166)");
  }

  /**
   * Every realtime response and LLM stream carries usage (some input or output tokens). Those with zero
   * tokens are listed by request id. Connection metrics are skipped; no response at all fails.
   */
  public MetricsAssert<M> everyResponseHasUsage() {
    isNotNull();
    List<AgentMetrics> responses = new ArrayList<>();
    List<AgentMetrics> empty = new ArrayList<>();
    for (AgentMetrics m : actual) {
      if (m instanceof RealtimeModelMetrics r && !r.isConnectionMetric()) {
        responses.add(m);
        if (r.inputTokens() == 0 && r.outputTokens() == 0) empty.add(m);
      } else if (m instanceof LlmMetrics l) {
        responses.add(m);
        if (l.promptTokens() == 0 && l.completionTokens() == 0) empty.add(m);
      }
    }
    if (responses.isEmpty()) {
      throw failure("%s", "Expected every realtime or LLM response to carry usage, but there is no response among the "
          + actual.size() + " " + selection + ":\n" + Texts.metrics(actual).stripTrailing());
    }
    if (empty.isEmpty()) return myself;
    throw failure("%s", "Expected every response to carry usage, but " + empty.size() + " of " + responses.size()
        + (empty.size() == 1 ? " has" : " have") + " zero tokens:\n" + Texts.metrics(empty)
        + "Likely cause: usage missing from response.done, or an LLM stream cut before its usage chunk");
  }

  // ------------------------------------------------------------------------------------------ navigation

  /** The usage these metrics add up to, as LiveKit's {@code UsageCollector} sums it. */
  public UsageSummaryAssert totalUsage() {
    if (softly == null) isNotNull();
    UsageSummary s = actual == null ? null : UsageCollector.summarize(actual);
    UsageSummaryAssert a = Navigation.child(softly, UsageSummaryAssert.class, UsageSummary.class, s,
        UsageSummaryAssert::new);
    a.softly = softly;
    return a;
  }

  // ------------------------------------------------------------------------------------------ AssertJ plumbing

  @Override
  protected ObjectAssert<M> toAssert(M value, String description) {
    return new ObjectAssert<>(value).as(description);
  }

  @Override
  protected MetricsAssert<M> newAbstractIterableAssert(Iterable<? extends M> iterable) {
    List<M> list = new ArrayList<>();
    iterable.forEach(list::add);
    MetricsAssert<M> a = new MetricsAssert<>(list);
    a.selection = selection;
    return a;
  }

  // ------------------------------------------------------------------------------------------ helpers

  private <T extends AgentMetrics> MetricsAssert<T> select(Predicate<AgentMetrics> keep, Function<M, T> cast,
      String what) {
    if (softly == null) isNotNull();
    List<T> subset = null;
    if (actual != null) {
      subset = new ArrayList<>();
      for (M m : actual) {
        if (keep.test(m)) subset.add(cast.apply(m));
      }
    }
    MetricsAssert<T> a = softly == null ? new MetricsAssert<>(subset) : softProxy(softly, subset);
    a.softly = softly;
    a.selection = what;
    return a;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T extends AgentMetrics> MetricsAssert<T> softProxy(SoftAssertionsProvider softly, List<T> list) {
    return (MetricsAssert<T>) softly.proxy((Class) MetricsAssert.class, (Class) List.class, list);
  }

  private MetricsAssert<M> allBetween(String what, String kind, Duration min, Duration max,
      Function<AgentMetrics, Duration> latency) {
    isNotNull();
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (min.compareTo(max) > 0) throw new IllegalArgumentException("min " + min + " is after max " + max);
    int measured = 0;
    List<String> lines = new ArrayList<>();
    for (AgentMetrics m : actual) {
      Duration d = latency.apply(m);
      if (d == null) continue;
      measured++;
      String why;
      if (d.equals(AgentMetrics.NOT_MEASURED)) {
        why = "not measured (-1): nothing arrived";
      } else if (d.compareTo(min) < 0) {
        why = Texts.duration(d) + " (" + Texts.duration(min.minus(d)) + " too early)";
      } else if (d.compareTo(max) > 0) {
        why = Texts.duration(d) + " (" + Texts.duration(d.minus(max)) + " too late)";
      } else {
        continue;
      }
      String id = Texts.requestId(m);
      lines.add("  " + (id == null || id.isEmpty() ? "(no request id)" : id) + "  " + m.type() + "  " + why);
    }
    String range = Texts.duration(min) + " and " + Texts.duration(max);
    if (measured == 0) {
      throw failure("%s", "Expected every " + what + " to be between " + range + ", but there are no " + kind
          + " among the " + actual.size() + " " + selection + ":\n" + Texts.metrics(actual).stripTrailing());
    }
    if (lines.isEmpty()) return myself;
    throw failure("%s", "Expected every " + what + " to be between " + range + ", but " + lines.size() + " of "
        + measured + " " + (lines.size() == 1 ? "is" : "are") + " not:\n" + String.join("\n", lines));
  }

  private static String typeName(Class<?> type) {
    for (MetricType t : MetricType.values()) {
      if (t.javaType() == type) return t.wireName();
    }
    return type == AgentMetrics.class ? "metrics" : type.getSimpleName();
  }
}
