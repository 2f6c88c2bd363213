package dev.agentharness.client.openai;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.client.ClientContext;
import dev.agentharness.client.HttpStream;
import dev.agentharness.client.ProviderException;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.TtsMetrics;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * An OpenAI speech ({@code POST /v1/audio/speech}, {@code pcm}) client that measures as LiveKit's
 * non-streaming TTS ({@code ChunkedStream}) does:
 *
 * <ul>
 *   <li>{@code ttfb} = first audio bytes − start; {@code duration} = end of body − start;
 *   <li>{@code audio_duration} from the decoded bytes (24 kHz 16-bit: 48,000 bytes a second);
 *   <li>{@code characters_count} = the whole input text, even when cancelled; {@code streamed} false;
 *   <li>{@code request_id} = the {@code x-request-id} header; no metric when the attempt failed.
 * </ul>
 */
public final class OpenAiSpeechClient {

  public static final String PROVIDER = "openai-speech";
  /** LiveKit's label for its OpenAI TTS. */
  public static final String LABEL = "livekit.plugins.openai.tts.TTS";
  private static final MediaType JSON = MediaType.get("application/json");

  private final ClientContext context;
  private final Options options;
  private final Metadata metadata;

  /** What the client needs to know. */
  public record Options(String baseUrl, String apiKey, String model, String voice, String provider) {
    public Options {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(apiKey, "apiKey");
      if (model == null) model = "gpt-4o-mini-tts";
      if (voice == null) voice = "alloy";
      if (provider == null) provider = URI.create(baseUrl).getAuthority();
    }

    public static Options of(String baseUrl, String apiKey) {
      return new Options(baseUrl, apiKey, null, null, null);
    }

    public Options withModel(String model) {
      return new Options(baseUrl, apiKey, model, voice, provider);
    }

    public Options withVoice(String voice) {
      return new Options(baseUrl, apiKey, model, voice, provider);
    }

    public Options withProvider(String provider) {
      return new Options(baseUrl, apiKey, model, voice, provider);
    }
  }

  /** What a synthesis produced. Calls come from OkHttp's thread. */
  public interface Listener {
    default void firstAudio() {}

    /** The synthesis ended; {@code metric} is null when it failed. */
    default void done(Synthesis synthesis, TtsMetrics metric) {}

    default void error(ProviderException e) {}
  }

  /** One request. */
  public final class Synthesis {
    private final String text;
    private final Listener listener;
    private final Instant started;
    private final Object lock = new Object();
    private Instant firstAudio;
    private long bytes;
    private String requestId = "";
    private boolean finished;
    private HttpStream stream;

    private Synthesis(String text, Listener listener, Instant started) {
      this.text = text;
      this.listener = listener;
      this.started = started;
    }

    /** Decoded audio bytes received so far. */
    public long audioBytes() {
      synchronized (lock) {
        return bytes;
      }
    }

    public Instant firstAudio() {
      synchronized (lock) {
        return firstAudio;
      }
    }

    /** Stops it (an interruption); the metric says {@code cancelled} and still counts every character. */
    public void cancel() {
      HttpStream s = stream;
      if (s != null) s.cancel();
    }

    private void finish(boolean cancelled, ProviderException error) {
      Instant now = context.clock().now();
      TtsMetrics metric = null;
      synchronized (lock) {
        if (finished) return;
        finished = true;
        if (error == null) {
          metric = TtsMetrics.builder().label(LABEL).requestId(requestId).timestamp(now)
              .ttfb(firstAudio == null ? AgentMetrics.NOT_MEASURED : Duration.between(started, firstAudio))
              .duration(Duration.between(started, now))
              .audioDuration(AudioFormat.PCM16_24K.duration(bytes))
              .cancelled(cancelled).charactersCount(text.length()).streamed(false)
              .metadata(metadata).build();
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

  public OpenAiSpeechClient(ClientContext context, Options options) {
    this.context = context;
    this.options = options;
    this.metadata = new Metadata(options.model(), options.provider());
  }

  /** Synthesizes {@code text} as 24 kHz PCM. */
  public Synthesis synthesize(String text, Listener listener) {
    Synthesis s = new Synthesis(text, listener == null ? new Listener() {} : listener, context.clock().now());
    String body = new JsonWriter().beginObject().field("model", options.model()).field("input", text)
        .field("voice", options.voice()).field("response_format", "pcm").endObject().toString();
    Request.Builder r = new Request.Builder()
        .url(options.baseUrl().replaceAll("/+$", "") + "/audio/speech")
        .header("Authorization", "Bearer " + options.apiKey())
        .header("Accept", "application/octet-stream")
        .post(RequestBody.create(body, JSON));
    s.stream = HttpStream.start(context, PROVIDER, r, new HttpStream.Handler() {
      @Override
      public void headers(Response response) {
        String id = response.header("x-request-id");
        synchronized (s.lock) {
          if (id != null) s.requestId = id;
        }
      }

      @Override
      public void bytes(byte[] data) {
        boolean first = false;
        synchronized (s.lock) {
          if (data.length > 0 && s.firstAudio == null) {
            s.firstAudio = context.clock().now();
            first = true;
          }
          s.bytes += data.length;
        }
        if (first) s.listener.firstAudio();
      }

      @Override
      public void end() {
        s.finish(false, null);
      }

      @Override
      public void failed(ProviderException e) {
        s.finish(false, e);
      }

      @Override
      public void cancelled() {
        s.finish(true, null);
      }
    });
    return s;
  }
}
