package dev.agentharness.metrics.json;

import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.MetricType;
import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.EotModelUsage;
import dev.agentharness.usage.InterruptionModelUsage;
import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.ModelUsage;
import dev.agentharness.usage.SttModelUsage;
import dev.agentharness.usage.TtsModelUsage;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and writes LiveKit metric events as JSON, in either {@link MetricsDialect}.
 *
 * <pre>{@code
 * String line = MetricsJson.write(metrics, MetricsDialect.PYTHON);
 * // {"type":"llm_metrics","label":"...","request_id":"...","timestamp":1732665600.5,"duration":1.2,"ttft":0.68,...}
 * AgentMetrics back = MetricsJson.read(line);  // the dialect is told from the keys
 * }</pre>
 *
 * <p>Reading accepts the bare metric object or the {@code metrics_collected} event around it
 * ({@code {"type":"metrics_collected","metrics":{...},"created_at":...}}, or {@code createdAt} in JS).
 * Unknown members are ignored; LiveKit's defaults fill absent optional ones. Durations and times convert
 * exactly from the decimal text to nanoseconds. Anything else (a missing required field, a wrong type, an
 * unknown {@code type}, a metric whose dialect cannot be told) throws {@link MetricsFormatException} with
 * the line, column and field path.
 *
 * <p>The dialect of a metric is told from its keys (nested ones and the event's included): a snake_case
 * key means Python, a camelCase one JS; an object with both kinds, or with neither (such as
 * {@code {"type":"avatar_metrics","timestamp":1}}), is an error unless a dialect is given.
 *
 * <p>{@link UsageSummary} and {@link AgentSessionUsage} are written and read in Python naming only:
 * {@code llm_prompt_tokens}, ..., and {@code model_usage} entries as pydantic's {@code model_dump} with
 * their {@code type} ({@code llm_usage}, {@code tts_usage}, ...); durations in seconds.
 */
public final class MetricsJson {

  private static final String EVENT_TYPE = "metrics_collected";

  private MetricsJson() {}

  /** {@code metrics} as one compact JSON object in {@code dialect}. */
  public static String write(AgentMetrics metrics, MetricsDialect dialect) {
    JsonWriter w = new JsonWriter();
    writeMetric(w, metrics, dialect);
    return w.toString();
  }

  /**
   * {@code metrics} wrapped in the {@code metrics_collected} event:
   * {@code {"type":"metrics_collected","metrics":{...},"created_at":...}} ({@code createdAt} in JS).
   */
  public static String writeEvent(AgentMetrics metrics, Instant createdAt, MetricsDialect dialect) {
    Objects.requireNonNull(createdAt, "createdAt");
    JsonWriter w = new JsonWriter().beginObject().field("type", EVENT_TYPE).name("metrics");
    writeMetric(w, metrics, dialect);
    w.name(dialect == MetricsDialect.PYTHON ? "created_at" : "createdAt");
    Kind.INSTANT.write(w, dialect, createdAt);
    return w.endObject().toString();
  }

  private static void writeMetric(JsonWriter w, AgentMetrics metrics, MetricsDialect dialect) {
    Objects.requireNonNull(dialect, "dialect");
    MetricType type = MetricType.of(Objects.requireNonNull(metrics, "metrics"));
    w.beginObject().field("type", type.wireName());
    Schemas.of(type).writeFields(w, dialect, metrics);
    w.endObject();
  }

  /** Reads one metric, or one {@code metrics_collected} event, telling the dialect from the keys. */
  public static AgentMetrics read(String json) {
    return read(json, null);
  }

  /**
   * Reads one metric, or one {@code metrics_collected} event, in {@code dialect}; {@code null} tells the
   * dialect from the keys.
   */
  public static AgentMetrics read(String json, MetricsDialect dialect) {
    JsonValue root = parse(json);
    JsonValue.Obj obj = object(root, "");
    JsonValue.Obj event = null;
    if (EVENT_TYPE.equals(typeName(obj))) {
      event = obj;
      JsonValue metrics = obj.get("metrics");
      if (metrics == null) throw Schema.error("metrics", obj.position(), "missing; expected the metric object");
      obj = object(metrics, "metrics");
    }
    MetricType type = metricType(obj);
    MetricsDialect d = dialect != null ? dialect : detect(event, obj);
    return Schemas.of(type).read(obj, d, "");
  }

  private static final String METRIC_TYPES =
      Arrays.stream(MetricType.values()).map(MetricType::wireName).collect(Collectors.joining(", "));

  private static MetricType metricType(JsonValue.Obj obj) {
    String expected = METRIC_TYPES;
    JsonValue v = obj.get("type");
    if (v == null) throw Schema.error("type", obj.position(), "missing; expected one of " + expected);
    if (!(v instanceof JsonValue.Str s)) {
      throw Schema.error("type", v.position(), "expected a string, one of " + expected + ", found " + v.describe());
    }
    MetricType type = MetricType.ofWireName(s.value());
    if (type == null) {
      throw Schema.error("type", v.position(), "unknown metric type " + v.describe() + "; expected one of " + expected);
    }
    return type;
  }

  /** Tells the dialect from the keys of the event (if any) and the metric, nested objects included. */
  static MetricsDialect detect(JsonValue.Obj event, JsonValue.Obj metric) {
    Set<String> python = new LinkedHashSet<>();
    Set<String> js = new LinkedHashSet<>();
    if (event != null) {
      for (JsonValue.Member m : event.members()) {
        if (!m.key().equals("type") && !m.key().equals("metrics")) classify(m.key(), python, js);
      }
    }
    for (JsonValue.Member m : metric.members()) {
      if (!m.key().equals("type")) classify(m.key(), python, js);
      collectKeys(m.value(), python, js);
    }
    if (!python.isEmpty() && !js.isEmpty()) {
      throw Schema.error("", metric.position(), "cannot tell the dialect: Python (snake_case) keys " + list(python)
          + " and JS (camelCase) keys " + list(js) + " in one metric");
    }
    if (python.isEmpty() && js.isEmpty()) {
      throw Schema.error("", metric.position(), "cannot tell the dialect: no snake_case (Python) or camelCase (JS) key;"
          + " read it with an explicit MetricsDialect");
    }
    return python.isEmpty() ? MetricsDialect.JS : MetricsDialect.PYTHON;
  }

  private static void collectKeys(JsonValue v, Set<String> python, Set<String> js) {
    if (v instanceof JsonValue.Obj o) {
      for (JsonValue.Member m : o.members()) {
        classify(m.key(), python, js);
        collectKeys(m.value(), python, js);
      }
    } else if (v instanceof JsonValue.Arr a) {
      for (JsonValue item : a.items()) collectKeys(item, python, js);
    }
  }

  private static void classify(String key, Set<String> python, Set<String> js) {
    if (key.indexOf('_') >= 0) {
      python.add(key);
    } else if (!key.chars().allMatch(c -> Character.isLowerCase(c) || !Character.isLetter(c))) {
      js.add(key);
    }
  }

  private static String list(Set<String> keys) {
    return keys.stream().limit(3).map(Json::quote).collect(Collectors.joining(", ")) + (keys.size() > 3 ? ", ..." : "");
  }

  // ---- usage

  /** A {@link UsageSummary} as LiveKit's: {@code {"llm_prompt_tokens":132, ..., "stt_audio_duration":2.4}}. */
  public static String write(UsageSummary summary) {
    JsonWriter w = new JsonWriter().beginObject();
    for (UsageField f : UsageField.values()) {
      w.name(f.liveKitName());
      long raw = f.rawValue(summary);
      if (f.isDuration()) {
        Kind.DURATION.write(w, MetricsDialect.PYTHON, Duration.ofNanos(raw));
      } else {
        w.value(raw);
      }
    }
    return w.endObject().toString();
  }

  /** Reads what {@link #write(UsageSummary)} writes; absent fields are 0, unknown ones are ignored. */
  public static UsageSummary readUsageSummary(String json) {
    JsonValue.Obj obj = object(parse(json), "");
    long[] raw = new long[UsageField.values().length];
    for (UsageField f : UsageField.values()) {
      JsonValue v = obj.get(f.liveKitName());
      if (v == null) continue;
      raw[f.ordinal()] = f.isDuration()
          ? Kind.DURATION.read(v, MetricsDialect.PYTHON, f.liveKitName()).toNanos()
          : Kind.COUNT.read(v, MetricsDialect.PYTHON, f.liveKitName());
    }
    return UsageSummary.fromRaw(f -> raw[f.ordinal()]);
  }

  /**
   * An {@link AgentSessionUsage} as LiveKit's {@code session_usage_updated} carries it:
   * {@code {"model_usage":[{"type":"llm_usage","provider":"...","model":"...","input_tokens":...}, ...]}}.
   */
  public static String write(AgentSessionUsage usage) {
    JsonWriter w = new JsonWriter().beginObject().name("model_usage").beginArray();
    for (ModelUsage u : usage.modelUsage()) {
      w.beginObject().field("type", u.type());
      if (u instanceof LlmModelUsage x) {
        Schemas.LLM_USAGE.writeFields(w, MetricsDialect.PYTHON, x);
      } else if (u instanceof TtsModelUsage x) {
        Schemas.TTS_USAGE.writeFields(w, MetricsDialect.PYTHON, x);
      } else if (u instanceof SttModelUsage x) {
        Schemas.STT_USAGE.writeFields(w, MetricsDialect.PYTHON, x);
      } else if (u instanceof InterruptionModelUsage x) {
        Schemas.INTERRUPTION_USAGE.writeFields(w, MetricsDialect.PYTHON, x);
      } else if (u instanceof EotModelUsage x) {
        Schemas.EOT_USAGE.writeFields(w, MetricsDialect.PYTHON, x);
      }
      w.endObject();
    }
    return w.endArray().endObject().toString();
  }

  /**
   * Reads what {@link #write(AgentSessionUsage)} writes. Absent counts are 0 (LiveKit's session report
   * dumps usage with {@code exclude_defaults=True}).
   */
  public static AgentSessionUsage readSessionUsage(String json) {
    JsonValue.Obj obj = object(parse(json), "");
    JsonValue list = obj.get("model_usage");
    if (list == null) throw Schema.error("model_usage", obj.position(), "missing; expected an array");
    if (!(list instanceof JsonValue.Arr arr)) {
      throw Schema.error("model_usage", list.position(), "expected an array, found " + list.describe());
    }
    List<ModelUsage> out = new ArrayList<>();
    for (int i = 0; i < arr.items().size(); i++) {
      String path = "model_usage[" + i + "]";
      JsonValue.Obj item = object(arr.items().get(i), path);
      JsonValue type = item.get("type");
      String name = type instanceof JsonValue.Str s ? s.value() : null;
      Schema<? extends ModelUsage, ?> schema = name == null ? null : switch (name) {
        case "llm_usage" -> Schemas.LLM_USAGE;
        case "tts_usage" -> Schemas.TTS_USAGE;
        case "stt_usage" -> Schemas.STT_USAGE;
        case "interruption_usage" -> Schemas.INTERRUPTION_USAGE;
        case "eot_usage" -> Schemas.EOT_USAGE;
        default -> null;
      };
      if (schema == null) {
        String expected = "one of llm_usage, tts_usage, stt_usage, interruption_usage, eot_usage";
        throw type == null
            ? Schema.error(path + ".type", item.position(), "missing; expected " + expected)
            : Schema.error(path + ".type", type.position(),
                "unknown usage type " + type.describe() + "; expected " + expected);
      }
      out.add(schema.read(item, MetricsDialect.PYTHON, path + "."));
    }
    return new AgentSessionUsage(out);
  }

  // ---- helpers

  private static JsonValue parse(String json) {
    Objects.requireNonNull(json, "json");
    try {
      return Json.parse(json);
    } catch (JsonException e) {
      throw Schema.error("", e.position(), e.reason());
    }
  }

  private static JsonValue.Obj object(JsonValue v, String field) {
    if (v instanceof JsonValue.Obj o) return o;
    throw Schema.error(field, v.position(), "expected an object, found " + v.describe());
  }

  private static String typeName(JsonValue.Obj obj) {
    return obj.get("type") instanceof JsonValue.Str s ? s.value() : null;
  }
}
