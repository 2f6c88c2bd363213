package dev.agentharness.metrics.log;

import dev.agentharness.internal.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * One line of LiveKit's {@code log_metrics}: a fixed message and the {@code extra} fields, in order.
 * Values are {@link String} (model name and provider), {@link Long} (counts) or {@link Double} (seconds,
 * rounded as LiveKit rounds them).
 *
 * @param message e.g. {@code "LLM metrics"}
 * @param fields the extras in LiveKit's order; unmodifiable
 */
public record MetricsLogEntry(String message, Map<String, Object> fields) {

  public MetricsLogEntry {
    Objects.requireNonNull(message, "message");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /**
   * Passes each field to {@code action} in order. With SLF4J 2:
   *
   * <pre>{@code
   * var event = log.atInfo().setMessage(entry.message());
   * entry.forEachField(event::addKeyValue);
   * event.log();
   * }</pre>
   */
  public void forEachField(BiConsumer<String, Object> action) {
    fields.forEach(action);
  }

  /** The fields as LiveKit's log handler prints them: {@code {"ttft": 0.68, "prompt_tokens": 81}}. */
  public String fieldsJson() {
    StringBuilder sb = new StringBuilder("{");
    fields.forEach((k, v) -> {
      if (sb.length() > 1) sb.append(", ");
      sb.append(Json.quote(k)).append(": ").append(render(v));
    });
    return sb.append('}').toString();
  }

  /** The line as LiveKit prints it: {@code LLM metrics {"ttft": 0.68, "prompt_tokens": 81, ...}}. */
  @Override
  public String toString() {
    return fields.isEmpty() ? message : message + " " + fieldsJson();
  }

  private static String render(Object v) {
    if (v == null) return "null";
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? Json.pythonFloat(d) : (Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
    }
    if (v instanceof Number || v instanceof Boolean) return v.toString();
    return Json.quote(v.toString());
  }
}
