package dev.agentharness.client.elevenlabs;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.client.ClientTestBase;
import dev.agentharness.client.ProviderException;
import dev.agentharness.fake.elevenlabs.FakeElevenLabs;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ElevenLabsTtsClientTest extends ClientTestBase {

  private static final String TEXT = "Your balance is 42 euros.";


  private FakeElevenLabs fake(Reply... replies) {
    return server.mount(FakeElevenLabs.builder().ledger(ledger).replies(List.of(replies)).build());
  }

  private ElevenLabsTtsClient client(FakeElevenLabs eleven) {
    return new ElevenLabsTtsClient(context, ElevenLabsTtsClient.Options.of(eleven.baseUrl(), eleven.apiKey()));
  }

  // ---------------------------------------------------------------- HTTP (ChunkedStream)

  @Test
  void httpIsMeasuredAsAChunkedStream() throws Exception {
    FakeElevenLabs eleven = fake(
        Reply.reply().audio(ofMillis(2400)).ttfb(ofMillis(250)).chunkGap(ofMillis(10)).build());
    ElevenLabsTtsClient client = client(eleven);
    run(1000, (Runnable) () -> client.synthesize(TEXT, null));
    eventually(() -> ledger.entries().size() == 1);
    TtsMetrics m = tts().get(0);
    assertThat(m.ttfb()).isEqualTo(ofMillis(250));
    assertThat(m.duration()).isEqualTo(ofMillis(250 + 10 * 23)); // 24 chunks of 100 ms
    assertThat(m.audioDuration()).isEqualTo(ofMillis(2400));
    assertThat(m.charactersCount()).isEqualTo(25);
    assertThat(m.cancelled()).isFalse();
    assertThat(m.streamed()).isFalse();
    assertThat(m.label()).isEqualTo("livekit.plugins.elevenlabs.tts.TTS");
    assertThat(m.metadata()).isEqualTo(new Metadata("eleven_flash_v2_5", "ElevenLabs"));
    assertThat(m.timestamp()).isEqualTo(at(1000 + 480));
    LedgerEntry billed = ledger.entries().get(0);
    assertThat(m.requestId()).hasSize(20).isEqualTo(billed.id());
    assertThat(billed.model()).isEqualTo("eleven_flash_v2_5");
    assertThat(errors).isEmpty();
    assertThat(reconcile().matches()).as(reconcile().report()).isTrue();
  }

  @Test
  void theUrlsAreElevenLabsOnes() {
    ElevenLabsTtsClient.Options o = ElevenLabsTtsClient.Options.of("https://api.elevenlabs.io/v1/", "k");
    assertThat(o.streamUrl()).isEqualTo("https://api.elevenlabs.io/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream"
        + "?output_format=pcm_24000&model_id=eleven_flash_v2_5");
    assertThat(o.withInactivityTimeoutSeconds(60).streamInputUrl()).isEqualTo("wss://api.elevenlabs.io/v1/"
        + "text-to-speech/21m00Tcm4TlvDq8ikWAM/stream-input?model_id=eleven_flash_v2_5&output_format=pcm_24000"
        + "&inactivity_timeout=60");
    assertThat(o.withOutputFormat("pcm_16000").audioFormat().bytesPerSecond()).isEqualTo(32_000);
    assertThat(o.withOutputFormat("ulaw_8000").audioFormat().bytesPerSecond()).isEqualTo(8_000);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> o.withOutputFormat("mp3_44100_128"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compressed");
  }

  @Test
  void aCancelledRequestStillCountsEveryCharacter() throws Exception {
    FakeElevenLabs eleven = fake(
        Reply.reply().audio(ofMillis(2400)).ttfb(ofMillis(200)).chunkGap(ofMillis(100)).build());
    ElevenLabsTtsClient client = client(eleven);
    ElevenLabsTtsClient.Synthesis[] s = new ElevenLabsTtsClient.Synthesis[1];
    run(1000, (Runnable) () -> s[0] = client.synthesize(TEXT, null), 1650, (Runnable) () -> s[0].cancel());
    TtsMetrics m = tts().get(0);
    assertThat(m.cancelled()).isTrue();
    assertThat(m.charactersCount()).isEqualTo(25);
    assertThat(m.ttfb()).isEqualTo(ofMillis(200));
    assertThat(m.duration()).isEqualTo(ofMillis(650));
    assertThat(m.audioDuration()).isEqualTo(ofMillis(500)); // chunks at +200 … +600 ms
    assertThat(errors).isEmpty();
    eventually(() -> ledger.entries().size() == 1);
    assertThat(ledger.entries().get(0).characters()).isEqualTo(25);
    assertThat(ledger.entries().get(0).id()).isEqualTo(m.requestId());
  }

  @ParameterizedTest
  @CsvSource({
      "HTTP_401, UNAUTHORIZED, 401, invalid_api_key: Invalid API key",
      "QUOTA_EXCEEDED, QUOTA_EXCEEDED, 401, quota_exceeded: This request exceeds your quota",
      "HTTP_429, RATE_LIMITED, 429, too_many_concurrent_requests",
      "HTTP_500, SERVER_ERROR, 500, internal_server_error",
  })
  void aRefusedRequestIsTypedAndHasNoMetric(FaultKind fault, ProviderException.Kind kind, int status, String detail)
      throws Exception {
    FakeElevenLabs eleven = fake(Reply.reply().fault(Fault.of(fault).on(FaultKind.Target.TTS)).build());
    ElevenLabsTtsClient client = client(eleven);
    TtsMetrics[] reported = {TtsMetrics.builder().build()};
    run(0, (Runnable) () -> client.synthesize(TEXT, new ElevenLabsTtsClient.SynthesisListener() {
      @Override
      public void done(ElevenLabsTtsClient.Synthesis synthesis, TtsMetrics metric) {
        reported[0] = metric;
      }
    }));
    assertThat(tts()).isEmpty();
    assertThat(reported[0]).isNull();
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.code()).isEqualTo(status);
      assertThat(e.getMessage()).startsWith("elevenlabs: POST /v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream: HTTP "
          + status + ": " + detail);
    });
    assertThat(ledger.entries()).isEmpty();
  }

  @Test
  void aWrongKeyIsUnauthorized() throws Exception {
    FakeElevenLabs eleven = fake(Reply.defaults());
    ElevenLabsTtsClient client = new ElevenLabsTtsClient(context,
        ElevenLabsTtsClient.Options.of(eleven.baseUrl(), "sk_test_wrong"));
    run(0, (Runnable) () -> client.synthesize(TEXT, null));
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAUTHORIZED);
      assertThat(e.getMessage()).contains("HTTP 401: invalid_api_key");
    });
    assertThat(tts()).isEmpty();
  }

  @Test
  void aCutBodyIsDisconnectedAndHasNoMetricThoughItWasBilled() throws Exception {
    FakeElevenLabs eleven = fake(Reply.reply().audio(ofMillis(2400)).chunkGap(ofMillis(50))
        .fault(Fault.of(FaultKind.DISCONNECT_MID_RESPONSE).on(FaultKind.Target.TTS)).build());
    ElevenLabsTtsClient client = client(eleven);
    run(0, (Runnable) () -> client.synthesize(TEXT, null));
    eventually(() -> !errors.isEmpty()); // a cut is not counted in flight: the client hears of it a little later
    assertThat(tts()).isEmpty();
    assertThat(errors).singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.DISCONNECTED));
    eventually(() -> ledger.entries().size() == 1);
    assertThat(ledger.entries().get(0).status()).isEqualTo("incomplete");
    assertThat(ledger.entries().get(0).characters()).isEqualTo(25);
  }

  // ---------------------------------------------------------------- stream-input (SynthesizeStream)

  @Test
  void eachFlushedSegmentIsMeasuredWhenItsFinalFrameArrives() throws Exception {
    FakeElevenLabs eleven = fake(
        Reply.reply().audio(ofMillis(1200)).ttfb(ofMillis(150)).chunkGap(ofMillis(50)).build(),
        Reply.reply().audio(ofMillis(600)).ttfb(ofMillis(100)).chunkGap(ofMillis(50)).build());
    ElevenLabsTtsClient client = client(eleven);
    List<String> events = new CopyOnWriteArrayList<>();
    ElevenLabsTtsClient.Stream[] stream = new ElevenLabsTtsClient.Stream[1];
    run(0, (Runnable) () -> stream[0] = client.stream(new ElevenLabsTtsClient.StreamListener() {
      @Override
      public void firstAudio(ElevenLabsTtsClient.Segment segment) {
        events.add(segment.id() + " first audio at " + clock.elapsed().toMillis());
      }

      @Override
      public void done(ElevenLabsTtsClient.Segment segment, TtsMetrics metric) {
        events.add(segment.id() + " done at " + clock.elapsed().toMillis() + (metric == null ? " without metric" : ""));
      }
    }), 1000, (Runnable) () -> {
      stream[0].pushText("Hello ");
      stream[0].pushText("there. ");
      stream[0].flush();
      stream[0].pushText("How are you? ");
      stream[0].close();
    });
    assertThat(events).containsExactly("el_1_1 first audio at 1150", "el_1_1 done at 1700",
        "el_1_2 first audio at 1800", "el_1_2 done at 2050");
    List<TtsMetrics> tts = tts();
    assertThat(tts).hasSize(2);
    TtsMetrics first = tts.get(0);
    assertThat(first.ttfb()).isEqualTo(ofMillis(150));
    assertThat(first.duration()).isEqualTo(ofMillis(150 + 11 * 50));
    assertThat(first.audioDuration()).isEqualTo(ofMillis(1200));
    assertThat(first.charactersCount()).isEqualTo("Hello there. ".length());
    assertThat(first.streamed()).isTrue();
    assertThat(first.cancelled()).isFalse();
    assertThat(first.requestId()).isEqualTo("el_1_1");
    assertThat(first.segmentId()).isEqualTo("el_1_1");
    assertThat(first.metadata()).isEqualTo(new Metadata("eleven_flash_v2_5", "ElevenLabs"));
    // the second segment waits for the first: its text goes out (on a socket of its own) at 1700
    TtsMetrics second = tts.get(1);
    assertThat(second.ttfb()).isEqualTo(ofMillis(100));
    assertThat(second.duration()).isEqualTo(ofMillis(100 + 5 * 50));
    assertThat(second.audioDuration()).isEqualTo(ofMillis(600));
    assertThat(second.charactersCount()).isEqualTo("How are you? ".length());
    assertThat(stream[0].isDone()).isTrue();
    assertThat(errors).isEmpty();
    assertThat(ledger.entries()).extracting(LedgerEntry::status).containsExactly("completed", "completed");
    assertThat(ledger.entries()).extracting(LedgerEntry::characters).containsExactly(13L, 13L);
    assertThat(reconcile().matches()).as(reconcile().report()).isTrue();
    eventually(() -> eleven.openConnections() == 0);
  }

  @Test
  void anInterruptedSegmentEmitsNoMetricThoughItWasBilled() throws Exception {
    FakeElevenLabs eleven = fake(
        Reply.reply().audio(ofMillis(600)).ttfb(ofMillis(100)).build(),
        Reply.reply().audio(ofMillis(2400)).ttfb(ofMillis(200)).chunkGap(ofMillis(100)).build());
    ElevenLabsTtsClient client = client(eleven);
    List<ElevenLabsTtsClient.Segment> done = new CopyOnWriteArrayList<>();
    ElevenLabsTtsClient.Stream[] stream = new ElevenLabsTtsClient.Stream[1];
    ElevenLabsTtsClient.Segment[] second = new ElevenLabsTtsClient.Segment[1];
    run(0, (Runnable) () -> stream[0] = client.stream(new ElevenLabsTtsClient.StreamListener() {
      @Override
      public void done(ElevenLabsTtsClient.Segment segment, TtsMetrics metric) {
        done.add(segment);
      }
    }), 1000, (Runnable) () -> {
      stream[0].pushText("Hi. ");
      stream[0].flush();
    }, 3000, (Runnable) () -> {
      second[0] = stream[0].pushText(TEXT);
      stream[0].flush();
    }, 3650, (Runnable) () -> stream[0].interrupt(), 4000, (Runnable) () -> stream[0].close());
    assertThat(tts()).extracting(TtsMetrics::requestId).containsExactly("el_1_1");
    assertThat(done).extracting(ElevenLabsTtsClient.Segment::isInterrupted).containsExactly(false, true);
    assertThat(second[0].audioBytes()).isEqualTo(48_000 / 2); // 500 ms arrived before the interruption
    assertThat(errors).isEmpty();
    LedgerEntry billed = ledger.entries().get(1);
    assertThat(billed.status()).isEqualTo("cancelled");
    assertThat(billed.characters()).isEqualTo(25);
    // the client holds the clock until ElevenLabs has read the close: exactly what it sent before was billed
    assertThat(billed.audio()).isEqualTo(ofMillis(500));
    Reconciliation r = reconcile();
    assertThat(r.matches()).isFalse();
    assertThat(r.collected().ttsCharactersCount()).isEqualTo(4);
    assertThat(r.billed().ttsCharactersCount()).isEqualTo(29);
    // stream-input names no segment, so the report cannot say which one: it shows the totals
    assertThat(r.report()).contains("tts_characters_count");
  }

  @Test
  void interruptingDropsQueuedSegmentsTooAndOnlyWhatWasSentIsBilled() throws Exception {
    FakeElevenLabs eleven = fake(
        Reply.reply().audio(ofMillis(2400)).ttfb(ofMillis(200)).chunkGap(ofMillis(100)).build());
    ElevenLabsTtsClient client = client(eleven);
    ElevenLabsTtsClient.Stream[] stream = new ElevenLabsTtsClient.Stream[1];
    run(0, (Runnable) () -> stream[0] = client.stream(null), 1000, (Runnable) () -> {
      stream[0].pushText("First sentence. ");
      stream[0].flush();
      stream[0].pushText("Second one, never sent. ");
      stream[0].flush();
    }, 1500, (Runnable) () -> stream[0].interrupt(), 1600, (Runnable) () -> stream[0].close());
    assertThat(tts()).isEmpty();
    assertThat(errors).isEmpty();
    assertThat(ledger.entries()).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo("cancelled");
      assertThat(e.characters()).isEqualTo("First sentence. ".length());
    });
    assertThat(stream[0].isDone()).isTrue();
  }

  @Test
  void anUnusedSocketTheProviderClosesIsDroppedAndTheNextSegmentDialsAnew() throws Exception {
    FakeElevenLabs eleven = fake(Reply.reply().audio(ofMillis(600)).ttfb(ofMillis(100)).build());
    ElevenLabsTtsClient client = client(eleven);
    ElevenLabsTtsClient.Stream[] stream = new ElevenLabsTtsClient.Stream[1];
    run(0, (Runnable) () -> stream[0] = client.stream(null), 25_000, (Runnable) () -> {
      stream[0].pushText("Late. ");
      stream[0].close();
    });
    assertThat(errors).isEmpty(); // the prewarmed socket hit the 20 s inactivity timeout, unused
    assertThat(tts()).singleElement().satisfies(m -> {
      assertThat(m.ttfb()).isEqualTo(ofMillis(100));
      assertThat(m.timestamp()).isEqualTo(at(25_100));
    });
  }

  @Test
  void quotaExceededOnTheStreamIsTypedAndTheSegmentHasNoMetric() throws Exception {
    FakeElevenLabs eleven =
        fake(Reply.reply().fault(Fault.of(FaultKind.QUOTA_EXCEEDED).on(FaultKind.Target.TTS)).build());
    ElevenLabsTtsClient client = client(eleven);
    ElevenLabsTtsClient.Stream[] stream = new ElevenLabsTtsClient.Stream[1];
    run(0, (Runnable) () -> stream[0] = client.stream(null), 500, (Runnable) () -> {
      stream[0].pushText(TEXT);
      stream[0].close();
    });
    assertThat(tts()).isEmpty();
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.QUOTA_EXCEEDED);
      assertThat(e.code()).isEqualTo(1008);
      assertThat(e.getMessage())
          .startsWith("elevenlabs: stream-input: connection closed with 1008: quota_exceeded: This request");
    });
    assertThat(stream[0].isDone()).isTrue();
  }

  @Test
  void aWrongKeyRefusesThePrewarmedHandshake() throws Exception {
    FakeElevenLabs eleven = fake(Reply.defaults());
    ElevenLabsTtsClient client = new ElevenLabsTtsClient(context,
        ElevenLabsTtsClient.Options.of(eleven.baseUrl(), "sk_test_wrong"));
    run(0, (Runnable) () -> client.stream(null));
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAUTHORIZED);
      assertThat(e.code()).isEqualTo(401);
      assertThat(e.getMessage()).startsWith("elevenlabs: handshake GET /v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/"
          + "stream-input: HTTP 401").contains("invalid_api_key");
    });
  }

  @Test
  void aDroppedConnectionLosesTheSegmentsMetric() throws Exception {
    FakeElevenLabs eleven = fake(Reply.reply().audio(ofMillis(2400)).chunkGap(ofMillis(50))
        .fault(Fault.of(FaultKind.DISCONNECT_MID_RESPONSE).on(FaultKind.Target.TTS)).build());
    ElevenLabsTtsClient client = client(eleven);
    ElevenLabsTtsClient.Stream[] stream = new ElevenLabsTtsClient.Stream[1];
    run(0, (Runnable) () -> stream[0] = client.stream(null), 100, (Runnable) () -> {
      stream[0].pushText(TEXT);
      stream[0].close();
    });
    eventually(() -> !errors.isEmpty()); // a cut is not counted in flight: the client hears of it a little later
    assertThat(tts()).isEmpty();
    assertThat(errors).singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.DISCONNECTED));
    assertThat(ledger.entries()).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.characters()).isEqualTo(25);
    });
  }

  @Test
  void aMalformedFrameIsReportedAndTheSegmentIsStillMeasured() throws Exception {
    FakeElevenLabs eleven = fake(Reply.reply().audio(ofMillis(1000)).chunkGap(ofMillis(50))
        .fault(Fault.of(FaultKind.MALFORMED_FRAME).on(FaultKind.Target.TTS)).build());
    ElevenLabsTtsClient client = client(eleven);
    ElevenLabsTtsClient.Stream[] stream = new ElevenLabsTtsClient.Stream[1];
    run(0, (Runnable) () -> stream[0] = client.stream(null), 100, (Runnable) () -> {
      stream[0].pushText(TEXT);
      stream[0].close();
    });
    assertThat(errors).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.MALFORMED));
    assertThat(tts()).singleElement().satisfies(m -> assertThat(m.audioDuration()).isEqualTo(ofMillis(1000)));
  }
}
