package dev.agentharness.fake.wiremock;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.and;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.agentharness.audio.AudioFormat;
import dev.agentharness.fake.Ids;
import dev.agentharness.fake.openai.FakeOpenAiSpeech;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TokenRates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OpenAI speech ({@code POST /v1/audio/speech}) as WireMock stubs, answering as {@link FakeOpenAiSpeech} does:
 * {@code Authorization: Bearer <key>}; a body with a known {@code model}, the reply's text as {@code input}, a
 * known {@code voice} (or {@code {"id":"voice_…"}}), {@code response_format} {@code pcm} or {@code wav}, binary
 * {@code stream_format}; the reply's audio as 24 kHz 16-bit mono PCM (after a streamed WAV header for
 * {@code wav}), chunked, {@code x-request-id}, {@code openai-processing-ms}.
 *
 * <p>Faults on a reply (any target, as the fake reads them): {@code http-401}, {@code http-429} (with
 * {@code Retry-After}), {@code http-500} with OpenAI's bodies; {@code slow-first-byte} as a longer delay;
 * {@code disconnect-mid-response} as WireMock's {@link Fault#MALFORMED_RESPONSE_CHUNK} (a 200, then garbage and
 * a closed socket, at the moment the fake would cut the body). SSE ({@code stream_format: "sse"}) is not stubbed.
 */
public final class OpenAiSpeechStubs extends TtsStubs<OpenAiSpeechStubs> {

  /** The ledger's name for it, as the fake's. */
  public static final String SERVICE = FakeOpenAiSpeech.SERVICE;
  static final AudioFormat FORMAT = FakeOpenAiSpeech.FORMAT;
  static final String PATH = "/v1/audio/speech";
  static final List<String> MODELS = List.of("tts-1", "tts-1-hd", "gpt-4o-mini-tts", "gpt-4o-mini-tts-2025-12-15");
  static final List<String> VOICES = List.of("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage",
      "shimmer", "verse", "marin", "cedar");
  /** Formats the fake refuses with a 400 ({@code mp3} is also what a request without one gets). */
  static final List<String> REFUSED_FORMATS = List.of("mp3", "opus", "aac", "flac");

  OpenAiSpeechStubs(List<Reply> replies) {
    super(SERVICE, "sk-test-", replies);
  }

  private String bearer() {
    return "(?i)bearer\\s+" + Pattern.quote(apiKey()) + "\\s*";
  }

  /** The path, the key, and a body the fake would accept for {@code input}, bar the format. */
  private MappingBuilder request(String input) {
    return post(urlPathEqualTo(PATH))
        .withHeader("Authorization", matching(bearer()))
        .withRequestBody(matchingJsonPath("$.model", matching(String.join("|", MODELS))))
        .withRequestBody(matchingJsonPath("$.input", equalTo(input)))
        .withRequestBody(matchingJsonPath("$.voice",
            matching(String.join("|", VOICES) + "|\\{\\s*\"id\"\\s*:\\s*\"voice_[^\"]*\"\\s*}")))
        .withRequestBody(matchingJsonPath("$[?(!@.stream_format || @.stream_format == 'audio')]"));
  }

  @Override
  List<MappingBuilder> replyMappings(Reply reply, int index, Ids ids) {
    String text = reply.text();
    if (reply.has(FaultKind.HTTP_401)) {
      return List.of(request(text).withRequestBody(matchingJsonPath("$.response_format", matching("pcm|wav")))
          .willReturn(error(401, Bodies.openAiRevokedKey())).withMetadata(metadata(false)));
    }
    dev.agentharness.scenario.Fault rate = reply.fault(FaultKind.HTTP_429);
    if (rate != null) {
      long retryAfter = rate.delay() == null ? 1 : rate.delay().toSeconds();
      List<MappingBuilder> perModel = new ArrayList<>();
      for (String model : MODELS) {
        perModel.add(request(text).withRequestBody(matchingJsonPath("$.model", equalTo(model)))
            .withRequestBody(matchingJsonPath("$.response_format", matching("pcm|wav")))
            .willReturn(error(429, Bodies.openAiRateLimited(model, retryAfter))
                .withHeader("Retry-After", Long.toString(Math.max(1, retryAfter))))
            .withMetadata(metadata(false)));
      }
      return perModel;
    }
    if (reply.has(FaultKind.HTTP_500)) {
      return List.of(request(text).withRequestBody(matchingJsonPath("$.response_format", matching("pcm|wav")))
          .willReturn(error(500, Bodies.openAiServerError())).withMetadata(metadata(false)));
    }
    // the fake derives the length from the input at the requested speed; a stub knows the input, not the speed
    boolean derived = reply.audio() == null;
    Duration length = derived ? rates().speechDuration(text) : reply.audio();
    String requestId = "req_" + ids.uuid().replace("-", "");
    Long in = reply.usage().inputText();
    Long out = reply.usage().outputAudio();
    long inputTokens = in != null ? in : rates().textTokens(text);
    dev.agentharness.scenario.Fault slow = reply.fault(FaultKind.SLOW_FIRST_BYTE);
    dev.agentharness.scenario.Fault cut = reply.fault(FaultKind.DISCONNECT_MID_RESPONSE);
    List<MappingBuilder> mappings = new ArrayList<>();
    for (String format : List.of("pcm", "wav")) {
      Speech speech = Speech.of(reply, slow, FORMAT, length, format.equals("wav"));
      long outputTokens = out != null ? out
          : TokenRates.audioTokens(speech.audio(), rates().speechOutputAudioPerSecond());
      MappingBuilder m = request(text).withRequestBody(matchingJsonPath("$.response_format", equalTo(format)));
      if (derived) m = m.withRequestBody(matchingJsonPath("$[?(!@.speed || @.speed == 1)]"));
      if (cut != null) {
        // WireMock cannot close a body after N bytes: the closest is a 200 whose body is garbage, then a closed
        // socket, at the moment the fake would cut. The client gets no audio; the input was billed.
        Duration at = speech.openAiCut(cut);
        long billedOut = speech.audioBytes == 0 ? outputTokens : 0;
        mappings.add(m.willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)
                .withFixedDelay(Math.toIntExact(at.toMillis())))
            .withMetadata(billing(requestId, "incomplete", 0, at.toNanos(),
                Map.of("inputTokens", inputTokens, "outputTokens", billedOut))));
        continue;
      }
      ResponseDefinitionBuilder r = aResponse().withStatus(200)
          .withHeader("Content-Type", format.equals("wav") ? "audio/wav" : "audio/pcm")
          .withHeader("x-request-id", requestId)
          .withHeader("openai-processing-ms", Long.toString(speech.ttfb.toMillis()))
          .withBody(speech.body);
      mappings.add(m.willReturn(speech.timed(r))
          .withMetadata(billing(requestId, "completed", speech.audio().toNanos(), speech.lastChunk().toNanos(),
              Map.of("inputTokens", inputTokens, "outputTokens", outputTokens))));
    }
    return mappings;
  }

  @Override
  List<MappingBuilder> fallbackMappings(Ids ids) {
    List<MappingBuilder> out = new ArrayList<>();
    out.add(post(urlPathEqualTo(PATH)).withHeader("Authorization", absent())
        .willReturn(error(401, Bodies.openAiNoKey(false))));
    out.add(post(urlPathEqualTo(PATH)).withHeader("Authorization", notMatching("(?i)bearer\\s+\\S.*"))
        .willReturn(error(401, Bodies.openAiNoKey(false))));
    out.add(post(urlPathEqualTo(PATH))
        .withHeader("Authorization", and(matching("(?i)bearer\\s+\\S.*"), notMatching(bearer())))
        .willReturn(error(401, Bodies.openAiWrongKey())));
    out.add(post(urlPathEqualTo(PATH)).withHeader("Authorization", matching(bearer()))
        .withRequestBody(matchingJsonPath("$[?(!@.response_format)]"))
        .willReturn(error(400, Bodies.openAiUnsupportedFormat("mp3"))));
    for (String format : REFUSED_FORMATS) {
      out.add(post(urlPathEqualTo(PATH)).withHeader("Authorization", matching(bearer()))
          .withRequestBody(matchingJsonPath("$.response_format", equalTo(format)))
          .willReturn(error(400, Bodies.openAiUnsupportedFormat(format))));
    }
    return out;
  }

  private static ResponseDefinitionBuilder error(int status, String body) {
    return aResponse().withStatus(status).withGzipDisabled(true)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-request-id", Bodies.OPENAI_ERROR_REQUEST_ID)
        .withBody(body);
  }
}
