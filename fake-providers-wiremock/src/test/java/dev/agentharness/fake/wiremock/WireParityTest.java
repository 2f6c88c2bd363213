package dev.agentharness.fake.wiremock;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.fake.FakeProvider;
import dev.agentharness.fake.elevenlabs.FakeElevenLabs;
import dev.agentharness.fake.openai.FakeOpenAiSpeech;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same requests to the agentharness fakes and to the WireMock stubs: the same status, bodies, headers and
 * billing, except where a static stub cannot do what the fake does (each difference is named here and in
 * docs/fake-providers/wiremock.md).
 */
class WireParityTest extends WireMockTestBase {

  static final String TEXT = "Your balance is 42 euros.";
  static final String KEY_OPENAI = "sk-test-parity-key-0123456789";
  static final String KEY_ELEVEN = "sk_test_parity_key_0123456789";

  /** What the fake answered and billed, and what the stubs answered and billed. */
  record Pair(Http.Answer fake, Http.Answer stub, List<LedgerEntry> fakeBilled, List<LedgerEntry> stubBilled) {}

  Pair openAi(Reply reply, String json, String... headers) throws Exception {
    try (FakeOpenAiSpeech fake = FakeOpenAiSpeech.builder().apiKey(KEY_OPENAI).reply(reply).start()) {
      Http.Answer f = http.post(fake.baseUrl() + "/audio/speech", json, headers);
      WireMockFake stub = WireMockFakes.openAiSpeech(reply).apiKey(KEY_OPENAI).register(server);
      Http.Answer s = http.post(stub.baseUrl() + "/audio/speech", json, headers);
      return new Pair(f, s, settled(fake, f), stub.ledger().entries());
    }
  }

  Pair elevenLabs(Reply reply, String query, String json, String... headers) throws Exception {
    String path = "/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream" + (query == null ? "" : "?" + query);
    try (FakeElevenLabs fake = FakeElevenLabs.builder().apiKey(KEY_ELEVEN).reply(reply).start()) {
      Http.Answer f = http.post(fake.baseUrl() + path, json, headers);
      WireMockFake stub = WireMockFakes.elevenLabs(reply).apiKey(KEY_ELEVEN).register(server);
      Http.Answer s = http.post(stub.baseUrl() + path, json, headers);
      return new Pair(f, s, settled(fake, f), stub.ledger().entries());
    }
  }

  /** The fake bills a cut body when its writer notices; wait (bounded) for it. Errors bill nothing. */
  static List<LedgerEntry> settled(FakeProvider fake, Http.Answer answer) throws InterruptedException {
    for (int i = 0; i < 200 && answer.status() == 200 && fake.ledger().entries().isEmpty(); i++) Thread.sleep(10);
    return fake.ledger().entries();
  }

  static void sameAnswer(Pair p, String... headers) {
    assertThat(p.stub().status()).isEqualTo(p.fake().status());
    assertThat(p.stub().body()).isEqualTo(p.fake().body());
    for (String h : headers) assertThat(p.stub().header(h)).as(h).isEqualTo(p.fake().header(h));
  }

  static void sameBilling(Pair p) {
    assertThat(p.stub().bodyFailure()).isNull();
    assertThat(p.stubBilled()).hasSameSizeAs(p.fakeBilled());
    for (int i = 0; i < p.fakeBilled().size(); i++) {
      LedgerEntry f = p.fakeBilled().get(i);
      LedgerEntry s = p.stubBilled().get(i);
      assertThat(s.service()).isEqualTo(f.service());
      assertThat(s.model()).isEqualTo(f.model());
      assertThat(s.status()).isEqualTo(f.status());
      assertThat(s.characters()).isEqualTo(f.characters());
      assertThat(s.audio()).isEqualTo(f.audio());
      assertThat(s.tokens()).isEqualTo(f.tokens());
    }
  }

  // ---- OpenAI speech

  static String speech(String model, String format) {
    return "{\"model\":\"" + model + "\",\"input\":\"" + TEXT + "\",\"voice\":\"alloy\",\"response_format\":\"" + format
        + "\"}";
  }

  static final String[] BEARER = {"Authorization", "Bearer " + KEY_OPENAI};

  @Test
  void openAiAudioIsTheFakesByteForByte() throws Exception {
    for (String format : List.of("pcm", "wav")) {
      for (Reply reply : List.of(Reply.reply().text(TEXT).audio(ofMillis(2400)).build(),
          Reply.reply().text(TEXT).build(), // derived from the text
          Reply.reply().text(TEXT).audio(ofMillis(1000)).chunk(ofMillis(33)).build())) { // tone restarts per chunk
        Pair p = openAi(reply, speech("gpt-4o-mini-tts", format), BEARER);
        assertThat(p.fake().status()).isEqualTo(200);
        sameAnswer(p, "Content-Type", "openai-processing-ms");
        assertThat(p.stub().header("x-request-id")).matches("req_[0-9a-f]{32}");
        sameBilling(p);
      }
    }
  }

  @Test
  void openAiErrorsAreTheFakes() throws Exception {
    String json = speech("tts-1", "pcm");
    Reply ok = Reply.reply().text(TEXT).audio(ofMillis(100)).build();
    sameAnswer(openAi(ok, json), "Content-Type", "x-request-id");
    sameAnswer(openAi(ok, json, "Authorization", "Basic eDp5"), "Content-Type", "x-request-id");
    sameAnswer(openAi(ok, "{\"model\":\"tts-1\",\"input\":\"" + TEXT + "\",\"voice\":\"alloy\"}", BEARER));
    sameAnswer(openAi(ok, speech("tts-1", "flac"), BEARER));
    sameAnswer(openAi(Reply.reply().text(TEXT).fault(FaultKind.HTTP_401).build(), json, BEARER));
    sameAnswer(openAi(Reply.reply().text(TEXT).fault(Fault.of(FaultKind.HTTP_429).after(ofSeconds(4))).build(),
        speech("gpt-4o-mini-tts-2025-12-15", "wav"), BEARER), "Retry-After");
    sameAnswer(openAi(Reply.reply().text(TEXT).fault(FaultKind.HTTP_500).build(), json, BEARER));

    // a wrong key: the fake prints it masked, a static stub cannot; status, type and code are the same
    Pair wrong = openAi(ok, json, "Authorization", "Bearer sk-test-someone-elses-key");
    assertThat(wrong.stub().status()).isEqualTo(wrong.fake().status()).isEqualTo(401);
    assertThat(OpenAiSpeechStubsTest.field(wrong.stub(), "code"))
        .isEqualTo(OpenAiSpeechStubsTest.field(wrong.fake(), "code"));
    assertThat(OpenAiSpeechStubsTest.field(wrong.fake(), "message")).contains("sk-tes***-key");
    assertThat(wrong.fakeBilled()).isEmpty();
    assertThat(wrong.stubBilled()).isEmpty();
  }

  @Test
  void openAiDisconnectBreaksTheBodyAndBillsTheInput() throws Exception {
    Pair p = openAi(Reply.reply().text(TEXT).audio(ofMillis(2400)).fault(FaultKind.DISCONNECT_MID_RESPONSE).build(),
        speech("gpt-4o-mini-tts", "pcm"), BEARER);

    assertThat(p.stub().status()).isEqualTo(p.fake().status()).isEqualTo(200);
    assertThat(p.fake().bodyFailure()).isNotNull();
    assertThat(p.stub().bodyFailure()).isNotNull();
    LedgerEntry f = p.fakeBilled().get(0);
    LedgerEntry s = p.stubBilled().get(0);
    assertThat(s.status()).isEqualTo(f.status()).isEqualTo("incomplete");
    assertThat(s.characters()).isEqualTo(f.characters());
    assertThat(s.tokens().inputText()).isEqualTo(f.tokens().inputText());
    // the fake sent half the audio before the cut; WireMock's fault sends none
    assertThat(f.audio()).isEqualTo(ofMillis(1200));
    assertThat(s.audio()).isZero();
  }

  // ---- ElevenLabs

  static final String[] XI = {"xi-api-key", KEY_ELEVEN};

  @Test
  void elevenLabsAudioIsTheFakesByteForByte() throws Exception {
    for (String format : Formats.SERVED) {
      Pair p = elevenLabs(Reply.reply().text(TEXT).audio(ofMillis(1500)).build(), "output_format=" + format,
          "{\"text\":\"" + TEXT + "\",\"model_id\":\"eleven_flash_v2_5\"}", XI);
      assertThat(p.fake().status()).as(format).isEqualTo(200);
      sameAnswer(p, "Content-Type", "character-cost", "x-character-count");
      sameBilling(p);
    }
    Pair derived = elevenLabs(Reply.reply().text(TEXT).build(), "output_format=pcm_22050&model_id=eleven_v3",
        "{\"text\":\"" + TEXT + "\"}", XI);
    sameAnswer(derived, "Content-Type", "character-cost");
    sameBilling(derived);
  }

  @Test
  void elevenLabsErrorsAreTheFakes() throws Exception {
    String json = "{\"text\":\"" + TEXT + "\"}";
    Reply ok = Reply.reply().text(TEXT).audio(ofMillis(100)).build();
    String pcm = "output_format=pcm_24000";
    sameAnswer(elevenLabs(ok, pcm, json), "Content-Type", "server");
    sameAnswer(elevenLabs(ok, pcm, json, "xi-api-key", "sk_wrong"), "Content-Type", "server");
    sameAnswer(elevenLabs(ok, null, json, XI), "Content-Type");
    sameAnswer(elevenLabs(ok, "output_format=mp3_22050_32", json, XI), "Content-Type");
    for (FaultKind kind : List.of(FaultKind.HTTP_401, FaultKind.QUOTA_EXCEEDED, FaultKind.HTTP_500)) {
      sameAnswer(elevenLabs(Reply.reply().text(TEXT).fault(Fault.of(kind).on(FaultKind.Target.TTS)).build(), pcm,
          json, XI), "Content-Type", "server");
    }
    sameAnswer(elevenLabs(Reply.reply().text(TEXT)
        .fault(Fault.of(FaultKind.HTTP_429).on(FaultKind.Target.TTS).after(ofSeconds(3))).build(), pcm, json, XI),
        "Retry-After");
  }

  @Test
  void elevenLabsDisconnectBillsEveryCharacter() throws Exception {
    Pair p = elevenLabs(Reply.reply().text(TEXT).audio(ofMillis(2400))
            .fault(Fault.of(FaultKind.DISCONNECT_MID_RESPONSE).on(FaultKind.Target.TTS)).build(),
        "output_format=pcm_16000", "{\"text\":\"" + TEXT + "\"}", XI);

    assertThat(p.stub().status()).isEqualTo(p.fake().status()).isEqualTo(200);
    assertThat(p.fake().bodyFailure()).isNotNull();
    assertThat(p.stub().bodyFailure()).isNotNull();
    LedgerEntry f = p.fakeBilled().get(0);
    LedgerEntry s = p.stubBilled().get(0);
    assertThat(s.status()).isEqualTo(f.status()).isEqualTo("incomplete");
    assertThat(s.characters()).isEqualTo(f.characters()).isEqualTo(25);
    assertThat(s.model()).isEqualTo(f.model());
    assertThat(s.audio()).isZero();
  }
}
