package dev.agentharness.client.openai;

import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ClientSocket;
import dev.agentharness.client.Frames;
import dev.agentharness.client.ProviderException;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.scenario.Providers.OpenAiDialect;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An OpenAI Realtime client that measures as LiveKit's OpenAI plugin does (Python 1.7):
 *
 * <ul>
 *   <li>a generation starts at {@code response.created} ({@code timestamp} = when it was received);
 *   <li>{@code ttft} = first {@code response.output_audio.delta} − created; for a text-only response the
 *       first text delta; {@link AgentMetrics#NOT_MEASURED} if neither arrived;
 *   <li>{@code duration} = {@code response.done} received − created; {@code cancelled} = status
 *       {@code cancelled}; tokens and every detail from {@code response.done}'s usage, 0 when it has none;
 *       {@code tokens_per_second} = output tokens / duration;
 *   <li>a {@code response.done} with no {@code response.created} before it emits no metric;
 *   <li>every connection emits the zero-usage connection metric (empty request id, {@code acquire_time});
 *   <li>metadata: the model, and the base URL's host (and port) as the provider.
 * </ul>
 */
public final class OpenAiRealtimeClient extends ClientSocket {

  public static final String PROVIDER = "openai-realtime";
  /** LiveKit's label for its OpenAI realtime model. */
  public static final String LABEL = "livekit.plugins.openai.realtime.RealtimeModel";

  private final Options options;
  private final Listener listener;
  private final boolean ga;
  private final Metadata metadata;
  private final Object lock = new Object();
  private Instant connectStarted;
  private Generation current; // guarded by lock

  /** What the client needs to know. */
  /**
   * @param provider the provider name metrics carry; {@code null} for the base URL's host (and port), as
   *     LiveKit reports it
   */
  public record Options(String baseUrl, String apiKey, String model, OpenAiDialect dialect, String voice,
      Integer silenceDurationMs, String instructions, String provider) {
    public Options {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(apiKey, "apiKey");
      if (model == null) model = "gpt-realtime";
      if (dialect == null) dialect = OpenAiDialect.GA;
      if (voice == null) voice = "marin";
      if (instructions == null) instructions = "";
      if (provider == null) provider = URI.create(baseUrl).getAuthority();
    }

    public static Options of(String baseUrl, String apiKey) {
      return new Options(baseUrl, apiKey, null, null, null, 500, null, null);
    }

    public Options withModel(String model) {
      return new Options(baseUrl, apiKey, model, dialect, voice, silenceDurationMs, instructions, provider);
    }

    public Options withDialect(OpenAiDialect dialect) {
      return new Options(baseUrl, apiKey, model, dialect, voice, silenceDurationMs, instructions, provider);
    }

    /** Server VAD's silence duration; {@code null} for manual turns (commit + response.create). */
    public Options withSilenceDuration(Integer ms) {
      return new Options(baseUrl, apiKey, model, dialect, voice, ms, instructions, provider);
    }

    /** The provider name the metrics carry (e.g. {@code api.openai.com} in a simulated session). */
    public Options withProvider(String provider) {
      return new Options(baseUrl, apiKey, model, dialect, voice, silenceDurationMs, instructions, provider);
    }
  }

  /** What happened, for the session runtime. All calls come from the client's reader thread. */
  public interface Listener {
    default void sessionReady() {}

    default void speechStarted() {}

    default void speechStopped() {}

    default void userItemCommitted(String itemId) {}

    default void inputTranscript(String itemId, String transcript) {}

    default void responseCreated(String responseId) {}

    default void firstAudio(String responseId) {}

    /** A response ended; {@code metric} is null when LiveKit would have emitted none. */
    default void responseDone(Generation generation, RealtimeModelMetrics metric) {}

    default void functionCall(String responseId, String callId, String name, String arguments) {}

    default void error(ProviderException e) {}
  }

  /** One response as the client saw it. */
  public static final class Generation {
    final String id;
    final Instant created;
    Instant firstToken;
    boolean audioOut = true;
    long audioBytes;
    final StringBuilder transcript = new StringBuilder();
    String status;

    Generation(String id, Instant created) {
      this.id = id;
      this.created = created;
    }

    public String id() {
      return id;
    }

    public Instant created() {
      return created;
    }

    /** When the first audio (or, text-only, text) arrived, or null. */
    public Instant firstToken() {
      return firstToken;
    }

    /** Decoded bytes of output audio received (24 kHz 16-bit PCM: 48,000 per second). */
    public long audioBytes() {
      return audioBytes;
    }

    public String transcript() {
      return transcript.toString();
    }

    public String status() {
      return status;
    }
  }

  public OpenAiRealtimeClient(ClientContext context, Options options, Listener listener) {
    super(context, PROVIDER);
    this.options = options;
    this.listener = listener == null ? new Listener() {} : listener;
    this.ga = options.dialect() == OpenAiDialect.GA;
    this.metadata = new Metadata(options.model(), options.provider());
  }

  /** Dials {@code {base}/realtime?model=...} (http→ws, https→wss). */
  public void connect() {
    String base = options.baseUrl().replaceFirst("^http", "ws");
    connectStarted = context.clock().now();
    Request.Builder r = new Request.Builder()
        .url(base.replaceAll("/+$", "") + "/realtime?model=" + options.model())
        .header("Authorization", "Bearer " + options.apiKey());
    if (!ga) r.header("OpenAI-Beta", "realtime=v1");
    connect(r);
  }

  @Override
  protected void opened(Response response) {
    Instant now = context.clock().now();
    // LiveKit 1.5.2+: every (re)connection reports its acquire time in a zero-usage metric
    context.emit(RealtimeModelMetrics.builder().label(LABEL).requestId("").timestamp(now)
        .acquireTime(Duration.between(connectStarted, now)).metadata(metadata).build());
    send(sessionUpdate());
  }

  private String sessionUpdate() {
    JsonWriter w = new JsonWriter().beginObject().field("type", "session.update").name("session").beginObject();
    Integer silence = options.silenceDurationMs();
    if (ga) {
      w.field("type", "realtime").field("model", options.model()).field("instructions", options.instructions());
      w.name("output_modalities").beginArray().value("audio").endArray();
      w.name("audio").beginObject().name("input").beginObject()
          .name("format").beginObject().field("type", "audio/pcm").field("rate", 24000).endObject()
          .name("turn_detection");
      writeTurnDetection(w, silence);
      w.endObject().name("output").beginObject()
          .name("format").beginObject().field("type", "audio/pcm").field("rate", 24000).endObject()
          .field("voice", options.voice()).endObject().endObject();
    } else {
      w.field("instructions", options.instructions()).field("voice", options.voice());
      w.name("modalities").beginArray().value("text").value("audio").endArray();
      w.field("input_audio_format", "pcm16").field("output_audio_format", "pcm16").name("turn_detection");
      writeTurnDetection(w, silence);
    }
    return w.endObject().endObject().toString();
  }

  private static void writeTurnDetection(JsonWriter w, Integer silence) {
    if (silence == null) {
      w.nullValue();
      return;
    }
    w.beginObject().field("type", "server_vad").field("threshold", 0.5).field("prefix_padding_ms", 300)
        .field("silence_duration_ms", (long) silence).field("create_response", true).field("interrupt_response", true)
        .endObject();
  }

  /** Appends 24 kHz 16-bit PCM to the input buffer. */
  public void appendAudio(byte[] pcm) {
    send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(pcm) + "\"}");
  }

  /** Appends audio already base64-encoded (e.g. a cached chunk). */
  public void appendAudioBase64(String base64) {
    send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + base64 + "\"}");
  }

  public void commit() {
    send("{\"type\":\"input_audio_buffer.commit\"}");
  }

  /** Asks for a reply ({@code response.create}), as LiveKit's {@code generate_reply}. */
  public void createResponse() {
    send("{\"type\":\"response.create\"}");
  }

  public void cancelResponse() {
    send("{\"type\":\"response.cancel\"}");
  }

  /** Returns a tool's output and asks the model to go on. */
  public void sendFunctionOutput(String callId, String output) {
    sendFunctionOutputOnly(callId, output);
    createResponse();
  }

  /** Returns a tool's output without asking for a response (several calls, then one {@link #createResponse()}). */
  public void sendFunctionOutputOnly(String callId, String output) {
    send(new JsonWriter().beginObject().field("type", "conversation.item.create").name("item").beginObject()
        .field("type", "function_call_output").field("call_id", callId).field("output", output).endObject().endObject()
        .toString());
  }

  // ---------------------------------------------------------------- server events

  @Override
  protected void onText(String text) {
    String type = Frames.type(text);
    if (type != null && (type.equals("response.output_audio.delta") || type.equals("response.audio.delta"))) {
      long bytes = Frames.base64Length(text, "delta");
      if (bytes >= 0) {
        audioDelta(Frames.string(text, "response_id"), bytes);
        return;
      }
    }
    JsonValue.Obj e = Json.parseObject(text);
    type = e.get("type").asString("type");
    switch (type) {
      case "session.created" -> { }
      case "session.updated" -> listener.sessionReady();
      case "input_audio_buffer.speech_started" -> listener.speechStarted();
      case "input_audio_buffer.speech_stopped" -> listener.speechStopped();
      case "input_audio_buffer.committed" -> listener.userItemCommitted(str(e, "item_id"));
      case "conversation.item.input_audio_transcription.completed" -> listener.inputTranscript(str(e, "item_id"), str(e, "transcript"));
      case "response.created" -> responseCreated(e.get("response").asObject("response"));
      case "response.output_audio.delta", "response.audio.delta" -> audioDelta(str(e, "response_id"),
          Base64.getDecoder().decode(str(e, "delta")).length);
      case "response.output_text.delta", "response.text.delta" -> textDelta(str(e, "response_id"), str(e, "delta"), false);
      case "response.output_audio_transcript.delta", "response.audio_transcript.delta" ->
          textDelta(str(e, "response_id"), str(e, "delta"), true);
      case "response.function_call_arguments.done" -> listener.functionCall(str(e, "response_id"), str(e, "call_id"),
          str(e, "name"), str(e, "arguments"));
      case "response.done" -> responseDone(e.get("response").asObject("response"));
      case "error" -> {
        JsonValue.Obj err = e.get("error").asObject("error");
        ProviderException ex = new ProviderException(PROVIDER, "error", ProviderException.Kind.ERROR_EVENT, 0,
            str(err, "code") + ": " + str(err, "message"));
        context.error(ex);
        listener.error(ex);
      }
      default -> { }
    }
  }

  private void responseCreated(JsonValue.Obj response) {
    Generation g = new Generation(str(response, "id"), context.clock().now());
    JsonValue mods = response.getPresent(ga ? "output_modalities" : "modalities");
    if (mods instanceof JsonValue.Arr arr) {
      g.audioOut = arr.items().stream().anyMatch(v -> v instanceof JsonValue.Str s && s.value().equals("audio"));
    }
    synchronized (lock) {
      current = g;
    }
    listener.responseCreated(g.id);
  }

  private void audioDelta(String responseId, long bytes) {
    boolean first = false;
    synchronized (lock) {
      Generation g = current;
      if (g == null) return;
      g.audioBytes += bytes;
      if (g.firstToken == null) {
        g.firstToken = context.clock().now();
        first = true;
      }
    }
    if (first) listener.firstAudio(responseId);
  }

  private void textDelta(String responseId, String delta, boolean transcript) {
    synchronized (lock) {
      Generation g = current;
      if (g == null) return;
      g.transcript.append(delta);
      // a text-only response's ttft is its first text delta
      if (!transcript && !g.audioOut && g.firstToken == null) g.firstToken = context.clock().now();
    }
  }

  private void responseDone(JsonValue.Obj response) {
    Instant now = context.clock().now();
    Generation g;
    synchronized (lock) {
      g = current;
      current = null;
    }
    if (g == null) {
      // LiveKit: response.done without response.created emits no metric
      listener.responseDone(null, null);
      return;
    }
    g.status = str(response, "status");
    JsonValue.Obj usage = response.getPresent("usage") instanceof JsonValue.Obj u ? u : null;
    long input = num(usage, "input_tokens");
    long output = num(usage, "output_tokens");
    long total = num(usage, "total_tokens");
    JsonValue.Obj in = usage == null ? null : obj(usage, "input_token_details");
    JsonValue.Obj cached = in == null ? null : obj(in, "cached_tokens_details");
    JsonValue.Obj out = usage == null ? null : obj(usage, "output_token_details");
    Duration duration = Duration.between(g.created, now);
    double seconds = duration.toNanos() / 1e9;
    RealtimeModelMetrics metric = RealtimeModelMetrics.builder()
        .label(LABEL)
        .requestId(str(response, "id") == null ? "" : str(response, "id"))
        .timestamp(g.created)
        .duration(duration)
        .ttft(g.firstToken == null ? AgentMetrics.NOT_MEASURED : Duration.between(g.created, g.firstToken))
        .cancelled("cancelled".equals(g.status))
        .inputTokens(input).outputTokens(output).totalTokens(total)
        .tokensPerSecond(seconds > 0 ? output / seconds : 0)
        .inputTokenDetails(new RealtimeModelMetrics.InputTokenDetails(num(in, "audio_tokens"), num(in, "text_tokens"),
            num(in, "image_tokens"), num(in, "cached_tokens"),
            new RealtimeModelMetrics.CachedTokenDetails(num(cached, "audio_tokens"), num(cached, "text_tokens"),
                num(cached, "image_tokens"))))
        .outputTokenDetails(new RealtimeModelMetrics.OutputTokenDetails(num(out, "text_tokens"), num(out, "audio_tokens"),
            num(out, "image_tokens")))
        .metadata(metadata)
        .build();
    context.emit(metric);
    if ("failed".equals(g.status)) {
      JsonValue.Obj details = obj(response, "status_details");
      JsonValue.Obj err = details == null ? null : obj(details, "error");
      context.error(new ProviderException(PROVIDER, "response.done", ProviderException.Kind.SERVER_ERROR, 0,
          "response " + g.id + " failed" + (err == null ? "" : ": " + str(err, "type") + " " + str(err, "code"))));
    }
    listener.responseDone(g, metric);
  }

  @Override
  protected void failed(ProviderException e) {
    super.failed(e);
    listener.error(e);
  }

  @Override
  protected ProviderException.Kind closeKind(int code, String reason) {
    if (code == 3000) return ProviderException.Kind.UNAUTHORIZED;
    return super.closeKind(code, reason);
  }

  private static String str(JsonValue.Obj o, String key) {
    return o != null && o.getPresent(key) instanceof JsonValue.Str s ? s.value() : null;
  }

  private static JsonValue.Obj obj(JsonValue.Obj o, String key) {
    return o != null && o.getPresent(key) instanceof JsonValue.Obj x ? x : null;
  }

  private static long num(JsonValue.Obj o, String key) {
    return o != null && o.getPresent(key) instanceof JsonValue.Num n ? n.longValue(key) : 0;
  }
}
