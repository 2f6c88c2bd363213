package dev.agentharness.fake.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.and;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.agentharness.fake.Ids;
import dev.agentharness.fake.elevenlabs.FakeElevenLabs;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * ElevenLabs HTTP streaming ({@code POST /v1/text-to-speech/{voice_id}/stream}) as WireMock stubs, answering as
 * {@link FakeElevenLabs} does: {@code xi-api-key}; {@code output_format} {@code pcm_8000} … {@code pcm_48000},
 * {@code ulaw_8000} or {@code alaw_8000} (one stub per format); the reply's text as {@code text}; the reply's
 * audio in that format, chunked, with {@code character-cost}, {@code x-character-count}, {@code request-id} and
 * {@code history-item-id}. Any voice id. A missing or compressed {@code output_format} gets the fake's 422.
 *
 * <p>Faults on a reply, when they target the TTS (as the fake reads them): {@code http-401},
 * {@code quota-exceeded} (401 {@code quota_exceeded}), {@code http-429} (with {@code Retry-After}),
 * {@code http-500}; {@code slow-first-byte} as a longer delay; {@code disconnect-mid-response} as WireMock's
 * {@link Fault#MALFORMED_RESPONSE_CHUNK} at the moment the fake would cut the body.
 */
public final class ElevenLabsStubs extends TtsStubs<ElevenLabsStubs> {

  /** The ledger's name for it, as the fake's. */
  public static final String SERVICE = FakeElevenLabs.SERVICE;
  static final String PATH = "/v1/text-to-speech/[^/]+/stream";

  private String model = FakeElevenLabs.DEFAULT_MODEL;
  private List<String> formats = Formats.SERVED;

  ElevenLabsStubs(List<Reply> replies) {
    super(SERVICE, "sk_test_", replies);
  }

  /** The model billed when a request names none ({@value FakeElevenLabs#DEFAULT_MODEL} by default). */
  public ElevenLabsStubs model(String model) {
    this.model = Objects.requireNonNull(model, "model");
    return this;
  }

  /**
   * Answers only these {@code output_format}s (all eight the fake serves by default: every format is a stub
   * holding the reply's audio in that format).
   */
  public ElevenLabsStubs outputFormats(String... names) {
    List<String> chosen = List.of(names);
    for (String n : chosen) {
      if (!Formats.SERVED.contains(n)) {
        throw new IllegalArgumentException("not an output_format the fake ElevenLabs serves: " + n + " (served: "
            + String.join(", ", Formats.SERVED) + ")");
      }
    }
    if (chosen.isEmpty()) throw new IllegalArgumentException("no output_format");
    this.formats = chosen;
    return this;
  }

  private MappingBuilder request(String key) {
    return post(urlPathMatching(PATH)).withHeader("xi-api-key", equalTo(key));
  }

  @Override
  List<MappingBuilder> replyMappings(Reply reply, int index, Ids ids) {
    String text = reply.text();
    long characters = text.codePointCount(0, text.length());
    MappingBuilder anyFormat = request(apiKey())
        .withQueryParam("output_format", matching(formats.stream().map(Pattern::quote)
            .reduce((a, b) -> a + "|" + b).orElseThrow()))
        .withRequestBody(matchingJsonPath("$.text", equalTo(text)));
    String traceId = ids.next("", 20);
    if (tts(reply, FaultKind.HTTP_401) != null) {
      return List.of(anyFormat.willReturn(error(401, Bodies.elevenLabsWrongKey(), traceId))
          .withMetadata(metadata(false)));
    }
    if (tts(reply, FaultKind.QUOTA_EXCEEDED) != null) {
      return List.of(anyFormat.willReturn(error(401, Bodies.elevenLabsQuotaExceeded(characters), traceId))
          .withMetadata(metadata(false)));
    }
    dev.agentharness.scenario.Fault tooMany = tts(reply, FaultKind.HTTP_429);
    if (tooMany != null) {
      long retryAfter = tooMany.delay() == null ? 1 : tooMany.delay().toSeconds();
      return List.of(anyFormat.willReturn(error(429, Bodies.elevenLabsTooManyConcurrentRequests(), traceId)
              .withHeader("Retry-After", Long.toString(Math.max(1, retryAfter))))
          .withMetadata(metadata(false)));
    }
    if (tts(reply, FaultKind.HTTP_500) != null) {
      return List.of(anyFormat.willReturn(error(500, Bodies.elevenLabsServerError(), traceId))
          .withMetadata(metadata(false)));
    }
    Duration length = reply.audio() != null ? reply.audio() : rates().speechDuration(text);
    String requestId = ids.next("", 20);
    String historyItemId = ids.next("", 20);
    dev.agentharness.scenario.Fault slow = tts(reply, FaultKind.SLOW_FIRST_BYTE);
    dev.agentharness.scenario.Fault cut = tts(reply, FaultKind.DISCONNECT_MID_RESPONSE);
    Map<String, Object> billedModel = Map.of("defaultModel", model);
    List<MappingBuilder> mappings = new ArrayList<>();
    for (String format : formats) {
      Speech speech = Speech.of(reply, slow, Formats.audio(format), length, false);
      MappingBuilder m = request(apiKey()).withQueryParam("output_format", equalTo(format))
          .withRequestBody(matchingJsonPath("$.text", equalTo(text)));
      if (cut != null) {
        // no "close after N bytes" in WireMock: a 200, garbage, a closed socket, when the fake would cut.
        // ElevenLabs bills the characters of the request all the same.
        Duration at = speech.elevenLabsCut(cut);
        mappings.add(m.willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)
                .withFixedDelay(Math.toIntExact(at.toMillis())))
            .withMetadata(billing(requestId, "incomplete", 0, at.toNanos(), billedModel)));
        continue;
      }
      ResponseDefinitionBuilder r = aResponse().withStatus(200)
          .withHeader("Content-Type", Formats.contentType(format))
          .withHeader("character-cost", Long.toString(characters))
          .withHeader("x-character-count", Long.toString(characters))
          .withHeader("request-id", requestId)
          .withHeader("history-item-id", historyItemId)
          .withBody(speech.body);
      mappings.add(m.willReturn(speech.timed(r))
          .withMetadata(billing(requestId, "completed", speech.audio().toNanos(), speech.lastChunk().toNanos(),
              billedModel)));
    }
    return mappings;
  }

  @Override
  List<MappingBuilder> fallbackMappings(Ids ids) {
    String traceId = ids.next("", 20);
    String key = "\\s*" + Pattern.quote(apiKey()) + "\\s*";
    List<MappingBuilder> out = new ArrayList<>();
    out.add(post(urlPathMatching(PATH)).withHeader("xi-api-key", absent())
        .willReturn(error(401, Bodies.elevenLabsNoKey(), traceId)));
    out.add(post(urlPathMatching(PATH)).withHeader("xi-api-key", matching("\\s*"))
        .willReturn(error(401, Bodies.elevenLabsNoKey(), traceId)));
    out.add(post(urlPathMatching(PATH)).withHeader("xi-api-key", and(matching("(?s).*\\S.*"), notMatching(key)))
        .willReturn(error(401, Bodies.elevenLabsWrongKey(), traceId)));
    out.add(request(apiKey()).withQueryParam("output_format", absent())
        .willReturn(validation(Bodies.elevenLabsUnservedFormat(Formats.HTTP_DEFAULT))));
    for (String name : Formats.KNOWN) {
      if (Formats.SERVED.contains(name)) continue;
      out.add(request(apiKey()).withQueryParam("output_format", equalTo(name))
          .willReturn(validation(Bodies.elevenLabsUnservedFormat(name))));
    }
    return out;
  }

  /** A fault aimed at the TTS, as the fake takes it. */
  private static dev.agentharness.scenario.Fault tts(Reply reply, FaultKind kind) {
    for (dev.agentharness.scenario.Fault f : reply.faults()) {
      if (f.kind() == kind && f.target() == FaultKind.Target.TTS) return f;
    }
    return null;
  }

  private static ResponseDefinitionBuilder error(int status, String body, String traceId) {
    return aResponse().withStatus(status).withGzipDisabled(true)
        .withHeader("Content-Type", "application/json")
        .withHeader("server", "uvicorn")
        .withHeader("x-trace-id", traceId)
        .withBody(body);
  }

  private static ResponseDefinitionBuilder validation(String body) {
    return aResponse().withStatus(422).withGzipDisabled(true)
        .withHeader("Content-Type", "application/json")
        .withHeader("server", "uvicorn")
        .withBody(body);
  }
}
