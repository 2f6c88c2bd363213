package dev.agentharness.fake.gemini;

import static dev.agentharness.fake.gemini.GeminiFrames.PLAIN_SETUP;
import static dev.agentharness.fake.gemini.GeminiFrames.SETUP;
import static dev.agentharness.fake.gemini.GeminiFrames.audio;
import static dev.agentharness.fake.gemini.GeminiFrames.count;
import static dev.agentharness.fake.gemini.GeminiFrames.details;
import static dev.agentharness.fake.gemini.GeminiFrames.kinds;
import static dev.agentharness.fake.gemini.GeminiFrames.usage;
import static dev.agentharness.fake.gemini.GeminiFrames.utterance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TimedFault;
import dev.agentharness.scenario.TokenRates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeGeminiLiveFaultsTest {

  private static final String TEXT = "Your balance is 42 euros.";

  private static Reply.Builder reply() {
    return Reply.reply().text(TEXT).audio(Duration.ofMillis(2400));
  }

  /** One spoken turn: 1 s of speech then silence. */
  private static List<LiveClient.Frame> spokenTurn(LiveClient client) {
    client.audio(utterance());
    return client.untilTurnComplete();
  }

  /** One typed turn: {@code clientContent} with {@code turnComplete}. */
  private static List<LiveClient.Frame> typedTurn(LiveClient client, String text) {
    client.send("{\"clientContent\":{\"turns\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + text + "\"}]}],"
        + "\"turnComplete\":true}}");
    return client.untilTurnComplete();
  }

  private static FakeGeminiLive start(Reply.Builder... replies) {
    FakeGeminiLive gemini = FakeGeminiLive.builder().start();
    gemini.script(replies);
    return gemini;
  }

  private static LiveClient tracked(FakeGeminiLive gemini) {
    return LiveClient.connect(gemini, gemini.liveUrl(), Map.of("x-goog-api-key", gemini.apiKey()), true);
  }

  @Test
  void textModalityOnlyNamesEveryTokenText() {
    try (FakeGeminiLive gemini = start(reply().fault(FaultKind.TEXT_MODALITY_ONLY));
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(SETUP);
      JsonValue.Obj usage = usage(spokenTurn(client));
      // livekit/agents #2426: audio_tokens 0 in and out, text_tokens = input_tokens
      assertThat(count(usage, "promptTokenCount")).isEqualTo(52);
      assertThat(details(usage, "promptTokensDetails")).isEqualTo("TEXT=52");
      assertThat(details(usage, "responseTokensDetails")).isEqualTo("TEXT=77");
      // the ledger bills the truth
      assertThat(gemini.ledger().entries().get(0).tokens())
          .isEqualTo(new LedgerEntry.Tokens(4, 48, 0, 0, 0, 0, 0, 77, 0));
    }
  }

  @Test
  void omitZeroModalitiesLeavesOutZeroCounts() {
    try (FakeGeminiLive gemini = start(reply(), reply().fault(FaultKind.OMIT_ZERO_MODALITIES));
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      long in = TokenRates.DEFAULTS.textTokens("hello there");
      assertThat(details(usage(typedTurn(client, "hello there")), "promptTokensDetails"))
          .isEqualTo("TEXT=" + in + ",AUDIO=0");
      JsonValue.Obj omitted = usage(typedTurn(client, "hello there"));
      assertThat(details(omitted, "promptTokensDetails")).isEqualTo("TEXT=" + in);
      assertThat(details(omitted, "responseTokensDetails")).isEqualTo("AUDIO=77");
    }
  }

  @Test
  void omitZeroModalitiesDropsAListThatWouldBeEmpty() {
    try (FakeGeminiLive gemini = start(reply().usage(u -> u.inputText(0)).fault(FaultKind.OMIT_ZERO_MODALITIES));
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      JsonValue.Obj usage = usage(typedTurn(client, "x"));
      assertThat(usage.has("promptTokensDetails")).isFalse();
      assertThat(usage.has("promptTokenCount")).isFalse(); // zero, so omitted as proto3 JSON does
      assertThat(count(usage, "totalTokenCount")).isEqualTo(77);
    }
  }

  @Test
  void usageCumulativeReportsTheRunningTotal() {
    try (FakeGeminiLive gemini = start(reply().usage(u -> u.inputText(10).outputAudio(100)),
        reply().usage(u -> u.inputText(20).outputAudio(200)).fault(FaultKind.USAGE_CUMULATIVE),
        reply().usage(u -> u.inputText(30).outputAudio(300)).fault(FaultKind.USAGE_CUMULATIVE));
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      List<Long> prompts = new ArrayList<>();
      List<Long> responses = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        JsonValue.Obj usage = usage(typedTurn(client, "hi"));
        prompts.add(count(usage, "promptTokenCount"));
        responses.add(count(usage, "responseTokenCount"));
      }
      assertThat(prompts).containsExactly(10L, 30L, 60L);
      assertThat(responses).containsExactly(100L, 300L, 600L);
      assertThat(gemini.ledger().entries()).extracting(e -> e.tokens().outputAudio()).containsExactly(100L, 200L, 300L);
    }
  }

  @Test
  void usageRepeatedSendsTheSameUsageOnSeveralMessages() {
    try (FakeGeminiLive gemini = start(reply().fault(FaultKind.USAGE_REPEATED),
        reply().fault(Fault.of(FaultKind.USAGE_REPEATED).times(3)));
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      for (int times : new int[] {2, 3}) {
        List<LiveClient.Frame> frames = typedTurn(client, "hi");
        List<String> reports = new ArrayList<>();
        for (LiveClient.Frame f : frames) {
          if (f.json().has("usageMetadata")) reports.add(Proto.raw(f.json().get("usageMetadata")));
        }
        assertThat(reports).hasSize(times);
        assertThat(reports).containsOnly(reports.get(0));
        assertThat(kinds(frames)).endsWith(repeat("usageMetadata", times - 1, "turnComplete"));
      }
      assertThat(gemini.ledger().entries()).hasSize(2);
    }
  }

  private static String[] repeat(String kind, int n, String last) {
    String[] out = new String[n + 1];
    java.util.Arrays.fill(out, kind);
    out[n] = last;
    return out;
  }

  @Test
  void usageMissingEndsTheTurnWithoutUsage() {
    try (FakeGeminiLive gemini = start(reply().fault(FaultKind.USAGE_MISSING));
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      List<LiveClient.Frame> frames = spokenTurn(client);
      assertThat(frames.get(frames.size() - 1).text()).isEqualTo("{\"serverContent\":{\"turnComplete\":true}}");
      assertThat(usage(frames)).isNull();
      assertThat(gemini.ledger().entries().get(0).tokens().outputAudio()).isEqualTo(77);
    }
  }

  @Test
  void disconnectMidResponseDropsTheConnectionHalfWay() {
    try (FakeGeminiLive gemini = start(reply().fault(FaultKind.DISCONNECT_MID_RESPONSE));
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      client.audio(utterance());
      List<LiveClient.Frame> frames = new ArrayList<>();
      LiveClient.Ended end = collectUntilEnd(client, frames);
      assertThat(end.failure()).as("no close frame: a dropped connection").isNotNull();
      assertThat(audio(frames)).hasSize(57_600); // 12 of 24 chunks
      assertThat(kinds(frames)).doesNotContain("turnComplete", "generationComplete");
      LedgerEntry e = gemini.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.audio()).isEqualTo(Duration.ofMillis(1200));
      assertThat(e.tokens().outputAudio()).isEqualTo(38); // 77 × 12 / 24, rounded down
      assertThat(e.tokens().inputAudio()).isEqualTo(48);
    }
  }

  @Test
  void aFaultDelayStrikesThatFarIntoTheReply() {
    try (FakeGeminiLive gemini = start(reply().chunkGap(Duration.ofMillis(100))
        .fault(Fault.of(FaultKind.DISCONNECT_MID_RESPONSE).after(Duration.ofMillis(350))));
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      client.audio(utterance());
      List<LiveClient.Frame> frames = new ArrayList<>();
      collectUntilEnd(client, frames);
      assertThat(audio(frames)).hasSize(4 * 4800); // chunks at 0, 100, 200 and 300 ms
      LedgerEntry e = gemini.ledger().entries().get(0);
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(Duration.ofMillis(300 + 300));
    }
  }

  @Test
  void closeClosesWithTheGivenCodeAndReason() {
    try (FakeGeminiLive gemini = start(reply().fault(Fault.of(FaultKind.CLOSE).withCode(1011, "RESOURCE_EXHAUSTED")),
        reply().fault(FaultKind.CLOSE))) {
      try (LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
        client.setup(PLAIN_SETUP);
        client.audio(utterance());
        List<LiveClient.Frame> frames = new ArrayList<>();
        LiveClient.Ended end = collectUntilEnd(client, frames);
        assertThat(end.code()).isEqualTo(1011);
        assertThat(end.reason()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(audio(frames)).hasSize(57_600);
      }
      try (LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
        client.setup(PLAIN_SETUP);
        client.audio(utterance());
        LiveClient.Ended end = client.awaitEnd();
        assertThat(end.code()).isEqualTo(1011);
        assertThat(end.reason()).isEqualTo("Internal error occurred.");
      }
      assertThat(gemini.ledger().entries()).extracting(LedgerEntry::status).containsExactly("incomplete", "incomplete");
    }
  }

  @Test
  void malformedFrameSendsOneFrameThatIsNotJson() {
    try (FakeGeminiLive gemini = start(reply().fault(FaultKind.MALFORMED_FRAME));
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      client.audio(utterance());
      List<LiveClient.Frame> good = new ArrayList<>();
      int bad = 0;
      while (true) {
        LiveClient.Frame f = client.next();
        try {
          Json.parseObject(f.text());
        } catch (JsonException e) {
          bad++;
          continue;
        }
        good.add(f);
        if (f.text().startsWith("{\"serverContent\":{\"turnComplete\"")) break;
      }
      assertThat(bad).isEqualTo(1);
      assertThat(audio(good)).hasSize(115_200);
      assertThat(usage(good)).isNotNull();
    }
  }

  @Test
  void slowFirstByteDelaysTheFirstAudio() {
    try (FakeGeminiLive gemini = start(reply().fault(Fault.of(FaultKind.SLOW_FIRST_BYTE).after(Duration.ofSeconds(2))),
        reply().fault(FaultKind.SLOW_FIRST_BYTE));
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      typedTurn(client, "one");
      typedTurn(client, "two");
      assertThat(gemini.ledger().entries()).extracting(e -> Duration.between(e.start(), e.end()))
          .containsExactly(Duration.ofMillis(2300), Duration.ofMillis(5300));
    }
  }

  @Test
  void goAwayOnAReplyAnnouncesTheEndThenCloses() {
    try (FakeGeminiLive gemini = start(Reply.reply().text(TEXT).audio(Duration.ofSeconds(5))
        .chunkGap(Duration.ofMillis(100))
        .fault(Fault.of(FaultKind.GO_AWAY).after(Duration.ofSeconds(2))));
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      client.audio(utterance());
      List<LiveClient.Frame> frames = new ArrayList<>();
      LiveClient.Ended end = collectUntilEnd(client, frames);
      assertThat(frames.get(0).text()).isEqualTo("{\"goAway\":{\"timeLeft\":\"2s\"}}");
      assertThat(end.code()).isEqualTo(1008);
      assertThat(end.reason()).isEqualTo("The operation was aborted.");
      LedgerEntry e = gemini.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(Duration.ofSeconds(2));
      // chunks at 300, 400, ..., 1900 ms: the close at 2 s comes first
      assertThat(e.audio()).isEqualTo(Duration.ofMillis(1700));
      assertThat(audio(frames)).hasSize(17 * 4800);
    }
  }

  @Test
  void timedGoAwayAndCloseStrikeAtTheirTime() {
    // tracked clients: virtual time waits for them, so the faults cannot strike before the setup
    List<TimedFault> faults = List.of(new TimedFault(Duration.ofSeconds(1),
        Fault.of(FaultKind.GO_AWAY).after(Duration.ofMillis(1500)).withCode(1011, "Deadline expired.")));
    try (FakeGeminiLive gemini = FakeGeminiLive.builder().timedFaults(faults).start();
        LiveClient client = tracked(gemini)) {
      client.setup(PLAIN_SETUP);
      assertThat(client.next().text()).isEqualTo("{\"goAway\":{\"timeLeft\":\"1.500s\"}}");
      LiveClient.Ended end = client.awaitEnd();
      assertThat(end.code()).isEqualTo(1011);
      assertThat(end.reason()).isEqualTo("Deadline expired.");
      assertThat(gemini.clock().elapsed()).isEqualTo(Duration.ofMillis(2500));
    }
    try (FakeGeminiLive gemini = FakeGeminiLive.builder()
        .timedFaults(List.of(new TimedFault(Duration.ofSeconds(3), Fault.of(FaultKind.GO_AWAY)))).start();
        LiveClient client = tracked(gemini)) {
      client.setup(PLAIN_SETUP);
      assertThat(client.next().text()).isEqualTo("{\"goAway\":{\"timeLeft\":\"10s\"}}");
      assertThat(client.awaitEnd().code()).isEqualTo(1008);
      assertThat(gemini.clock().elapsed()).isEqualTo(Duration.ofSeconds(13));
    }
    try (FakeGeminiLive gemini = FakeGeminiLive.builder()
        .timedFaults(List.of(new TimedFault(Duration.ofSeconds(3), Fault.of(FaultKind.CLOSE)))).start();
        LiveClient client = tracked(gemini)) {
      client.setup(PLAIN_SETUP);
      LiveClient.Ended end = client.awaitEnd();
      assertThat(end.code()).isEqualTo(1011);
      assertThat(end.reason()).isEqualTo("Internal error occurred.");
    }
    try (FakeGeminiLive gemini = FakeGeminiLive.builder()
        .timedFaults(List.of(new TimedFault(Duration.ofSeconds(3), Fault.of(FaultKind.DISCONNECT_MID_RESPONSE))))
        .start();
        LiveClient client = tracked(gemini)) {
      client.setup(PLAIN_SETUP);
      assertThat(client.awaitEnd().failure()).isNotNull();
    }
  }

  @Test
  void aTimedCloseDuringATurnBillsWhatWasGenerated() {
    try (FakeGeminiLive gemini = FakeGeminiLive.builder()
        .timedFaults(List.of(new TimedFault(Duration.ofMillis(1000), Fault.of(FaultKind.CLOSE)))).start();
        LiveClient client = tracked(gemini)) {
      gemini.script(Reply.reply().text(TEXT).audio(Duration.ofSeconds(3)).chunkGap(Duration.ofMillis(100))
          .ttft(Duration.ZERO));
      client.setup(PLAIN_SETUP);
      client.send("{\"clientContent\":{\"turns\":[{\"parts\":[{\"text\":\"hi\"}]}],\"turnComplete\":true}}");
      List<LiveClient.Frame> frames = new ArrayList<>();
      assertThat(collectUntilEnd(client, frames).code()).isEqualTo(1011);
      assertThat(audio(frames)).hasSize(10 * 4800); // chunks at 0, 100, ..., 900 ms
      LedgerEntry e = gemini.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.audio()).isEqualTo(Duration.ofSeconds(1));
      assertThat(e.tokens().outputAudio()).isEqualTo(96 * 10 / 30); // 3 s at 32/s, a third of it sent
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void cancelledPartialUsageInterruptsHalfWay() {
    try (FakeGeminiLive gemini = start(reply().fault(FaultKind.CANCELLED_PARTIAL_USAGE));
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      List<LiveClient.Frame> frames = spokenTurn(client);
      assertThat(kinds(frames)).endsWith("interrupted", "turnComplete").doesNotContain("generationComplete");
      assertThat(audio(frames)).hasSize(57_600);
      assertThat(details(usage(frames), "responseTokensDetails")).isEqualTo("AUDIO=38");
      LedgerEntry e = gemini.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("cancelled");
      assertThat(e.tokens().outputAudio()).isEqualTo(38);
    }
  }

  @Test
  void openAiOnlyFaultsLeaveTheTurnAsItIs() {
    try (FakeGeminiLive gemini = start(reply().fault(FaultKind.DONE_WITHOUT_CREATED).fault(FaultKind.DUPLICATE_DONE)
        .fault(FaultKind.RESPONSE_FAILED).fault(FaultKind.SESSION_EXPIRED));
        LiveClient client = LiveClient.header(gemini, gemini.apiKey())) {
      client.setup(PLAIN_SETUP);
      List<LiveClient.Frame> frames = spokenTurn(client);
      assertThat(audio(frames)).hasSize(115_200);
      assertThat(kinds(frames)).endsWith("generationComplete", "turnComplete");
      assertThat(kinds(frames).stream().filter("turnComplete"::equals).count()).isEqualTo(1);
    }
  }

  private static LiveClient.Ended collectUntilEnd(LiveClient client, List<LiveClient.Frame> frames) {
    while (true) {
      Object e = client.nextEvent();
      if (e instanceof LiveClient.Ended end) return end;
      frames.add((LiveClient.Frame) e);
    }
  }
}
