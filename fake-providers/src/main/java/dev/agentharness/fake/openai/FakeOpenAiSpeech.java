package dev.agentharness.fake.openai;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.clock.Link;
import dev.agentharness.fake.FakeProvider;
import dev.agentharness.fake.Requests;
import dev.agentharness.fake.openai.OpenAiErrors.Invalid;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A fake OpenAI speech API: {@code POST /v1/audio/speech}, answering {@code pcm} (24 kHz 16-bit mono, no
 * header) or {@code wav} with real audio, as a chunked binary body or, with {@code stream_format: "sse"},
 * as {@code speech.audio.delta} events and a final {@code speech.audio.done} with usage.
 *
 * <p>Each request plays the next scripted {@link Reply}: its {@code audio} is the length of the speech
 * (derived from the input text when not given), its first bytes go out {@code ttfb} after the request,
 * then one {@code chunk} of audio every {@code chunkGap}. Each request is billed to the ledger under the
 * {@code x-request-id} the fake sends. The compressed formats ({@code mp3}, the API's default, {@code opus},
 * {@code aac}, {@code flac}) are refused with a 400: the fake cannot encode them.
 *
 * <pre>{@code
 * try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.builder().start()) {
 *   speech.script(reply().audio(ofMillis(1500)).ttfb(ofMillis(250)));
 *   myTts.connect(speech.baseUrl(), speech.apiKey());
 * }
 * }</pre>
 */
public final class FakeOpenAiSpeech extends FakeProvider {

  /** The ledger's name for this fake. */
  public static final String SERVICE = "openai-speech";
  /** {@code pcm}: 24 kHz, 16-bit signed little-endian, mono. */
  public static final AudioFormat FORMAT = AudioFormat.PCM16_24K;
  /** How late the first bytes are under {@link FaultKind#SLOW_FIRST_BYTE} without a delay of its own. */
  public static final Duration DEFAULT_SLOW_FIRST_BYTE = Duration.ofSeconds(5);

  private final List<SpeechRun> runs = new CopyOnWriteArrayList<>();

  private FakeOpenAiSpeech(Builder b) {
    super(SERVICE, b);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A fake on a server of its own, with a random key and the default script. */
  public static FakeOpenAiSpeech start() {
    return builder().start();
  }

  /** {@code http://127.0.0.1:PORT/v1} ({@code https} with TLS): an OpenAI client's base URL. */
  @Override
  public String baseUrl() {
    return server().httpUrl("/v1");
  }

  /** The provider name LiveKit's OpenAI plugin reports: the base URL's host and port. */
  @Override
  protected String defaultProviderName() {
    return server().hostAndPort();
  }

  /** Requests still streaming. */
  public int openStreams() {
    return runs.size();
  }

  @Override
  public String describe() {
    return "OpenAI speech: POST /v1/audio/speech";
  }

  @Override
  public boolean matches(RecordedRequest request) {
    return request.getMethod().equals("POST") && Requests.path(request).equals("/v1/audio/speech");
  }

  @Override
  public MockResponse dispatch(RecordedRequest request, Link link) {
    String key = Requests.authorization(request, "Bearer");
    if (!keyMatches(key)) return OpenAiErrors.unauthorized(key);
    SpeechRequest speech;
    try {
      speech = SpeechRequest.parse(Requests.body(request));
    } catch (Invalid e) {
      return OpenAiErrors.badRequest(e);
    }
    Reply reply = script().next();
    if (reply.has(FaultKind.HTTP_401)) return OpenAiErrors.unauthorized("sk-revoked-by-a-scripted-fault");
    Fault rate = reply.fault(FaultKind.HTTP_429);
    if (rate != null) {
      return OpenAiErrors.rateLimited(speech.model, rate.delay() == null ? 1 : rate.delay().toSeconds());
    }
    if (reply.has(FaultKind.HTTP_500)) return OpenAiErrors.serverError();
    SpeechRun run = new SpeechRun(this, link, speech, reply);
    runs.add(run);
    return run.start();
  }

  /** {@code req_} + 32 hex digits, as OpenAI's {@code x-request-id}. */
  String requestId() {
    return "req_" + ids().uuid().replace("-", "");
  }

  void finished(SpeechRun run) {
    runs.remove(run);
  }

  @Override
  protected void dropConnections() {
    for (SpeechRun r : new ArrayList<>(runs)) r.dropNow();
  }

  /** Builds a {@link FakeOpenAiSpeech}. */
  public static final class Builder extends FakeProvider.Builder<Builder, FakeOpenAiSpeech> {
    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected String keyPrefix() {
      return "sk-test-";
    }

    @Override
    public FakeOpenAiSpeech build() {
      return new FakeOpenAiSpeech(this);
    }
  }
}
