package dev.agentharness.fake.wiremock;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.agentharness.audio.AudioFormat;
import dev.agentharness.audio.Pcm;
import dev.agentharness.audio.Wav;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiSpeechStubsTest extends WireMockTestBase {

  static final String TEXT = "Your balance is 42 euros.";

  static String body(String model, String input, String format) {
    return "{\"model\":\"" + model + "\",\"input\":\"" + input + "\",\"voice\":\"alloy\",\"response_format\":\""
        + format + "\"}";
  }

  Http.Answer speak(WireMockFake fake, String json) throws Exception {
    return http.post(fake.baseUrl() + "/audio/speech", json, "Authorization", "Bearer " + fake.apiKey());
  }

  @Test
  void pcmIsExactlyTheRepliesAudio() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server, Reply.reply().text(TEXT).audio(ofMillis(2400)));

    Http.Answer a = speak(speech, body("gpt-4o-mini-tts", TEXT, "pcm"));

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.header("Content-Type")).isEqualTo("audio/pcm");
    assertThat(a.header("x-request-id")).matches("req_[0-9a-f]{32}");
    assertThat(a.header("openai-processing-ms")).isEqualTo("200"); // the default ttfb
    assertThat(a.body()).hasSize(115_200).isEqualTo(Pcm.tone(24_000, 115_200)); // 2.4 s of 24 kHz 16-bit mono
    assertThat(speech.baseUrl()).isEqualTo("http://127.0.0.1:" + server.port() + "/v1");
    assertThat(speech.apiKey()).startsWith("sk-test-");
  }

  @Test
  void wavIsTheStreamedHeaderThenTheSamePcm() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server, Reply.reply().text(TEXT).audio(ofMillis(500)));

    Http.Answer a = speak(speech, body("tts-1", TEXT, "wav"));

    assertThat(a.header("Content-Type")).isEqualTo("audio/wav");
    assertThat(Arrays.copyOf(a.body(), 44)).isEqualTo(Wav.header(AudioFormat.PCM16_24K, -1));
    assertThat(Arrays.copyOfRange(a.body(), 44, a.body().length)).isEqualTo(Pcm.tone(24_000, 24_000));
    assertThat(speech.ledger().entries().get(0).audio()).isEqualTo(ofMillis(500)); // header excluded
  }

  @Test
  void withoutAudioTheLengthComesFromTheTextAtTheDefaultRates() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server, Reply.reply().text(TEXT));

    // 25 characters at 15 a second: 1.67 s
    assertThat(speak(speech, body("tts-1", TEXT, "pcm")).body()).hasSize(80_160);
    String atSpeedOne = "{\"model\":\"tts-1\",\"input\":\"" + TEXT + "\",\"voice\":\"alloy\","
        + "\"response_format\":\"pcm\",\"speed\":1.0}";
    assertThat(speak(speech, atSpeedOne).body()).hasSize(80_160);
    // the fake would speak faster; a static stub cannot, so it does not answer
    assertThat(speak(speech, atSpeedOne.replace("1.0", "1.5")).status()).isEqualTo(404);
    // and the stub answers the reply's text only
    assertThat(speak(speech, body("tts-1", "Something else.", "pcm")).status()).isEqualTo(404);
  }

  @Test
  void aCustomVoiceAndAnExplicitAudioStreamFormatMatch() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server, Reply.reply().text(TEXT).audio(ofMillis(100)));

    String json = "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + TEXT + "\",\"voice\":{\"id\":\"voice_123\"},"
        + "\"response_format\":\"pcm\",\"stream_format\":\"audio\",\"speed\":2}";
    assertThat(speak(speech, json).body()).hasSize(4_800);
    assertThat(speak(speech, json.replace("\"audio\"", "\"sse\"")).status()).isEqualTo(404);
    assertThat(speak(speech, json.replace("voice_123", "v123")).status()).isEqualTo(404);
    assertThat(speak(speech, json.replace("gpt-4o-mini-tts", "gpt-5")).status()).isEqualTo(404);
  }

  @Test
  void oneHttpChunkPerReplyChunkAfterTheTtfb() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server,
        Reply.reply().text(TEXT).audio(ofMillis(500)).chunk(ofMillis(100)).ttfb(ofMillis(200)).chunkGap(ofMillis(50)));

    RawHttp.Exchange x = RawHttp.post(speech.baseUrl() + "/audio/speech", body("tts-1", TEXT, "pcm"),
        "Authorization", "Bearer " + speech.apiKey(), "Accept-Encoding", "gzip");

    assertThat(x.headers()).containsEntry("transfer-encoding", "chunked").doesNotContainKey("content-length")
        // not gzipped, however welcome (gzip would bunch the chunks): WireMock says so with "none"
        .containsEntry("content-encoding", "none");
    assertThat(x.chunks()).extracting(RawHttp.Chunk::size).containsExactly(4800, 4800, 4800, 4800, 4800);
    // never early (only lower bounds: timing targets belong to the benchmarks)
    assertThat(x.chunks().get(0).atMillis()).isGreaterThanOrEqualTo(200);
    assertThat(x.chunks().get(4).atMillis()).isGreaterThanOrEqualTo(200 + 4 * 50);
    LedgerEntry e = speech.ledger().entries().get(0);
    assertThat(Duration.between(e.start(), e.end())).isEqualTo(ofMillis(400)); // ttfb + 4 gaps, as the fake bills
  }

  @Test
  void withNoGapTheChunksStillGoOutOneByOne() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server, Reply.reply().text(TEXT).audio(ofMillis(250)));

    RawHttp.Exchange x = RawHttp.post(speech.baseUrl() + "/audio/speech", body("tts-1", TEXT, "pcm"),
        "Authorization", "Bearer " + speech.apiKey());

    // 250 ms in chunks of 100 ms: the fake sends 4800, 4800, 2400; WireMock's dribble splits evenly
    assertThat(x.chunks()).hasSize(3);
    assertThat(x.body()).hasSize(12_000);
  }

  @Test
  void aMissingOrWrongKeyGetsOpenAis401AndBillsNothing() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server, Reply.reply().text(TEXT).audio(ofMillis(100)));
    String json = body("tts-1", TEXT, "pcm");

    Http.Answer none = http.post(speech.baseUrl() + "/audio/speech", json);
    Http.Answer basic = http.post(speech.baseUrl() + "/audio/speech", json, "Authorization", "Basic eDp5");
    Http.Answer wrong = http.post(speech.baseUrl() + "/audio/speech", json, "Authorization", "Bearer sk-wrong-key");

    assertThat(List.of(none.status(), basic.status(), wrong.status())).containsOnly(401);
    assertThat(field(none, "message")).contains("You didn't provide an API key");
    assertThat(field(none, "code")).isNull();
    assertThat(field(basic, "message")).contains("You didn't provide an API key");
    assertThat(field(wrong, "code")).isEqualTo("invalid_api_key");
    assertThat(field(wrong, "type")).isEqualTo("invalid_request_error");
    assertThat(wrong.header("x-request-id")).isEqualTo("req_agentharness");
    assertThat(speech.ledger().entries()).isEmpty();
    // the reply is still there for the right key
    assertThat(speak(speech, json).status()).isEqualTo(200);
  }

  @Test
  void compressedFormatsAreRefusedAsTheFakeRefusesThem() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server, Reply.reply().text(TEXT).audio(ofMillis(100)));

    Http.Answer noFormat = speak(speech, "{\"model\":\"tts-1\",\"input\":\"" + TEXT + "\",\"voice\":\"alloy\"}");
    Http.Answer opus = speak(speech, body("tts-1", TEXT, "opus"));

    assertThat(noFormat.status()).isEqualTo(400);
    assertThat(field(noFormat, "message")).contains("'response_format' mp3 is unsupported");
    assertThat(field(opus, "param")).isEqualTo("response_format");
    assertThat(field(opus, "code")).isEqualTo("unsupported_value");
  }

  @Test
  void httpFaultsAnswerWithOpenAisBodiesInTheScriptedOrderAndBillNothing() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server,
        Reply.reply().text(TEXT).fault(FaultKind.HTTP_401),
        Reply.reply().text(TEXT).fault(Fault.of(FaultKind.HTTP_429).after(ofSeconds(3))),
        Reply.reply().text(TEXT).fault(FaultKind.HTTP_500),
        Reply.reply().text(TEXT).audio(ofMillis(100)));
    String json = body("tts-1-hd", TEXT, "pcm");

    Http.Answer revoked = speak(speech, json);
    Http.Answer limited = speak(speech, json);
    Http.Answer failed = speak(speech, json);
    Http.Answer ok = speak(speech, json);

    assertThat(revoked.status()).isEqualTo(401);
    assertThat(field(revoked, "message")).contains("sk-rev***ault");
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isEqualTo("3");
    assertThat(field(limited, "message")).startsWith("Rate limit reached for tts-1-hd ");
    assertThat(field(limited, "code")).isEqualTo("rate_limit_exceeded");
    assertThat(failed.status()).isEqualTo(500);
    assertThat(field(failed, "type")).isEqualTo("server_error");
    assertThat(ok.status()).isEqualTo(200);
    assertThat(speech.ledger().entries()).singleElement()
        .satisfies(e -> assertThat(e.id()).isEqualTo(ok.header("x-request-id")));
  }

  @Test
  void slowFirstByteDelaysTheAudio() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server, Reply.reply().text(TEXT).audio(ofMillis(100))
        .ttfb(Duration.ZERO).fault(Fault.of(FaultKind.SLOW_FIRST_BYTE).after(ofMillis(300))));

    Http.Answer a = speak(speech, body("tts-1", TEXT, "pcm"));

    assertThat(a.firstByteMillis()).isGreaterThanOrEqualTo(300);
    assertThat(a.header("openai-processing-ms")).isEqualTo("300");
    assertThat(a.body()).hasSize(4_800);
  }

  @Test
  void disconnectMidResponseIsAMalformedChunkAndBillsTheInputOnly() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server,
        Reply.reply().text(TEXT).audio(ofMillis(2400)).fault(FaultKind.DISCONNECT_MID_RESPONSE));

    Http.Answer a = speak(speech, body("gpt-4o-mini-tts", TEXT, "pcm"));

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.bodyFailure()).isNotNull(); // the body breaks off
    LedgerEntry billed = speech.ledger().entries().get(0);
    assertThat(billed.status()).isEqualTo("incomplete");
    assertThat(billed.characters()).isEqualTo(25);
    assertThat(billed.audio()).isZero();
    assertThat(billed.tokens().inputText()).isEqualTo(7);
    assertThat(billed.tokens().outputAudio()).isZero();
  }

  @Test
  void theLedgerComesFromTheJournal() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server,
        Reply.reply().text(TEXT).audio(ofMillis(2400)).ttfb(ofMillis(250)),
        Reply.reply().text(TEXT).audio(ofMillis(1000)));

    Http.Answer first = speak(speech, body("gpt-4o-mini-tts", TEXT, "pcm"));
    Http.Answer second = speak(speech, body("tts-1", TEXT, "pcm"));
    Http.Answer third = speak(speech, body("tts-1", TEXT, "wav")); // the last reply answers again

    List<LedgerEntry> entries = speech.ledger().entries();
    assertThat(entries).hasSize(3);
    LedgerEntry e = entries.get(0);
    assertThat(e.id()).isEqualTo(first.header("x-request-id"));
    assertThat(e.service()).isEqualTo("openai-speech");
    assertThat(e.provider()).isEqualTo("127.0.0.1:" + server.port());
    assertThat(e.model()).isEqualTo("gpt-4o-mini-tts");
    assertThat(e.billing()).isEqualTo(Billing.TTS_SYNTHESIS);
    assertThat(e.status()).isEqualTo("completed");
    assertThat(e.characters()).isEqualTo(25);
    assertThat(e.audio()).isEqualTo(ofMillis(2400));
    assertThat(e.tokens().inputText()).isEqualTo(7); // one token per 4 characters
    assertThat(e.tokens().outputAudio()).isEqualTo(48); // 20 a second
    assertThat(Duration.between(e.start(), e.end())).isEqualTo(ofMillis(250)); // no gap: every chunk at the ttfb
    assertThat(entries.get(1).id()).isEqualTo(second.header("x-request-id"));
    assertThat(entries.get(1).tokens()).isEqualTo(LedgerEntry.Tokens.NONE); // tts-1 bills characters
    assertThat(entries.get(1).audio()).isEqualTo(ofMillis(1000));
    assertThat(entries.get(2).id()).isEqualTo(third.header("x-request-id")).isEqualTo(entries.get(1).id());
    assertThat(WireMockFakes.ledger(server).entries()).isEqualTo(entries);
  }

  @Test
  void stubSetsOnOneServerKeepApartAndCanBeRemoved() throws Exception {
    WireMockFake one = WireMockFakes.openAiSpeech(server, Reply.reply().text(TEXT).audio(ofMillis(100)));
    WireMockFake two = WireMockFakes.openAiSpeech(Reply.reply().text(TEXT).audio(ofMillis(200)))
        .apiKey("sk-test-two").seed(2).register(server);

    assertThat(speak(one, body("tts-1", TEXT, "pcm")).body()).hasSize(4_800);
    assertThat(speak(two, body("tts-1", TEXT, "pcm")).body()).hasSize(9_600);
    assertThat(speak(two, body("tts-1", TEXT, "pcm")).body()).hasSize(9_600);

    assertThat(one.ledger().entries()).hasSize(1);
    assertThat(two.ledger().entries()).hasSize(2).allSatisfy(e -> assertThat(e.audio()).isEqualTo(ofMillis(200)));
    assertThat(WireMockFakes.ledger(server).entries()).hasSize(3);
    two.remove();
    assertThat(speak(two, body("tts-1", TEXT, "pcm")).status()).isEqualTo(401); // one's wrong-key stub now
    assertThat(two.ledger().entries()).hasSize(2);
  }

  @Test
  void mappingsRegisteredByHandAreBilledToo() throws Exception {
    OpenAiSpeechStubs stubs = WireMockFakes.openAiSpeech(Reply.reply().text(TEXT).audio(ofMillis(300)))
        .apiKey("sk-test-by-hand");
    WireMock wireMock = new WireMock(server);
    for (MappingBuilder m : stubs.mappings()) wireMock.register(m);

    Http.Answer a = http.post(url("/v1/audio/speech"), body("tts-1", TEXT, "pcm"), "Authorization",
        "Bearer sk-test-by-hand");

    assertThat(a.body()).hasSize(14_400);
    assertThat(WireMockFakes.ledger(wireMock).entries()).singleElement()
        .satisfies(e -> assertThat(e.audio()).isEqualTo(ofMillis(300)));
    assertThat(WireMockFakes.ledger(server.getAllServeEvents()).entries()).hasSize(1);
  }

  @Test
  void aRemoteWireMockOverItsAdminApiWorksToo() throws Exception {
    // stubs and journal go through WireMock's JSON admin API: bodies as base64, metadata numbers as JSON
    WireMock remote = new WireMock("127.0.0.1", server.port());
    WireMockFake speech = WireMockFakes.openAiSpeech(
            Reply.reply().text(TEXT).audio(ofMillis(2400)).ttfb(ofMillis(10)).chunkGap(ofMillis(5)),
            Reply.reply().text(TEXT).fault(FaultKind.HTTP_500))
        .register(remote, "http://127.0.0.1:" + server.port());

    Http.Answer a = speak(speech, body("gpt-4o-mini-tts", TEXT, "wav"));
    assertThat(speak(speech, body("gpt-4o-mini-tts", TEXT, "wav")).status()).isEqualTo(500);

    assertThat(a.body()).hasSize(44 + 115_200);
    LedgerEntry e = speech.ledger().entries().get(0);
    assertThat(speech.ledger().entries()).hasSize(1);
    assertThat(e.id()).isEqualTo(a.header("x-request-id"));
    assertThat(e.audio()).isEqualTo(ofMillis(2400));
    assertThat(e.tokens().outputAudio()).isEqualTo(48);
    assertThat(Duration.between(e.start(), e.end())).isEqualTo(ofMillis(10 + 23 * 5));
    speech.remove();
    assertThat(server.getStubMappings()).isEmpty();
  }

  /** A string field of OpenAI's {"error":{...}}, or null. */
  static String field(Http.Answer a, String key) {
    JsonValue v = Json.parseObject(a.text()).get("error").asObject("error").get(key);
    return v == null || v.isNull() ? null : v.asString(key);
  }
}
