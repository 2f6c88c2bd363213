package dev.agentharness.cli;

import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.ModelUsage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Exports a finished session's usage as OpenTelemetry metrics over OTLP/HTTP with JSON encoding: LiveKit's
 * {@code lk.agents.usage.*} counters, one monotonic cumulative sum per counter with a data point per
 * (provider, model), attributes {@code model_provider} and {@code model_name} (each left out when empty),
 * zero values left out, all as livekit-agents' {@code telemetry/otel_metrics.py} emits them at session end.
 *
 * <pre>{@code
 * try (SimulatedSession session = SimulatedSession.of(scenario)) {
 *   session.run();
 *   OtlpExporter.export(URI.create("http://127.0.0.1:4318"), session);
 * }
 * }</pre>
 *
 * <p>The request is the protobuf JSON mapping of {@code ExportMetricsServiceRequest}, written with the JDK's
 * HTTP client: no OpenTelemetry SDK in the CLI jar (see docs/cli.md, "Telemetry").
 */
public final class OtlpExporter {

  /** The instrumentation scope the metrics are reported under. */
  public static final String SCOPE = "agentharness";
  /** The {@code service.name} resource attribute. */
  public static final String SERVICE_NAME = "agentharness";
  /** The path appended to an endpoint given without one, as for {@code OTEL_EXPORTER_OTLP_ENDPOINT}. */
  public static final String METRICS_PATH = "/v1/metrics";

  private static final int CUMULATIVE = 2; // AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private OtlpExporter() {}

  /**
   * Sends the session's usage ({@link SimulatedSession#modelUsage()}) in one request.
   *
   * @param endpoint the collector: {@code http://host:4318} ({@value #METRICS_PATH} is appended) or the full
   *     metrics URL ({@code http://host:4318/v1/metrics}, used as given)
   * @throws OtlpExportException if the collector cannot be reached, answers other than 2xx, or rejects points
   */
  public static void export(URI endpoint, SimulatedSession session) {
    export(endpoint, session, session.modelUsage());
  }

  /** Sends {@code usage}, what was collected from the session (e.g. every metric twice), in one request. */
  static void export(URI endpoint, SimulatedSession session, AgentSessionUsage usage) {
    Objects.requireNonNull(session, "session");
    Instant end = Instant.now();
    Instant sessionStart = session.startedAt() != null ? session.startedAt() : session.clock().origin();
    Duration length = Duration.between(sessionStart, session.clock().now());
    if (length.isNegative()) length = Duration.ZERO;
    send(metricsUrl(endpoint), request(usage, session.scenario().name(), end.minus(length), end));
  }

  /** The URL the request goes to: {@code endpoint} + {@value #METRICS_PATH} when it has no path. */
  static URI metricsUrl(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    String scheme = endpoint.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || endpoint.getHost() == null) {
      throw new IllegalArgumentException("OTLP endpoint " + endpoint
          + ": expected an http(s) URL such as http://127.0.0.1:4318 or http://127.0.0.1:4318/v1/metrics");
    }
    String path = endpoint.getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) return endpoint.resolve(METRICS_PATH);
    return endpoint;
  }

  /**
   * The JSON body: an {@code ExportMetricsServiceRequest} with one resource ({@code service.name},
   * {@code agentharness.scenario}), one scope, and a sum per counter that has a non-zero value.
   *
   * @param start the start of the cumulative period ({@code startTimeUnixNano})
   * @param end when the values were taken ({@code timeUnixNano})
   */
  static String request(AgentSessionUsage usage, String scenario, Instant start, Instant end) {
    JsonWriter w = new JsonWriter().beginObject().name("resourceMetrics").beginArray().beginObject();
    w.name("resource").beginObject().name("attributes").beginArray();
    attribute(w, "service.name", SERVICE_NAME);
    attribute(w, "agentharness.scenario", scenario);
    w.endArray().endObject();
    w.name("scopeMetrics").beginArray().beginObject();
    w.name("scope").beginObject().field("name", SCOPE).field("version", version()).endObject();
    w.name("metrics").beginArray();
    String startNanos = unixNanos(start);
    String endNanos = unixNanos(end);
    for (UsageCounter c : UsageCounter.values()) {
      List<ModelUsage> points = new ArrayList<>();
      for (ModelUsage u : usage.modelUsage()) {
        if (c.appliesTo(u) && c.rawValue(u) != 0) points.add(u);
      }
      if (points.isEmpty()) continue;
      w.beginObject().field("name", c.liveKitName()).field("description", c.description());
      if (!c.unit().isEmpty()) w.field("unit", c.unit());
      w.name("sum").beginObject().name("dataPoints").beginArray();
      for (ModelUsage u : points) {
        w.beginObject().name("attributes").beginArray();
        if (!u.provider().isEmpty()) attribute(w, "model_provider", u.provider());
        if (!u.model().isEmpty()) attribute(w, "model_name", u.model());
        w.endArray().field("startTimeUnixNano", startNanos).field("timeUnixNano", endNanos);
        long raw = c.rawValue(u);
        if (c.isDuration()) {
          w.name("asDouble").rawValue(UsageCounter.seconds(raw));
        } else {
          w.field("asInt", Long.toString(raw)); // int64 is a string in the protobuf JSON mapping
        }
        w.endObject();
      }
      w.endArray().field("aggregationTemporality", CUMULATIVE).field("isMonotonic", true).endObject();
      w.endObject();
    }
    w.endArray().endObject().endArray();
    return w.endObject().endArray().endObject().toString();
  }

  private static void attribute(JsonWriter w, String key, String value) {
    w.beginObject().field("key", key).name("value").beginObject().field("stringValue", value).endObject()
        .endObject();
  }

  private static String unixNanos(Instant t) {
    return Long.toString(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano()));
  }

  private static String version() {
    String v = OtlpExporter.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  private static void send(URI url, String body) {
    // HTTP/1.1: the JDK client would otherwise ask a plain-http collector to upgrade to h2c, which some refuse
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new OtlpExportException("OTLP export to " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OtlpExportException("OTLP export to " + url + " was interrupted", e);
    }
    String answer = response.body() == null ? "" : response.body().strip();
    if (response.statusCode() / 100 != 2) {
      throw new OtlpExportException("OTLP export to " + url + " failed: HTTP " + response.statusCode()
          + (answer.isEmpty() ? "" : ": " + abbreviate(answer)), null);
    }
    String rejected = rejected(answer);
    if (rejected != null) throw new OtlpExportException("OTLP export to " + url + ": " + rejected, null);
  }

  /** What an {@code ExportMetricsServiceResponse} with a {@code partialSuccess} says was rejected, or null. */
  static String rejected(String responseJson) {
    if (responseJson.isEmpty() || !responseJson.startsWith("{")) return null;
    try {
      JsonValue.Obj o = Json.parseObject(responseJson);
      JsonValue partial = o.getPresent("partialSuccess");
      if (!(partial instanceof JsonValue.Obj p)) return null;
      JsonValue n = p.getPresent("rejectedDataPoints");
      long count = n instanceof JsonValue.Str s ? Long.parseLong(s.value())
          : n instanceof JsonValue.Num num ? num.longValue("rejectedDataPoints") : 0;
      if (count == 0) return null;
      JsonValue m = p.getPresent("errorMessage");
      return "the collector rejected " + count + " data point(s)"
          + (m instanceof JsonValue.Str s ? ": " + s.value() : "");
    } catch (JsonException | NumberFormatException e) {
      return null; // a 2xx with an unreadable body still took the data
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 297) + "...";
  }

  /** The collector could not be reached, answered with an error, or rejected data points. */
  public static final class OtlpExportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OtlpExportException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
