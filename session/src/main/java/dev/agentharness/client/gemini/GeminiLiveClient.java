package dev.agentharness.client.gemini;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.SplittableRandom;
import okhttp3.Request;
import okhttp3.Response;
import okio.ByteString;

/**
 * A Gemini Live ({@code BidiGenerateContent}) client that measures as LiveKit's Google realtime plugin
 * does (Python 1.7):
 *
 * <ul>
 *   <li>a generation starts with the first server message that carries model content, a tool call, or a
 *       non-empty input or output transcription — so an input transcription can start it while the user
 *       is still speaking (LiveKit issue #3687);
 *   <li>{@code ttft} = first inline audio − created; text parts never set it ({@code -1} in TEXT sessions);
 *   <li>every message that carries {@code usageMetadata} becomes one metric for the current generation (even
 *       one already done); usage with no generation is dropped;
 *   <li>input, output and cached tokens by modality are the sums of the {@code *TokensDetails} lists
 *       (AUDIO, TEXT, IMAGE; other modalities dropped); thinking and tool-use tokens are not mapped;
 *   <li>{@code cancelled} is always false; metadata: the model and {@code "Gemini"}.
 * </ul>
 */
public final class GeminiLiveClient extends ClientSocket {

  public static final String PROVIDER = "gemini-live";
  /** LiveKit's label for its Google realtime model. */
  public static final String LABEL = "livekit.plugins.google.realtime.RealtimeModel";

  private final Options options;
  private final Listener listener;
  private final Metadata metadata;
  private final SplittableRandom ids = new SplittableRandom(7);
  private final Object lock = new Object();
  private Instant connectStarted;
  private boolean setupDone;
  private Generation current; // guarded by lock

  /** What the client needs to know. */
  public record Options(String baseUrl, String apiKey, String model, String apiVersion, boolean keyInHeader) {
    public Options {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(apiKey, "apiKey");
      if (model == null) model = "gemini-2.5-flash-native-audio-preview-09-2025";
      if (apiVersion == null) apiVersion = "v1beta";
    }

    public static Options of(String baseUrl, String apiKey) {
      return new Options(baseUrl, apiKey, null, null, false);
    }

    public Options withModel(String model) {
      return new Options(baseUrl, apiKey, model, apiVersion, keyInHeader);
    }

    /** Send the key in {@code x-goog-api-key} (as the Python and Java SDKs do) instead of {@code ?key=}. */
    public Options withKeyInHeader(boolean header) {
      return new Options(baseUrl, apiKey, model, apiVersion, header);
    }
  }

  /** What happened, for the session runtime. Calls come from the client's reader thread. */
  public interface Listener {
    default void setupComplete() {}

    default void generationStarted(String id) {}

    default void firstAudio(String id) {}

    default void inputTranscript(String text) {}

    default void toolCall(String id, String name, String arguments) {}

    default void interrupted() {}

    /** The model's turn is over ({@code turnComplete}); {@code generation} may be null. */
    default void turnComplete(Generation generation) {}

    default void goAway(String timeLeft) {}

    default void error(ProviderException e) {}
  }

  /** One model turn as the client saw it. */
  public static final class Generation {
    final String id;
    final Instant created;
    Instant firstToken;
    Instant completed;
    boolean done;
    long audioBytes;
    final StringBuilder transcript = new StringBuilder();

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

    public Instant firstToken() {
      return firstToken;
    }

    /** Decoded bytes of output audio (24 kHz 16-bit PCM). */
    public long audioBytes() {
      return audioBytes;
    }

    public String transcript() {
      return transcript.toString();
    }
  }

  public GeminiLiveClient(ClientContext context, Options options, Listener listener) {
    super(context, PROVIDER);
    this.options = options;
    this.listener = listener == null ? new Listener() {} : listener;
    this.metadata = new Metadata(options.model(), "Gemini");
  }

  /** Dials {@code {base}/ws/google.ai.generativelanguage.{version}.GenerativeService.BidiGenerateContent}. */
  public void connect() {
    connectStarted = context.clock().now();
    String base = options.baseUrl().replaceFirst("^http", "ws").replaceAll("/+$", "");
    String url = base + "/ws/google.ai.generativelanguage." + options.apiVersion()
        + ".GenerativeService.BidiGenerateContent" + (options.keyInHeader() ? "" : "?key=" + options.apiKey());
    Request.Builder r = new Request.Builder().url(url);
    if (options.keyInHeader()) r.header("x-goog-api-key", options.apiKey());
    connect(r);
  }

  @Override
  protected void opened(Response response) {
    String model = options.model().startsWith("models/") ? options.model() : "models/" + options.model();
    send(new JsonWriter().beginObject().name("setup").beginObject().field("model", model)
        .name("generationConfig").beginObject().name("responseModalities").beginArray().value("AUDIO").endArray().endObject()
        .name("inputAudioTranscription").beginObject().endObject()
        .name("outputAudioTranscription").beginObject().endObject()
        .endObject().endObject().toString());
  }

  /** Streams 16 kHz 16-bit PCM as {@code realtimeInput.audio}. */
  public void sendAudio(byte[] pcm) {
    sendAudioBase64(Base64.getEncoder().encodeToString(pcm));
  }

  public void sendAudioBase64(String base64) {
    send("{\"realtimeInput\":{\"audio\":{\"data\":\"" + base64 + "\",\"mimeType\":\"audio/pcm;rate=16000\"}}}");
  }

  /** A text turn ({@code clientContent} with {@code turnComplete}), which makes the model answer. */
  public void sendText(String text) {
    send(new JsonWriter().beginObject().name("clientContent").beginObject().name("turns").beginArray().beginObject()
        .field("role", "user").name("parts").beginArray().beginObject().field("text", text).endObject().endArray()
        .endObject().endArray().field("turnComplete", true).endObject().endObject().toString());
  }

  /** Answers a tool call. */
  public void sendToolResponse(String id, String name, String responseJson) {
    send(new JsonWriter().beginObject().name("toolResponse").beginObject().name("functionResponses").beginArray()
        .beginObject().field("id", id).field("name", name).name("response").rawValue(responseJson).endObject()
        .endArray().endObject().endObject().toString());
  }

  @Override
  protected void onBinary(ByteString bytes) {
    onText(bytes.string(StandardCharsets.UTF_8));
  }

  @Override
  protected void onText(String text) {
    JsonValue.Obj m = Json.parseObject(text);
    if (m.has("setupComplete")) {
      setupComplete();
      return;
    }
    JsonValue.Obj content = obj(m, "serverContent");
    if (content != null) serverContent(content);
    JsonValue.Obj toolCall = obj(m, "toolCall");
    if (toolCall != null) toolCall(toolCall);
    JsonValue.Obj usage = obj(m, "usageMetadata");
    if (usage != null) usage(usage);
    if (content != null && content.getPresent("turnComplete") instanceof JsonValue.Bool b && b.value()) {
      Generation g;
      synchronized (lock) {
        g = current;
        if (g != null) {
          g.done = true;
          if (g.completed == null) g.completed = context.clock().now();
        }
      }
      listener.turnComplete(g);
    }
    JsonValue.Obj goAway = obj(m, "goAway");
    if (goAway != null) listener.goAway(str(goAway, "timeLeft"));
  }

  private void setupComplete() {
    Instant now = context.clock().now();
    synchronized (lock) {
      if (setupDone) return;
      setupDone = true;
    }
    context.emit(RealtimeModelMetrics.builder().label(LABEL).requestId("").timestamp(now)
        .acquireTime(Duration.between(connectStarted, now)).metadata(metadata).build());
    listener.setupComplete();
  }

  private void serverContent(JsonValue.Obj c) {
    Instant now = context.clock().now();
    JsonValue.Obj turn = obj(c, "modelTurn");
    String input = c.getPresent("inputTranscription") instanceof JsonValue.Obj it ? str(it, "text") : null;
    String output = c.getPresent("outputTranscription") instanceof JsonValue.Obj ot ? str(ot, "text") : null;
    boolean newContent = turn != null || (input != null && !input.isEmpty()) || (output != null && !output.isEmpty());
    if (input != null && !input.isEmpty()) listener.inputTranscript(input);
    if (newContent) generation(now);
    boolean first = false;
    String id = null;
    synchronized (lock) {
      Generation g = current;
      if (g != null) {
        id = g.id;
        if (output != null) g.transcript.append(output);
        if (turn != null && turn.getPresent("parts") instanceof JsonValue.Arr parts) {
          for (JsonValue p : parts.items()) {
            if (!(p instanceof JsonValue.Obj part)) continue;
            if (part.getPresent("inlineData") instanceof JsonValue.Obj data && data.getPresent("data") instanceof JsonValue.Str b64) {
              g.audioBytes += dev.agentharness.audio.AudioFormat.base64DecodedLength(b64.value());
              if (g.firstToken == null) {
                g.firstToken = now;
                first = true;
              }
            }
          }
        }
        if (c.getPresent("generationComplete") instanceof JsonValue.Bool gc && gc.value() && g.completed == null) {
          g.completed = now;
        }
      }
    }
    if (first) listener.firstAudio(id);
    if (c.getPresent("interrupted") instanceof JsonValue.Bool i && i.value()) {
      synchronized (lock) {
        if (current != null) current.done = true;
      }
      listener.interrupted();
    }
  }

  private void generation(Instant now) {
    Generation g = null;
    synchronized (lock) {
      if (current == null || current.done) {
        g = new Generation(nextId(), now);
        current = g;
      }
    }
    if (g != null) listener.generationStarted(g.id);
  }

  private void toolCall(JsonValue.Obj toolCall) {
    generation(context.clock().now());
    if (!(toolCall.getPresent("functionCalls") instanceof JsonValue.Arr calls)) return;
    for (JsonValue v : calls.items()) {
      if (!(v instanceof JsonValue.Obj call)) continue;
      String args = call.getPresent("args") == null ? "{}" : Frames.compact(call.get("args"));
      listener.toolCall(str(call, "id"), str(call, "name"), args);
    }
  }

  private void usage(JsonValue.Obj u) {
    Instant now = context.clock().now();
    Generation g;
    synchronized (lock) {
      g = current;
    }
    if (g == null) return; // LiveKit: "no active generation to report metrics for"
    long prompt = num(u, "promptTokenCount");
    long response = num(u, "responseTokenCount");
    long total = num(u, "totalTokenCount");
    long[] in = modalities(u, "promptTokensDetails");
    long[] cached = modalities(u, "cacheTokensDetails");
    long[] out = modalities(u, "responseTokensDetails");
    Duration duration = Duration.between(g.created, g.completed != null ? g.completed : now);
    double seconds = duration.toNanos() / 1e9;
    context.emit(RealtimeModelMetrics.builder()
        .label(LABEL)
        .requestId(g.id)
        .timestamp(g.created)
        .duration(duration)
        .ttft(g.firstToken == null ? AgentMetrics.NOT_MEASURED : Duration.between(g.created, g.firstToken))
        .cancelled(false)
        .inputTokens(prompt).outputTokens(response).totalTokens(total)
        .tokensPerSecond(seconds > 0 ? response / seconds : 0)
        .inputTokenDetails(new RealtimeModelMetrics.InputTokenDetails(in[0], in[1], in[2], cached[3],
            new RealtimeModelMetrics.CachedTokenDetails(cached[0], cached[1], cached[2])))
        .outputTokenDetails(new RealtimeModelMetrics.OutputTokenDetails(out[1], out[0], out[2]))
        .metadata(metadata)
        .build());
  }

  /** Sums a modality list: [audio, text, image, everything (for cached_tokens)]. */
  private static long[] modalities(JsonValue.Obj u, String key) {
    long[] sums = new long[4];
    if (!(u.getPresent(key) instanceof JsonValue.Arr list)) return sums;
    for (JsonValue v : list.items()) {
      if (!(v instanceof JsonValue.Obj e)) continue;
      if (!(e.getPresent("tokenCount") instanceof JsonValue.Num n)) continue; // LiveKit skips empty counts
      long count = n.longValue("tokenCount");
      String modality = str(e, "modality");
      if ("AUDIO".equals(modality)) sums[0] += count;
      else if ("TEXT".equals(modality)) sums[1] += count;
      else if ("IMAGE".equals(modality)) sums[2] += count;
      sums[3] += count;
    }
    return sums;
  }

  private synchronized String nextId() {
    String alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    StringBuilder sb = new StringBuilder("GR_");
    for (int i = 0; i < 12; i++) sb.append(alphabet.charAt(ids.nextInt(alphabet.length())));
    return sb.toString();
  }

  @Override
  protected void failed(ProviderException e) {
    super.failed(e);
    listener.error(e);
  }

  @Override
  protected ProviderException.Kind closeKind(int code, String reason) {
    return switch (code) {
      case 1007 -> ProviderException.Kind.BAD_REQUEST;
      // 1008 is a policy violation: a refused key, a model the API does not serve, or the end after a goAway
      case 1008 -> reason.contains("API key") ? ProviderException.Kind.UNAUTHORIZED
          : reason.contains("not found") || reason.contains("not supported") ? ProviderException.Kind.BAD_REQUEST
          : ProviderException.Kind.CLOSED;
      case 1011 -> ProviderException.Kind.SERVER_ERROR;
      default -> super.closeKind(code, reason);
    };
  }

  private static JsonValue.Obj obj(JsonValue.Obj o, String key) {
    return o.getPresent(key) instanceof JsonValue.Obj x ? x : null;
  }

  private static String str(JsonValue.Obj o, String key) {
    return o.getPresent(key) instanceof JsonValue.Str s ? s.value() : null;
  }

  private static long num(JsonValue.Obj o, String key) {
    return o.getPresent(key) instanceof JsonValue.Num n ? n.longValue(key) : 0;
  }
}
