package dev.agentharness.client.openai;

import dev.agentharness.client.ClientContext;
import dev.agentharness.client.HttpStream;
import dev.agentharness.client.ProviderException;
import dev.agentharness.client.SseParser;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.Metadata;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A streaming OpenAI Chat Completions client that measures as LiveKit's LLM does (Python 1.7):
 *
 * <ul>
 *   <li>the clock starts when the stream starts, before the request;
 *   <li>{@code ttft} = the first chunk that carries content or a completed tool call (role-only and usage
 *       chunks do not count); {@link AgentMetrics#NOT_MEASURED} if none;
 *   <li>tokens from the last usage chunk ({@code stream_options.include_usage} is always sent), 0 when
 *       none arrived; {@code prompt_cached_tokens} from {@code prompt_tokens_details.cached_tokens};
 *   <li>{@code duration} runs to the end of the stream; {@code tokens_per_second} = completion / duration;
 *   <li>{@link Completion#cancel()} ends it early: the metric says {@code cancelled} and, the usage chunk
 *       being unread, 0 tokens;
 *   <li>no metric when the attempt failed (an error status, an error event in the stream, a cut body) or
 *       no chunk arrived. Unlike LiveKit, nothing is retried.
 * </ul>
 */
public final class OpenAiChatClient {

  public static final String PROVIDER = "openai-chat";
  /** LiveKit's label for its OpenAI LLM. */
  public static final String LABEL = "livekit.plugins.openai.llm.LLM";
  private static final MediaType JSON = MediaType.get("application/json");

  private final ClientContext context;
  private final Options options;
  private final Metadata metadata;

  /** What the client needs to know. */
  public record Options(String baseUrl, String apiKey, String model, String provider) {
    public Options {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(apiKey, "apiKey");
      if (model == null) model = "gpt-4.1-mini";
      if (provider == null) provider = URI.create(baseUrl).getAuthority();
    }

    public static Options of(String baseUrl, String apiKey) {
      return new Options(baseUrl, apiKey, null, null);
    }

    public Options withModel(String model) {
      return new Options(baseUrl, apiKey, model, provider);
    }

    public Options withProvider(String provider) {
      return new Options(baseUrl, apiKey, model, provider);
    }
  }

  /** One chat message. {@code toolCalls} (assistant) and {@code toolCallId} (tool) are optional. */
  public record Message(String role, String content, String toolCallId, List<ToolCall> toolCalls) {
    public Message {
      Objects.requireNonNull(role, "role");
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static Message system(String text) {
      return new Message("system", text, null, null);
    }

    public static Message user(String text) {
      return new Message("user", text, null, null);
    }

    public static Message assistant(String text) {
      return new Message("assistant", text, null, null);
    }

    public static Message assistantCalls(List<ToolCall> calls) {
      return new Message("assistant", null, null, calls);
    }

    public static Message tool(String callId, String output) {
      return new Message("tool", output, callId, null);
    }
  }

  /** A tool call the model made. */
  public record ToolCall(String id, String name, String arguments) {}

  /** What the stream produced, for the caller. Calls come from OkHttp's thread. */
  public interface Listener {
    default void firstToken() {}

    default void textDelta(String delta) {}

    /** The stream ended; {@code metric} is null when LiveKit would have emitted none. */
    default void done(Completion completion, LlmMetrics metric) {}

    default void error(ProviderException e) {}
  }

  /** One streamed completion. */
  public final class Completion {
    private final Listener listener;
    private final Instant started;
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, String[]> calls = new LinkedHashMap<>(); // index -> id, name, arguments
    private final Object lock = new Object();
    private String id = "";
    private Instant firstToken;
    private long prompt;
    private long completion;
    private long cached;
    private long total;
    private boolean chunkSeen;
    private boolean failed;
    private boolean finished;
    private HttpStream stream;

    private Completion(Listener listener, Instant started) {
      this.listener = listener;
      this.started = started;
    }

    public String id() {
      synchronized (lock) {
        return id;
      }
    }

    public String text() {
      synchronized (lock) {
        return text.toString();
      }
    }

    public List<ToolCall> toolCalls() {
      synchronized (lock) {
        List<ToolCall> out = new ArrayList<>();
        for (String[] c : calls.values()) out.add(new ToolCall(c[0], c[1], c[2]));
        return out;
      }
    }

    /** Stops reading, as an interrupted LiveKit agent does; the metric says {@code cancelled}. */
    public void cancel() {
      HttpStream s = stream;
      if (s != null) s.cancel();
    }

    private void chunk(String data) {
      if (data.equals("[DONE]")) return;
      JsonValue.Obj c = Json.parseObject(data);
      if (c.getPresent("error") instanceof JsonValue.Obj err) {
        synchronized (lock) {
          failed = true;
        }
        ProviderException e = new ProviderException(PROVIDER, "stream", ProviderException.Kind.SERVER_ERROR, 0,
            str(err, "type") + ": " + str(err, "message"));
        context.error(e);
        listener.error(e);
        return;
      }
      Instant now = context.clock().now();
      boolean first = false;
      String delta = null;
      synchronized (lock) {
        chunkSeen = true;
        if (c.getPresent("id") instanceof JsonValue.Str s) id = s.value();
        if (c.getPresent("choices") instanceof JsonValue.Arr choices && !choices.items().isEmpty()
            && choices.items().get(0) instanceof JsonValue.Obj choice) {
          if (choice.getPresent("delta") instanceof JsonValue.Obj d) {
            if (d.getPresent("content") instanceof JsonValue.Str content && !content.value().isEmpty()) {
              delta = content.value();
              text.append(delta);
              if (firstToken == null) {
                firstToken = now;
                first = true;
              }
            }
            if (d.getPresent("tool_calls") instanceof JsonValue.Arr tc) {
              for (JsonValue v : tc.items()) {
                if (!(v instanceof JsonValue.Obj f)) continue;
                int index = (int) f.get("index").asLong("index");
                String[] call = calls.computeIfAbsent(index, k -> new String[] {"", "", ""});
                if (f.getPresent("id") instanceof JsonValue.Str s) call[0] = s.value();
                if (f.getPresent("function") instanceof JsonValue.Obj fn) {
                  if (fn.getPresent("name") instanceof JsonValue.Str s) call[1] = s.value();
                  if (fn.getPresent("arguments") instanceof JsonValue.Str s) call[2] += s.value();
                }
              }
            }
          }
          // a tool-only reply counts its first token when its calls complete (at the finish chunk)
          if (choice.getPresent("finish_reason") instanceof JsonValue.Str && !calls.isEmpty() && firstToken == null) {
            firstToken = now;
            first = true;
          }
        }
        if (c.getPresent("usage") instanceof JsonValue.Obj u) {
          prompt = num(u, "prompt_tokens");
          completion = num(u, "completion_tokens");
          total = num(u, "total_tokens");
          cached = u.getPresent("prompt_tokens_details") instanceof JsonValue.Obj d ? num(d, "cached_tokens") : 0;
        }
      }
      if (first) listener.firstToken();
      if (delta != null) listener.textDelta(delta);
    }

    private void finish(boolean cancelled, ProviderException error) {
      Instant now = context.clock().now();
      LlmMetrics metric = null;
      synchronized (lock) {
        if (finished) return;
        finished = true;
        if (error == null && !failed && chunkSeen) {
          Duration duration = Duration.between(started, now);
          double seconds = duration.toNanos() / 1e9;
          long completionTokens = completion; // 0 unless the usage chunk was read before a cancel
          metric = LlmMetrics.builder()
              .label(LABEL).requestId(id).timestamp(now).duration(duration)
              .ttft(firstToken == null ? AgentMetrics.NOT_MEASURED : Duration.between(started, firstToken))
              .cancelled(cancelled)
              .promptTokens(prompt).promptCachedTokens(cached)
              .completionTokens(completionTokens).totalTokens(total)
              .tokensPerSecond(seconds > 0 ? completionTokens / seconds : 0)
              .metadata(metadata)
              .build();
        }
      }
      if (metric != null) context.emit(metric);
      if (error != null) {
        context.error(error);
        listener.error(error);
      }
      listener.done(this, metric);
    }
  }

  public OpenAiChatClient(ClientContext context, Options options) {
    this.context = context;
    this.options = options;
    this.metadata = new Metadata(options.model(), options.provider());
  }

  /** Starts a streamed completion of {@code messages}. */
  public Completion stream(List<Message> messages, Listener listener) {
    Completion c = new Completion(listener == null ? new Listener() {} : listener, context.clock().now());
    SseParser sse = new SseParser(c::chunk);
    Request.Builder r = new Request.Builder()
        .url(options.baseUrl().replaceAll("/+$", "") + "/chat/completions")
        .header("Authorization", "Bearer " + options.apiKey())
        .post(RequestBody.create(body(messages), JSON));
    c.stream = HttpStream.start(context, PROVIDER, r, new HttpStream.Handler() {
      @Override
      public void bytes(byte[] data) {
        sse.feed(data);
      }

      @Override
      public void end() {
        sse.end();
        c.finish(false, null);
      }

      @Override
      public void failed(ProviderException e) {
        c.finish(false, e);
      }

      @Override
      public void cancelled() {
        c.finish(true, null);
      }
    });
    return c;
  }

  private String body(List<Message> messages) {
    JsonWriter w = new JsonWriter().beginObject().field("model", options.model()).name("messages").beginArray();
    for (Message m : messages) {
      w.beginObject().field("role", m.role());
      if (m.content() != null) w.field("content", m.content());
      if (m.toolCallId() != null) w.field("tool_call_id", m.toolCallId());
      if (!m.toolCalls().isEmpty()) {
        w.name("tool_calls").beginArray();
        for (ToolCall t : m.toolCalls()) {
          w.beginObject().field("id", t.id()).field("type", "function").name("function").beginObject()
              .field("name", t.name()).field("arguments", t.arguments()).endObject().endObject();
        }
        w.endArray();
      }
      w.endObject();
    }
    w.endArray().field("stream", true).name("stream_options").beginObject().field("include_usage", true).endObject();
    return w.endObject().toString();
  }

  private static String str(JsonValue.Obj o, String key) {
    return o.getPresent(key) instanceof JsonValue.Str s ? s.value() : null;
  }

  private static long num(JsonValue.Obj o, String key) {
    return o.getPresent(key) instanceof JsonValue.Num n ? n.longValue(key) : 0;
  }
}
