package dev.agentharness.fake.wiremock;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.fake.SpeechAudio;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElevenLabsStubsTest extends WireMockTestBase {

  static final String TEXT = "Your balance is 42 euros.";
  static final String VOICE = "21m00Tcm4TlvDq8ikWAM";

  static Fault tts(FaultKind kind) {
    return Fault.of(kind).on(FaultKind.Target.TTS);
  }

  Http.Answer stream(WireMockFake eleven, String query, String json) throws Exception {
    String url = eleven.baseUrl() + "/text-to-speech/" + VOICE + "/stream" + (query == null ? "" : "?" + query);
    return http.post(url, json, "xi-api-key", eleven.apiKey());
  }

  static String text(String text) {
    return "{\"text\":\"" + text + "\"}";
  }

  @Test
  void everyServedFormatIsTheRepliesAudioWithTheHeadersClientsRead() throws Exception {
    WireMockFake eleven = WireMockFakes.elevenLabs(server, Reply.reply().text(TEXT).audio(ofMillis(2400)));
    Map<String, Integer> sizes = Map.of("pcm_8000", 38_400, "pcm_16000", 76_800, "pcm_22050", 105_840,
        "pcm_24000", 115_200, "pcm_44100", 211_680, "pcm_48000", 230_400, "ulaw_8000", 19_200, "alaw_8000", 19_200);

    for (String format : Formats.SERVED) {
      Http.Answer a = stream(eleven, "output_format=" + format, text(TEXT));
      assertThat(a.status()).as(format).isEqualTo(200);
      assertThat(a.body()).as(format).hasSize(sizes.get(format));
      String type = format.startsWith("ulaw") ? "audio/basic" : format.startsWith("alaw") ? "audio/alaw" : "audio/pcm";
      assertThat(a.header("Content-Type")).as(format).isEqualTo(type);
      assertThat(a.header("character-cost")).isEqualTo("25");
      assertThat(a.header("x-character-count")).isEqualTo("25");
      assertThat(a.header("request-id")).hasSize(20);
      assertThat(a.header("history-item-id")).hasSize(20);
    }
    // µ-law: the fake's G.711 tone, byte for byte
    byte[] ulaw = stream(eleven, "output_format=ulaw_8000", text(TEXT)).body();
    assertThat(ulaw).isEqualTo(new SpeechAudio(AudioFormat.ULAW_8K).bytes(19_200));
    assertThat(eleven.ledger().entries()).hasSize(9)
        .allSatisfy(e -> assertThat(e.audio()).isEqualTo(ofMillis(2400)));
  }

  @Test
  void chunkedAfterTheTtfb() throws Exception {
    WireMockFake eleven = WireMockFakes.elevenLabs(Reply.reply().text(TEXT).audio(ofMillis(300)).ttfb(ofMillis(150))
        .chunkGap(ofMillis(40))).outputFormats("pcm_16000").register(server);

    RawHttp.Exchange x = RawHttp.post(eleven.baseUrl() + "/text-to-speech/" + VOICE + "/stream?output_format=pcm_16000",
        text(TEXT), "xi-api-key", eleven.apiKey());

    assertThat(x.headers()).containsEntry("transfer-encoding", "chunked");
    assertThat(x.chunks()).extracting(RawHttp.Chunk::size).containsExactly(3200, 3200, 3200);
    assertThat(x.chunks().get(0).atMillis()).isGreaterThanOrEqualTo(150);
    assertThat(x.chunks().get(2).atMillis()).isGreaterThanOrEqualTo(150 + 2 * 40);
    // only the chosen format is stubbed
    assertThat(stream(eleven, "output_format=pcm_24000", text(TEXT)).status()).isEqualTo(404);
    assertThatThrownBy(() -> WireMockFakes.elevenLabs().outputFormats("mp3_44100_128"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pcm_24000");
  }

  @Test
  void withoutAudioTheLengthComesFromTheText() throws Exception {
    WireMockFake eleven = WireMockFakes.elevenLabs(server, Reply.reply().text(TEXT));

    assertThat(stream(eleven, "output_format=pcm_24000", text(TEXT)).body()).hasSize(80_160); // 1.67 s
    assertThat(stream(eleven, "output_format=pcm_24000", text("Other text.")).status()).isEqualTo(404);
  }

  @Test
  void aMissingOrWrongKeyGetsElevenLabs401AndBillsNothing() throws Exception {
    WireMockFake eleven = WireMockFakes.elevenLabs(server, Reply.reply().text(TEXT).audio(ofMillis(100)));
    String url = eleven.baseUrl() + "/text-to-speech/" + VOICE + "/stream?output_format=pcm_24000";

    Http.Answer none = http.post(url, text(TEXT));
    Http.Answer wrong = http.post(url, text(TEXT), "xi-api-key", "sk_wrong");
    Http.Answer blank = http.post(url, text(TEXT), "xi-api-key", "");

    assertThat(none.status()).isEqualTo(401);
    assertThat(detail(none, "status")).isEqualTo("needs_authorization");
    assertThat(detail(blank, "status")).isEqualTo("needs_authorization");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(detail(wrong, "status")).isEqualTo("invalid_api_key");
    assertThat(wrong.header("server")).isEqualTo("uvicorn");
    assertThat(wrong.header("x-trace-id")).hasSize(20);
    assertThat(eleven.ledger().entries()).isEmpty();
  }

  @Test
  void compressedOrMissingOutputFormatsGetThe422() throws Exception {
    WireMockFake eleven = WireMockFakes.elevenLabs(server, Reply.reply().text(TEXT).audio(ofMillis(100)));

    Http.Answer missing = stream(eleven, null, text(TEXT));
    Http.Answer opus = stream(eleven, "output_format=opus_48000_64", text(TEXT));

    assertThat(missing.status()).isEqualTo(422);
    JsonValue.Obj detail = Json.parseObject(missing.text()).get("detail").asArray("detail").items().get(0)
        .asObject("detail[0]");
    assertThat(detail.get("loc").toString()).contains("output_format");
    assertThat(detail.get("msg").asString("msg")).contains("mp3_44100_128 is not served");
    assertThat(detail.get("type").asString("type")).isEqualTo("value_error");
    assertThat(opus.status()).isEqualTo(422);
    assertThat(opus.text()).contains("opus_48000_64 is not served");
    assertThat(eleven.ledger().entries()).isEmpty();
  }

  @Test
  void faultsAimedAtTheTtsAnswerWithElevenLabsBodiesInOrder() throws Exception {
    WireMockFake eleven = WireMockFakes.elevenLabs(server,
        Reply.reply().text(TEXT).fault(tts(FaultKind.HTTP_401)),
        Reply.reply().text(TEXT).fault(tts(FaultKind.QUOTA_EXCEEDED)),
        Reply.reply().text(TEXT).fault(tts(FaultKind.HTTP_429).after(ofSeconds(2))),
        Reply.reply().text(TEXT).fault(tts(FaultKind.HTTP_500)),
        // aimed at the LLM: the TTS plays
        Reply.reply().text(TEXT).audio(ofMillis(100)).fault(Fault.of(FaultKind.HTTP_500)));

    List<Http.Answer> answers = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) answers.add(stream(eleven, "output_format=pcm_24000", text(TEXT)));

    assertThat(answers).extracting(Http.Answer::status).containsExactly(401, 401, 429, 500, 200);
    assertThat(detail(answers.get(0), "status")).isEqualTo("invalid_api_key");
    assertThat(detail(answers.get(1), "status")).isEqualTo("quota_exceeded");
    assertThat(detail(answers.get(1), "message")).isEqualTo("This request exceeds your quota of 10000. You have 0 "
        + "credits remaining, while 25 credits are required for this request.");
    assertThat(detail(answers.get(2), "status")).isEqualTo("too_many_concurrent_requests");
    assertThat(answers.get(2).header("Retry-After")).isEqualTo("2");
    assertThat(detail(answers.get(3), "status")).isEqualTo("internal_server_error");
    assertThat(eleven.ledger().entries()).hasSize(1);
  }

  @Test
  void slowFirstByte() throws Exception {
    WireMockFake eleven = WireMockFakes.elevenLabs(server, Reply.reply().text(TEXT).audio(ofMillis(100))
        .ttfb(ofMillis(50)).fault(tts(FaultKind.SLOW_FIRST_BYTE).after(ofMillis(250))));

    Http.Answer a = stream(eleven, "output_format=pcm_24000", text(TEXT));

    assertThat(a.firstByteMillis()).isGreaterThanOrEqualTo(300);
    assertThat(a.body()).hasSize(4_800);
  }

  @Test
  void disconnectMidResponseBillsEveryCharacter() throws Exception {
    WireMockFake eleven = WireMockFakes.elevenLabs(server,
        Reply.reply().text(TEXT).audio(ofMillis(2400)).fault(tts(FaultKind.DISCONNECT_MID_RESPONSE)));

    Http.Answer a = stream(eleven, "output_format=pcm_24000", text(TEXT));

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.bodyFailure()).isNotNull();
    LedgerEntry billed = eleven.ledger().entries().get(0);
    assertThat(billed.status()).isEqualTo("incomplete");
    assertThat(billed.characters()).isEqualTo(25); // ElevenLabs charges the request's characters
    assertThat(billed.audio()).isZero(); // WireMock's fault delivers no audio
  }

  @Test
  void theLedgerNamesTheModelAsTheFakeDoes() throws Exception {
    WireMockFake eleven = WireMockFakes.elevenLabs(Reply.reply().text(TEXT).audio(ofMillis(200)))
        .model("eleven_turbo_v2_5").register(server);

    Http.Answer body = stream(eleven, "output_format=pcm_24000",
        "{\"text\":\"" + TEXT + "\",\"model_id\":\"eleven_flash_v2_5\",\"voice_settings\":{\"speed\":1.1}}");
    stream(eleven, "output_format=pcm_24000&model_id=eleven_multilingual_v2", text(TEXT));
    stream(eleven, "output_format=pcm_24000", text(TEXT));

    List<LedgerEntry> entries = eleven.ledger().entries();
    assertThat(entries).extracting(LedgerEntry::model)
        .containsExactly("eleven_flash_v2_5", "eleven_multilingual_v2", "eleven_turbo_v2_5");
    LedgerEntry e = entries.get(0);
    assertThat(e.id()).isEqualTo(body.header("request-id"));
    assertThat(e.service()).isEqualTo("elevenlabs");
    assertThat(e.provider()).isEqualTo("ElevenLabs");
    assertThat(e.characters()).isEqualTo(25);
    assertThat(e.audio()).isEqualTo(ofMillis(200));
    assertThat(e.tokens()).isEqualTo(LedgerEntry.Tokens.NONE);
  }

  static String detail(Http.Answer a, String key) {
    return Json.parseObject(a.text()).get("detail").asObject("detail").get(key).asString(key);
  }
}
