package dev.agentharness.cli;

import dev.agentharness.clock.ClockException;
import dev.agentharness.clock.Link;
import dev.agentharness.fake.FakeServer;
import dev.agentharness.fake.Requests;
import dev.agentharness.fake.Route;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.metrics.json.MetricsJson;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.scenario.ScenarioException;
import dev.agentharness.scenario.ScenarioParser;
import dev.agentharness.usage.AgentSessionUsage;
import dev.agentharness.usage.ModelUsage;
import java.util.List;
import java.util.Locale;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * {@code serve}'s admin API, on the fakes' port and without a key (the server binds 127.0.0.1 only):
 *
 * <ul>
 *   <li>{@code GET /__admin/health}: {@code {"status":"ok","fakes":[paths...],...}};
 *   <li>{@code GET /__admin/ledger}: every billed entry, the totals (LiveKit's {@code UsageSummary}) and the
 *       usage per (provider, model) (LiveKit's {@code AgentSessionUsage});
 *   <li>{@code POST /__admin/scenario}: replaces the script with the scenario JSON in the body (400 with
 *       {@code source:line:column} for a bad one; {@code ?source=NAME} names the body in errors);
 *   <li>{@code POST /__admin/reset}: clears the ledger;
 *   <li>{@code GET /metrics}: the ledger's usage as Prometheus counters named after LiveKit's
 *       {@code lk.agents.usage.*}.
 * </ul>
 */
final class AdminRoute implements Route {

  static final String PREFIX = "/__admin/";
  static final String METRICS = "/metrics";
  /** Prometheus' text exposition format. */
  static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  /** What a posted scenario is called in error messages unless {@code ?source=} names it. */
  static final String DEFAULT_SOURCE = "request body";

  private final Serve serve;

  AdminRoute(Serve serve) {
    this.serve = serve;
  }

  @Override
  public String describe() {
    return "admin: GET /__admin/health, GET /__admin/ledger, POST /__admin/scenario, POST /__admin/reset, GET /metrics";
  }

  @Override
  public boolean matches(RecordedRequest request) {
    String path = Requests.path(request);
    return path.startsWith(PREFIX) || path.equals("/__admin") || path.equals(METRICS);
  }

  @Override
  public void mounted(FakeServer server) {}

  @Override
  public MockResponse dispatch(RecordedRequest request, Link link) {
    String path = Requests.path(request);
    String method = request.getMethod();
    switch (path) {
      case "/__admin/health":
        return method.equals("GET") ? health() : notAllowed(method, path, "GET");
      case "/__admin/ledger":
        return method.equals("GET") ? json(200, ledger()) : notAllowed(method, path, "GET");
      case "/__admin/scenario":
        return method.equals("POST") ? scenario(request) : notAllowed(method, path, "POST");
      case "/__admin/reset":
        if (!method.equals("POST")) return notAllowed(method, path, "POST");
        serve.ledger().clear();
        return json(200, new JsonWriter().beginObject().field("status", "ok").endObject().toString());
      case METRICS:
        if (!method.equals("GET")) return notAllowed(method, path, "GET");
        return new MockResponse.Builder().code(200).setHeader("Content-Type", PROMETHEUS_TYPE)
            .body(prometheus(serve.ledger().usage())).build();
      default:
        return error(404, "no admin endpoint " + method + " " + path + "; there are: GET /__admin/health, "
            + "GET /__admin/ledger, POST /__admin/scenario, POST /__admin/reset, GET /metrics");
    }
  }

  private MockResponse health() {
    ClockException failure = serve.clock().failure();
    JsonWriter w = new JsonWriter().beginObject().field("status", failure == null ? "ok" : "failed");
    w.name("fakes").beginArray();
    for (String p : Serve.FAKE_PATHS) w.value(p);
    w.endArray();
    w.field("scenario", serve.scenario().name())
        .field("clock", serve.clock().mode().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .field("tls", serve.server().usesTls());
    if (failure != null) w.field("error", failure.getMessage());
    return json(failure == null ? 200 : 503, w.endObject().toString());
  }

  private String ledger() {
    List<LedgerEntry> entries = serve.ledger().entries();
    JsonWriter w = new JsonWriter().beginObject().name("entries").beginArray();
    for (LedgerEntry e : entries) entry(w, e);
    w.endArray();
    // the totals and the per-model usage of exactly these entries, even while fakes keep billing
    List<dev.agentharness.metrics.AgentMetrics> ideal = entries.stream().map(LedgerEntry::idealMetric).toList();
    w.name("totals").rawValue(MetricsJson.write(dev.agentharness.usage.UsageCollector.summarize(ideal)));
    w.name("usage").rawValue(MetricsJson.write(dev.agentharness.usage.ModelUsageCollector.summarize(ideal)));
    return w.endObject().toString();
  }

  private static void entry(JsonWriter w, LedgerEntry e) {
    w.beginObject().field("id", e.id()).field("service", e.service()).field("provider", e.provider())
        .field("model", e.model()).field("billing", e.billing().name().toLowerCase(Locale.ROOT))
        .field("status", e.status()).field("start", e.start().toString()).field("end", e.end().toString());
    LedgerEntry.Tokens t = e.tokens();
    w.name("tokens").beginObject()
        .field("input_text", t.inputText()).field("input_audio", t.inputAudio()).field("input_image", t.inputImage())
        .field("cached_text", t.cachedText()).field("cached_audio", t.cachedAudio())
        .field("cached_image", t.cachedImage()).field("output_text", t.outputText())
        .field("output_audio", t.outputAudio()).field("reasoning", t.reasoning())
        .endObject();
    w.field("characters", e.characters());
    w.name("audio_duration").rawValue(UsageCounter.seconds(e.audio().toNanos()));
    w.endObject();
  }

  private MockResponse scenario(RecordedRequest request) {
    String source = Requests.query(request, "source");
    if (source == null || source.isBlank()) source = DEFAULT_SOURCE;
    Scenario s;
    try {
      s = ScenarioParser.parse(Requests.body(request), source);
    } catch (ScenarioException e) {
      JsonWriter w = new JsonWriter().beginObject().name("error").beginObject()
          .field("message", e.getMessage()).field("source", e.source()).field("line", e.line())
          .field("column", e.column()).field("path", e.path()).field("problem", e.problem())
          .endObject().endObject();
      return json(400, w.toString());
    } catch (IllegalArgumentException e) {
      return error(400, source + ": " + e.getMessage());
    }
    serve.replace(s);
    return json(200, new JsonWriter().beginObject().field("status", "ok").field("scenario", s.name())
        .field("replies", s.turns().size()).endObject().toString());
  }

  /**
   * The usage as Prometheus counters, one series per (provider, model) and counter of its kind, zeros
   * included: {@code lk_agents_usage_llm_output_audio_tokens_total{provider="...",model="..."} 91}.
   */
  static String prometheus(AgentSessionUsage usage) {
    StringBuilder sb = new StringBuilder();
    for (UsageCounter c : UsageCounter.values()) {
      if (c == UsageCounter.LLM_SESSION_DURATION) continue; // the fakes do not bill it
      String name = c.prometheusName();
      sb.append("# HELP ").append(name).append(' ').append(c.description())
          .append(c.isDuration() ? ", in seconds" : "").append(" (LiveKit: ").append(c.liveKitName()).append(")\n");
      sb.append("# TYPE ").append(name).append(" counter\n");
      for (ModelUsage u : usage.modelUsage()) {
        if (!c.appliesTo(u)) continue;
        long raw = c.rawValue(u);
        sb.append(name).append("{provider=\"").append(label(u.provider())).append("\",model=\"")
            .append(label(u.model())).append("\"} ")
            .append(c.isDuration() ? UsageCounter.seconds(raw) : Long.toString(raw)).append('\n');
      }
    }
    return sb.toString();
  }

  /** A label value with backslash, double quote and line feed escaped. */
  static String label(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static MockResponse notAllowed(String method, String path, String allowed) {
    return new MockResponse.Builder().code(405).setHeader("Allow", allowed)
        .setHeader("Content-Type", "application/json")
        .body(errorBody(method + " " + path + " is not allowed; use " + allowed)).build();
  }

  private static MockResponse error(int code, String message) {
    return json(code, errorBody(message));
  }

  private static String errorBody(String message) {
    return new JsonWriter().beginObject().name("error").beginObject().field("message", message).endObject()
        .endObject().toString();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  @Override
  public void close() {}
}
