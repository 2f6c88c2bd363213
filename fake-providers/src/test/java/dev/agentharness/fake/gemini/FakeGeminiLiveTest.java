package dev.agentharness.fake.gemini;

import static dev.agentharness.fake.gemini.GeminiFrames.NATIVE_MODEL;
import static dev.agentharness.fake.gemini.GeminiFrames.PLAIN_SETUP;
import static dev.agentharness.fake.gemini.GeminiFrames.SETUP;
import static dev.agentharness.fake.gemini.GeminiFrames.audio;
import static dev.agentharness.fake.gemini.GeminiFrames.count;
import static dev.agentharness.fake.gemini.GeminiFrames.details;
import static dev.agentharness.fake.gemini.GeminiFrames.kinds;
import static dev.agentharness.fake.gemini.GeminiFrames.transcript;
import static dev.agentharness.fake.gemini.GeminiFrames.usage;
import static dev.agentharness.fake.gemini.GeminiFrames.utterance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.audio.Pcm;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TokenRates;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FakeGeminiLiveTest {

  private static final String TEXT = "Your balance is 42 euros.";

  private static Reply balance() {
    return Reply.reply().text(TEXT).audio(Duration.ofMillis(2400)).build();
  }

  @Test
  void anAudioTurnPlaysTheScriptedAudioAndReportsUsageOnTurnComplete() {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().reply(balance())
        .userTranscripts(List.of("What's my balance?"))
        .start(); LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(SETUP);
      client.audio(utterance());
      List<LiveClient.Frame> frames = client.untilTurnComplete();

      List<String> kinds = kinds(frames);
      assertThat(kinds.get(0)).isEqualTo("inputTranscription");
      assertThat(frames.get(0).text())
          .isEqualTo("{\"serverContent\":{\"inputTranscription\":{\"text\":\"What's my balance?\"}}}");
      assertThat(kinds.stream().filter("audio"::equals).count()).isEqualTo(24); // 2.4 s in 100 ms parts
      assertThat(kinds)
          .containsSubsequence("audio", "outputTranscription", "audio", "generationComplete", "turnComplete");
      assertThat(kinds.subList(kinds.size() - 2, kinds.size())).containsExactly("generationComplete", "turnComplete");
      assertThat(frames.get(frames.size() - 2).text()).isEqualTo("{\"serverContent\":{\"generationComplete\":true}}");
      assertThat(frames.get(1).text()).startsWith(
          "{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":"
              + "{\"mimeType\":\"audio/pcm;rate=24000\",\"data\":\"");

      byte[] pcm = audio(frames);
      assertThat(pcm).hasSize(115_200); // 2.4 s of 24 kHz PCM16, exactly
      assertThat(pcm).as("the tone, chunk by chunk").isEqualTo(Pcm.tone(24_000, 115_200));
      assertThat(transcript(frames)).isEqualTo(TEXT);

      // the turn starts 500 ms into the silence: 1.5 s of input audio at 32/s = 48; "You are terse." = 4;
      // 2.4 s of output at 32/s = 76.8, rounded up to 77
      assertThat(frames.get(frames.size() - 1).text()).isEqualTo("{\"serverContent\":{\"turnComplete\":true},"
          + "\"usageMetadata\":{\"promptTokenCount\":52,\"responseTokenCount\":77,\"totalTokenCount\":129,"
          + "\"promptTokensDetails\":[{\"modality\":\"TEXT\",\"tokenCount\":4},"
          + "{\"modality\":\"AUDIO\",\"tokenCount\":48}],"
          + "\"responseTokensDetails\":[{\"modality\":\"AUDIO\",\"tokenCount\":77}]}}");

      assertThat(gemini.ledger().entries()).hasSize(1);
      LedgerEntry e = gemini.ledger().entries().get(0);
      assertThat(e.id()).isEqualTo("gemini-turn-1");
      assertThat(e.service()).isEqualTo("gemini-live");
      assertThat(e.provider()).isEqualTo("Gemini");
      assertThat(e.model()).isEqualTo(NATIVE_MODEL);
      assertThat(e.billing()).isEqualTo(Billing.REALTIME_RESPONSE);
      assertThat(e.status()).isEqualTo("completed");
      assertThat(e.tokens()).isEqualTo(new LedgerEntry.Tokens(4, 48, 0, 0, 0, 0, 0, 77, 0));
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(Reply.DEFAULT_TTFT);
      assertThat(e.audio()).isEqualTo(Duration.ofMillis(2400));
    }
  }

  @Test
  void chunkGapsSpaceTheAudioInVirtualTime() {
    Reply r = Reply.reply().text(TEXT).audio(Duration.ofSeconds(1)).chunk(Duration.ofMillis(200))
        .chunkGap(Duration.ofMillis(150)).ttft(Duration.ofMillis(450)).build();
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().reply(r).start();
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      client.audio(utterance());
      List<LiveClient.Frame> frames = client.untilTurnComplete();
      assertThat(audio(frames)).hasSize(48_000);
      assertThat(kinds(frames).stream().filter("audio"::equals).count()).isEqualTo(5);
      // no transcription asked for: none sent
      assertThat(kinds(frames)).doesNotContain("inputTranscription", "outputTranscription");
      LedgerEntry e = gemini.ledger().entries().get(0);
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(Duration.ofMillis(450 + 4 * 150));
    }
  }

  @Test
  void snakeCaseKeysAndTheKeyInTheQueryWork() {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().reply(balance()).start();
        LiveClient client = LiveClient.query(gemini, gemini.apiKey())) {
      client.setup("{\"model\":\"models/gemini-live-2.5-flash-preview\",\"generation_config\":{\"response_modalities\":"
          + "[\"AUDIO\"]},\"system_instruction\":{\"parts\":[{\"text\":\"You are terse.\"}]},"
          + "\"realtime_input_config\":{\"automatic_activity_detection\":{\"silence_duration_ms\":300}},"
          + "\"output_audio_transcription\":{}}");
      byte[] speech = GeminiFrames.concat(Pcm.tone(16_000, 32_000), new byte[9600]); // 1 s + 300 ms
      for (int i = 0; i < speech.length; i += 3200) {
        byte[] part = java.util.Arrays.copyOfRange(speech, i, i + 3200);
        client.send("{\"realtime_input\":{\"audio\":{\"data\":\"" + Base64.getEncoder().encodeToString(part)
            + "\",\"mime_type\":\"audio/pcm;rate=16000\"}}}");
      }
      List<LiveClient.Frame> frames = client.untilTurnComplete();
      assertThat(audio(frames)).hasSize(115_200);
      JsonValue.Obj usage = usage(frames);
      // a half-cascade model bills the transcript as TEXT output: 25 characters = 7 tokens
      assertThat(details(usage, "responseTokensDetails")).isEqualTo("TEXT=7,AUDIO=77");
      assertThat(details(usage, "promptTokensDetails")).isEqualTo("TEXT=4,AUDIO=42"); // 1.3 s
      assertThat(gemini.ledger().entries().get(0).model()).isEqualTo("gemini-live-2.5-flash-preview");
    }
  }

  @Test
  void aTextTurnFromClientContentAnswersWithTextPartsInTextModality() {
    String question = "What is my balance?";
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().reply(balance()).start();
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup("{\"model\":\"models/gemini-2.0-flash-live-001\","
          + "\"generationConfig\":{\"responseModalities\":[\"TEXT\"]}}");
      client.send("{\"client_content\":{\"turns\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + question + "\"}]}],"
          + "\"turn_complete\":true}}");
      List<LiveClient.Frame> frames = client.untilTurnComplete();
      assertThat(kinds(frames)).containsExactly("text", "text", "generationComplete", "turnComplete");
      assertThat(GeminiFrames.text(frames)).isEqualTo(TEXT);
      JsonValue.Obj usage = usage(frames);
      long in = TokenRates.DEFAULTS.textTokens(question);
      long out = TokenRates.DEFAULTS.textTokens(TEXT);
      assertThat(count(usage, "promptTokenCount")).isEqualTo(in);
      assertThat(details(usage, "promptTokensDetails")).isEqualTo("TEXT=" + in + ",AUDIO=0");
      assertThat(details(usage, "responseTokensDetails")).isEqualTo("TEXT=" + out);
      assertThat(gemini.ledger().entries().get(0).audio()).isZero();
    }
  }

  @Test
  void aToolCallWaitsForTheToolResponseThenSpeaks() {
    Reply r = Reply.reply().text(TEXT).audio(Duration.ofSeconds(1))
        .toolCall("get_balance", "{\"account\":\"main\"}", "{\"balance\":42}").build();
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().reply(r).start();
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      client.send("{\"clientContent\":{\"turns\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Balance?\"}]}],"
          + "\"turnComplete\":true}}");
      LiveClient.Frame call = client.next();
      JsonValue.Obj fc = call.json().get("toolCall").asObject("t").get("functionCalls").asArray("f").items().get(0)
          .asObject("c");
      assertThat(fc.get("name").asString("n")).isEqualTo("get_balance");
      assertThat(fc.get("args").asObject("a").get("account").asString("a")).isEqualTo("main");
      String id = fc.get("id").asString("id");
      assertThat(id).startsWith("function-call-");
      client.send("{\"tool_response\":{\"function_responses\":[{\"id\":\"" + id + "\",\"name\":\"get_balance\","
          + "\"response\":{\"balance\":42}}]}}");
      List<LiveClient.Frame> frames = client.untilTurnComplete();
      assertThat(audio(frames)).hasSize(48_000);
      assertThat(kinds(frames)).endsWith("generationComplete", "turnComplete");
      assertThat(gemini.ledger().entries()).hasSize(1);
      LedgerEntry e = gemini.ledger().entries().get(0);
      TokenRates rates = TokenRates.DEFAULTS;
      assertThat(e.tokens().inputText()).isEqualTo(rates.textTokens("Balance?{\"balance\":42}"));
      assertThat(e.tokens().outputText()).isEqualTo(rates.textTokens("{\"account\":\"main\"}"));
      assertThat(e.tokens().outputAudio()).isEqualTo(32);
      // the call after ttft, the reply ttft after the tool response
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(Reply.DEFAULT_TTFT.multipliedBy(2));
      JsonValue.Obj usage = usage(frames);
      assertThat(count(usage, "promptTokenCount")).isEqualTo(e.tokens().input());
      assertThat(count(usage, "responseTokenCount")).isEqualTo(e.tokens().output());
    }
  }

  @Test
  void speakingWhileAToolCallIsPendingCancelsIt() {
    Reply r = Reply.reply().text(TEXT).toolCall("get_balance", "{\"account\":\"main\"}", "{}").build();
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().reply(r).start();
        LiveClient client = tracked(gemini)) {
      client.setup(PLAIN_SETUP);
      client.audio(utterance());
      LiveClient.Frame call = client.next();
      String id = call.json().get("toolCall").asObject("t").get("functionCalls").asArray("f").items().get(0)
          .asObject("c").get("id").asString("id");
      client.audio(Pcm.tone(16_000, 3200));
      List<LiveClient.Frame> frames = client.untilTurnComplete();
      assertThat(kinds(frames)).containsExactly("toolCallCancellation", "interrupted", "turnComplete");
      assertThat(frames.get(0).text()).isEqualTo("{\"toolCallCancellation\":{\"ids\":[\"" + id + "\"]}}");
      LedgerEntry e = gemini.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("cancelled");
      assertThat(e.tokens().outputText()).isEqualTo(TokenRates.DEFAULTS.textTokens("{\"account\":\"main\"}"));
      assertThat(e.audio()).isZero();
    }
  }

  @Test
  void speakingWhileTheModelSpeaksInterruptsIt() {
    Reply r = Reply.reply().text(TEXT).audio(Duration.ofSeconds(2)).chunkGap(Duration.ofMillis(100)).build();
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().reply(r).start();
        LiveClient client = tracked(gemini)) {
      client.setup(SETUP);
      client.audio(utterance());
      assertThat(kinds(List.of(client.next()))).containsExactly("inputTranscription");
      LiveClient.Frame first = client.next();
      assertThat(kinds(List.of(first))).containsExactly("audio");
      client.audio(Pcm.tone(16_000, 6400)); // the user barges in after the first 100 ms of audio
      List<LiveClient.Frame> frames = client.untilTurnComplete();
      assertThat(kinds(frames)).doesNotContain("generationComplete");
      int interrupted = kinds(frames).indexOf("interrupted");
      assertThat(interrupted).isGreaterThanOrEqualTo(0);
      assertThat(frames.get(interrupted).text()).isEqualTo("{\"serverContent\":{\"interrupted\":true}}");
      assertThat(kinds(frames).subList(interrupted + 1, frames.size())).containsExactly("turnComplete");
      JsonValue.Obj usage = usage(frames);
      long sentAudio = audio(List.of(first)).length + audio(frames).length;
      assertThat(sentAudio).isEqualTo(4800); // nothing after the barge-in
      assertThat(details(usage, "responseTokensDetails")).isEqualTo("AUDIO=3"); // 64 × 100 ms / 2 s
      LedgerEntry e = gemini.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("cancelled");
      assertThat(e.audio()).isEqualTo(Duration.ofMillis(100));
      assertThat(e.tokens().outputAudio()).isEqualTo(3);
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(Reply.DEFAULT_TTFT);

      // the barge-in is the next turn's input: 200 ms of tone and 600 ms of silence
      client.audio(new byte[19_200]);
      List<LiveClient.Frame> second = client.untilTurnComplete();
      assertThat(details(usage(second), "promptTokensDetails")).isEqualTo("TEXT=4,AUDIO=26");
      assertThat(gemini.ledger().entries()).extracting(LedgerEntry::id)
          .containsExactly("gemini-turn-1", "gemini-turn-2");
    }
  }

  private static LiveClient tracked(FakeGeminiLive gemini) {
    return LiveClient.connect(gemini, gemini.liveUrl(), Map.of("x-goog-api-key", gemini.apiKey()), true);
  }

  @Test
  void withNoInterruptionTheModelFinishesAndAnswersTheNextUtteranceAfterwards() {
    Reply r = Reply.reply().text(TEXT).audio(Duration.ofSeconds(1)).chunkGap(Duration.ofMillis(100)).build();
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().reply(r).reply(r).start();
        LiveClient client = tracked(gemini)) {
      client.setup("{\"model\":\"models/" + NATIVE_MODEL + "\",\"realtimeInputConfig\":"
          + "{\"activityHandling\":\"NO_INTERRUPTION\"}}");
      client.audio(utterance());
      LiveClient.Frame first = client.next();
      assertThat(kinds(List.of(first))).containsExactly("audio");
      client.audio(utterance()); // a whole utterance while the model speaks
      List<LiveClient.Frame> frames = client.untilTurnComplete();
      assertThat(kinds(frames)).doesNotContain("interrupted").endsWith("generationComplete", "turnComplete");
      assertThat(audio(List.of(first)).length + audio(frames).length).isEqualTo(48_000);
      List<LiveClient.Frame> second = client.untilTurnComplete();
      assertThat(audio(second)).hasSize(48_000);
      assertThat(gemini.ledger().entries()).extracting(LedgerEntry::status).containsExactly("completed", "completed");
      LedgerEntry e2 = gemini.ledger().entries().get(1);
      assertThat(e2.start()).isEqualTo(gemini.ledger().entries().get(0).end());
    }
  }

  @Test
  void withActivityDetectionDisabledActivityEndStartsTheTurn() {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().reply(balance()).start();
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup("{\"model\":\"models/" + NATIVE_MODEL + "\",\"realtimeInputConfig\":{\"automaticActivityDetection\":"
          + "{\"disabled\":true}}}");
      client.send("{\"realtimeInput\":{\"activityStart\":{}}}");
      client.audio(utterance()); // silence alone does not end the turn now
      assertThat(gemini.ledger().entries()).isEmpty();
      client.send("{\"realtimeInput\":{\"activityEnd\":{}}}");
      List<LiveClient.Frame> frames = client.untilTurnComplete();
      assertThat(audio(frames)).hasSize(115_200);
      assertThat(details(usage(frames), "promptTokensDetails")).isEqualTo("TEXT=0,AUDIO=52");
    }
  }

  @Test
  void deprecatedMediaChunksAndAudioStreamEndAreAccepted() {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().reply(balance()).start();
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      String tone = Base64.getEncoder().encodeToString(Pcm.tone(16_000, 32_000));
      client.send("{\"realtimeInput\":{\"mediaChunks\":[{\"data\":\"" + tone
          + "\",\"mimeType\":\"audio/pcm;rate=16000\"}]}}");
      client.send("{\"realtimeInput\":{\"audioStreamEnd\":true}}");
      List<LiveClient.Frame> frames = client.untilTurnComplete();
      assertThat(audio(frames)).hasSize(115_200);
      assertThat(details(usage(frames), "promptTokensDetails")).isEqualTo("TEXT=0,AUDIO=32");
    }
  }

  @Test
  void sessionResumptionSendsANewHandleAfterEachTurn() {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().reply(balance()).start();
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup("{\"model\":\"models/" + NATIVE_MODEL + "\",\"sessionResumption\":{}}");
      client.audio(utterance());
      client.untilTurnComplete();
      JsonValue.Obj update = client.next().json().get("sessionResumptionUpdate").asObject("u");
      assertThat(update.get("newHandle").asString("h")).isNotEmpty();
      assertThat(update.get("resumable").asBoolean("r")).isTrue();
    }
  }

  @Test
  void binaryFramesWorkBothWays() {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().reply(balance()).binaryFrames(true).start();
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.sendBinary("{\"setup\":" + PLAIN_SETUP + "}");
      LiveClient.Frame first = client.next();
      assertThat(first.binary()).isTrue();
      assertThat(first.text()).isEqualTo("{\"setupComplete\":{}}");
      client.sendBinary("{\"clientContent\":{\"turns\":[{\"parts\":[{\"text\":\"hi\"}]}],\"turnComplete\":true}}");
      List<LiveClient.Frame> frames = client.untilTurnComplete();
      assertThat(frames).allMatch(LiveClient.Frame::binary);
      assertThat(audio(frames)).hasSize(115_200);
    }
  }

  @Test
  void textFramesByDefault() {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().start();
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.sendBinary("{\"setup\":" + PLAIN_SETUP + "}");
      assertThat(client.next().binary()).isFalse();
    }
  }

  @Test
  void aWrongOrMissingKeyIsAcceptedThenClosedWith1008() {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().start()) {
      for (LiveClient client : List.of(LiveClient.header(gemini, "AIza-wrong"), LiveClient.query(gemini, "AIza-wrong"),
          LiveClient.header(gemini, null))) {
        try (client) {
          client.send("{\"setup\":" + PLAIN_SETUP + "}");
          LiveClient.Ended end = client.awaitEnd();
          assertThat(end.code()).isEqualTo(1008);
          assertThat(end.reason()).isEqualTo("API key not valid. Please pass a valid API key.");
        }
      }
      assertThat(gemini.ledger().entries()).isEmpty();
    }
  }

  @Test
  void http401ModeRefusesTheUpgrade() {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().authFailure(FakeGeminiLive.AuthFailure.HTTP_401).start();
        LiveClient client = LiveClient.header(gemini, "AIza-wrong")) {
      LiveClient.Ended end = client.awaitEnd();
      assertThat(end.failure()).isNotNull();
      assertThat(end.code()).isEqualTo(401);
      assertThat(end.reason()).isEqualTo("{\"error\":{\"code\":401,\"message\":\"API key not valid. "
          + "Please pass a valid API key.\",\"status\":\"UNAUTHENTICATED\"}}");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "[]",
      "{}",
      "{\"bogus\":{}}",
      "{\"setup\":" + PLAIN_SETUP + ",\"clientContent\":{}}",
      "{\"setup\":{\"generationConfig\":{}}}",
      "{\"setup\":\"models/x\"}",
      "{\"clientContent\":{\"turnComplete\":true}}",
  })
  void aBadFirstMessageClosesWith1007(String message) {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().start();
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.send(message);
      LiveClient.Ended end = client.awaitEnd();
      assertThat(end.code()).isEqualTo(1007);
      assertThat(end.reason()).isEqualTo("Request contains an invalid argument.");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"setup\":" + PLAIN_SETUP + "}",
      "{\"realtimeInput\":{\"audio\":{\"data\":\"!!not base64!!\",\"mimeType\":\"audio/pcm;rate=16000\"}}}",
      "{\"realtimeInput\":{\"audio\":{\"mimeType\":\"audio/pcm;rate=16000\"}}}",
      "{\"realtimeInput\":{\"activityStart\":{}}}",
      "{\"realtimeInput\":{\"text\":42}}",
      "{\"toolResponse\":{\"functionResponses\":[1]}}",
      "{\"clientContent\":{\"turns\":[\"hi\"]}}",
      "{\"client_content\":{},\"toolResponse\":{}}",
      "{\"unknown_message\":{}}",
  })
  void aBadMessageAfterSetupClosesWith1007(String message) {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().start();
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      client.send(message);
      LiveClient.Ended end = client.awaitEnd();
      assertThat(end.code()).isEqualTo(1007);
      assertThat(end.reason()).isEqualTo("Request contains an invalid argument.");
    }
  }

  @Test
  void aBadMessageDuringATurnBillsWhatWasGenerated() {
    Reply r = Reply.reply().text(TEXT).audio(Duration.ofSeconds(2)).chunkGap(Duration.ofMillis(100)).build();
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().reply(r).start();
        LiveClient client = tracked(gemini)) {
      client.setup(PLAIN_SETUP);
      client.audio(utterance());
      assertThat(kinds(List.of(client.next()))).containsExactly("audio");
      client.send("garbage");
      assertThat(client.awaitEnd().code()).isEqualTo(1007);
      LedgerEntry e = gemini.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.audio()).isEqualTo(Duration.ofMillis(100));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1beta", "v1alpha", "v1"})
  void everyVersionSegmentAndADoubleSlashTargetIsRouted(String version) throws Exception {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().start()) {
      String path = FakeGeminiLive.path(version);
      String switching = "HTTP/1.1 101 Switching Protocols";
      assertThat(upgradeStatus(gemini, "/" + path + "?key=" + gemini.apiKey())).isEqualTo(switching);
      assertThat(upgradeStatus(gemini, path + "?key=" + gemini.apiKey())).isEqualTo(switching);
    }
  }

  @Test
  void otherMethodsArePassedOver() throws Exception {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().start()) {
      assertThat(upgradeStatus(gemini,
          "/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained?key=x"))
          .startsWith("HTTP/1.1 404");
      assertThat(upgradeStatus(gemini, "/ws/google.ai.generativelanguage.v1beta.GenerativeService.Other"))
          .startsWith("HTTP/1.1 404");
    }
  }

  /** Sends a WebSocket upgrade with {@code target} as written (no URL parser) and returns the status line. */
  private static String upgradeStatus(FakeGeminiLive gemini, String target) throws Exception {
    try (Socket s = new Socket("127.0.0.1", gemini.server().port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: " + gemini.server().hostAndPort() + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
  }

  @Test
  void tlsServesWss() {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().tls(true).reply(balance()).start()) {
      assertThat(gemini.baseUrl()).startsWith("https://127.0.0.1:");
      assertThat(gemini.liveUrl()).startsWith("wss://127.0.0.1:");
      try (LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
        client.setup(PLAIN_SETUP);
        client.audio(utterance());
        assertThat(audio(client.untilTurnComplete())).hasSize(115_200);
      }
    }
  }

  @Test
  void closeDropsConnectionsAndFreesThePort() throws Exception {
    FakeGeminiLive gemini = FakeGeminiLive.builder().start();
    int port = gemini.server().port();
    assertThat(gemini.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
    try (LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      assertThat(gemini.openConnections()).isEqualTo(1);
      gemini.close();
      assertThat(client.awaitEnd()).isNotNull();
      assertThat(gemini.openConnections()).isZero();
    }
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    gemini.close(); // twice is fine
  }

  @Test
  void describesItsRoute() {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().build()) {
      assertThat(gemini.describe()).isEqualTo(
          "Gemini Live: GET /ws/google.ai.generativelanguage.{version}.GenerativeService.BidiGenerateContent");
      assertThat(gemini.apiKey()).startsWith("AIza-test-");
      assertThat(gemini.providerName()).isEqualTo("Gemini");
    }
  }
}
