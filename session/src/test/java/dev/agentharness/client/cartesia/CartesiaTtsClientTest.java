package dev.agentharness.client.cartesia;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.client.ClientTestBase;
import dev.agentharness.client.ProviderException;
import dev.agentharness.fake.cartesia.FakeCartesia;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CartesiaTtsClientTest extends ClientTestBase {

  private static final String TEXT = "Your balance is 42 euros.";


  private FakeCartesia fake(Reply... replies) {
    return server.mount(FakeCartesia.builder().ledger(ledger).replies(List.of(replies)).build());
  }

  private CartesiaTtsClient client(FakeCartesia cartesia) {
    return new CartesiaTtsClient(context, CartesiaTtsClient.Options.of(cartesia.baseUrl(), cartesia.apiKey()));
  }

  @Test
  void eachContextIsMeasuredWhenItsDoneArrives() throws Exception {
    FakeCartesia cartesia = fake(
        Reply.reply().audio(ofMillis(2400)).ttfb(ofMillis(120)).chunkGap(ofMillis(40)).build(),
        Reply.reply().audio(ofMillis(800)).ttfb(ofMillis(100)).build());
    CartesiaTtsClient client = client(cartesia);
    List<String> events = new CopyOnWriteArrayList<>();
    CartesiaTtsClient.Stream[] stream = new CartesiaTtsClient.Stream[1];
    run(0, (Runnable) () -> stream[0] = client.stream(new CartesiaTtsClient.StreamListener() {
      @Override
      public void firstAudio(CartesiaTtsClient.Segment segment) {
        events.add(segment.id() + " first audio at " + clock.elapsed().toMillis());
      }

      @Override
      public void done(CartesiaTtsClient.Segment segment, TtsMetrics metric) {
        events.add(segment.id() + " done at " + clock.elapsed().toMillis() + (metric == null ? " without metric" : ""));
      }
    }), 1000, (Runnable) () -> {
      stream[0].pushText("Your balance is ");
      stream[0].pushText("42 euros.");
      stream[0].flush();
    }, 1500, (Runnable) () -> {
      stream[0].pushText("Anything else?");
      stream[0].close();
    });
    // contexts stream independently: the second is done before the first
    assertThat(events).containsExactly("ctx_1_1 first audio at 1120", "ctx_1_2 first audio at 1600",
        "ctx_1_2 done at 1600", "ctx_1_1 done at 2040");
    List<TtsMetrics> tts = tts();
    TtsMetrics first = tts.get(1);
    assertThat(first.requestId()).isEqualTo("ctx_1_1");
    assertThat(first.segmentId()).isEqualTo("ctx_1_1");
    assertThat(first.ttfb()).isEqualTo(ofMillis(120));
    assertThat(first.duration()).isEqualTo(ofMillis(120 + 23 * 40)); // 24 chunks of 100 ms: 1 040 ms
    assertThat(first.audioDuration()).isEqualTo(ofMillis(2400));
    assertThat(first.charactersCount()).isEqualTo(25);
    assertThat(first.streamed()).isTrue();
    assertThat(first.cancelled()).isFalse();
    assertThat(first.label()).isEqualTo("livekit.plugins.cartesia.tts.TTS");
    assertThat(first.metadata()).isEqualTo(new Metadata("sonic-2", "Cartesia"));
    TtsMetrics second = tts.get(0);
    assertThat(second.requestId()).isEqualTo("ctx_1_2");
    assertThat(second.ttfb()).isEqualTo(ofMillis(100));
    assertThat(second.duration()).isEqualTo(ofMillis(100));
    assertThat(second.audioDuration()).isEqualTo(ofMillis(800));
    assertThat(second.charactersCount()).isEqualTo(14);
    assertThat(errors).isEmpty();
    assertThat(stream[0].isDone()).isTrue();
    // the ledger bills each context by its id, with the characters it received: exactly the text pushed
    assertThat(ledger.entries()).extracting(LedgerEntry::id).containsExactly("ctx_1_2", "ctx_1_1");
    assertThat(ledger.entries()).extracting(LedgerEntry::characters).containsExactly(14L, 25L);
    assertThat(reconcile().matches()).as(reconcile().report()).isTrue();
    eventually(() -> cartesia.openConnections() == 0);
  }

  @Test
  void aCancelledContextEmitsNoMetricAndTheReportNamesIt() throws Exception {
    FakeCartesia cartesia = fake(
        Reply.reply().audio(ofMillis(600)).ttfb(ofMillis(100)).build(),
        Reply.reply().audio(ofMillis(2400)).ttfb(ofMillis(200)).chunkGap(ofMillis(100)).build());
    CartesiaTtsClient client = client(cartesia);
    List<CartesiaTtsClient.Segment> done = new CopyOnWriteArrayList<>();
    CartesiaTtsClient.Stream[] stream = new CartesiaTtsClient.Stream[1];
    CartesiaTtsClient.Segment[] second = new CartesiaTtsClient.Segment[1];
    run(0, (Runnable) () -> stream[0] = client.stream(new CartesiaTtsClient.StreamListener() {
      @Override
      public void done(CartesiaTtsClient.Segment segment, TtsMetrics metric) {
        done.add(segment);
      }
    }), 1000, (Runnable) () -> {
      stream[0].pushText("Hi.");
      stream[0].flush();
    }, 3000, (Runnable) () -> {
      second[0] = stream[0].pushText(TEXT);
      stream[0].flush();
    }, 3650, (Runnable) () -> second[0].cancel(), 4000, (Runnable) () -> stream[0].close());
    assertThat(tts()).extracting(TtsMetrics::requestId).containsExactly("ctx_1_1");
    assertThat(done).extracting(CartesiaTtsClient.Segment::isInterrupted).containsExactly(false, true);
    assertThat(second[0].audioBytes()).isEqualTo(48_000 / 2); // chunks at +200 … +600 ms
    assertThat(errors).isEmpty();
    LedgerEntry billed = ledger.entries().get(1);
    assertThat(billed.id()).isEqualTo("ctx_1_2");
    assertThat(billed.status()).isEqualTo("cancelled");
    assertThat(billed.characters()).isEqualTo(25);
    assertThat(billed.audio()).isEqualTo(ofMillis(500));
    Reconciliation r = reconcile();
    assertThat(r.matches()).isFalse();
    assertThat(r.report()).contains("no TTS metric for interrupted segment(s) ctx_1_2")
        .contains("tts_characters_count").contains("ctx_1_2 (25)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-06-10", "2025-04-16"})
  void bothAuthStylesAreAccepted(String version) throws Exception {
    FakeCartesia cartesia = fake(Reply.reply().audio(ofMillis(300)).build());
    CartesiaTtsClient client = new CartesiaTtsClient(context,
        CartesiaTtsClient.Options.of(cartesia.baseUrl(), cartesia.apiKey()).withVersion(version));
    run(0, (Runnable) () -> {
      CartesiaTtsClient.Stream s = client.stream(null);
      s.pushText(TEXT);
      s.close();
    });
    assertThat(errors).isEmpty();
    assertThat(tts()).singleElement().satisfies(m -> assertThat(m.audioDuration()).isEqualTo(ofMillis(300)));
  }

  @Test
  void aWrongKeyIsARefusedHandshake() throws Exception {
    FakeCartesia cartesia = fake(Reply.defaults());
    CartesiaTtsClient client =
        new CartesiaTtsClient(context, CartesiaTtsClient.Options.of(cartesia.baseUrl(), "wrong"));
    List<CartesiaTtsClient.Segment> done = new CopyOnWriteArrayList<>();
    run(0, (Runnable) () -> {
      CartesiaTtsClient.Stream s = client.stream(new CartesiaTtsClient.StreamListener() {
        @Override
        public void done(CartesiaTtsClient.Segment segment, TtsMetrics metric) {
          done.add(segment);
        }
      });
      s.pushText(TEXT);
      s.flush();
    });
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAUTHORIZED);
      assertThat(e.code()).isEqualTo(401);
      assertThat(e.getMessage()).startsWith("cartesia: handshake GET /tts/websocket: HTTP 401")
          .contains("Invalid API key");
    });
    assertThat(done).singleElement().satisfies(s -> assertThat(s.isOver()).isTrue());
    assertThat(tts()).isEmpty();
    assertThat(ledger.entries()).isEmpty();
  }

  @Test
  void anErrorOnAContextFailsItWithoutAMetric() throws Exception {
    FakeCartesia cartesia = fake(Reply.defaults());
    CartesiaTtsClient client = new CartesiaTtsClient(context,
        CartesiaTtsClient.Options.of(cartesia.baseUrl(), cartesia.apiKey()).withEncoding("pcm_s16le", 12_345));
    run(0, (Runnable) () -> {
      CartesiaTtsClient.Stream s = client.stream(null);
      s.pushText(TEXT);
      s.close();
    });
    assertThat(tts()).isEmpty();
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_REQUEST);
      assertThat(e.getMessage()).startsWith("cartesia: error (context ctx_1_1): HTTP 400: invalid_output_format: "
          + "output_format.sample_rate must be one of");
    });
  }

  @Test
  void aCloseMidSegmentIsTypedAndLosesTheMetricThoughTheContextWasBilled() throws Exception {
    FakeCartesia cartesia = fake(Reply.reply().audio(ofMillis(2400)).chunkGap(ofMillis(50))
        .fault(Fault.of(FaultKind.CLOSE).on(FaultKind.Target.TTS)).build());
    CartesiaTtsClient client = client(cartesia);
    run(0, (Runnable) () -> {
      CartesiaTtsClient.Stream s = client.stream(null);
      s.pushText(TEXT);
      s.close();
    });
    assertThat(tts()).isEmpty();
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR);
      assertThat(e.code()).isEqualTo(1011);
      assertThat(e.getMessage()).isEqualTo("cartesia: connection: connection closed with 1011: Internal server error");
    });
    assertThat(ledger.entries()).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.characters()).isEqualTo(25);
      assertThat(e.audio()).isEqualTo(ofMillis(1200));
    });
  }

  @Test
  void aMalformedFrameIsReportedAndTheContextIsStillMeasured() throws Exception {
    FakeCartesia cartesia = fake(Reply.reply().audio(ofMillis(1000)).chunkGap(ofMillis(50))
        .fault(Fault.of(FaultKind.MALFORMED_FRAME).on(FaultKind.Target.TTS)).build());
    CartesiaTtsClient client = client(cartesia);
    run(0, (Runnable) () -> {
      CartesiaTtsClient.Stream s = client.stream(null);
      s.pushText(TEXT);
      s.close();
    });
    assertThat(errors).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.MALFORMED));
    assertThat(tts()).singleElement().satisfies(m -> assertThat(m.audioDuration()).isEqualTo(ofMillis(1000)));
  }

  @Test
  void afterTheProviderClosedTheSocketTheNextSegmentRedials() throws Exception {
    FakeCartesia cartesia = server.mount(FakeCartesia.builder().ledger(ledger).idleTimeout(Duration.ofSeconds(30))
        .replies(List.of(Reply.reply().audio(ofMillis(400)).ttfb(ofMillis(50)).build())).build());
    CartesiaTtsClient client = client(cartesia);
    CartesiaTtsClient.Stream[] stream = new CartesiaTtsClient.Stream[1];
    run(0, (Runnable) () -> stream[0] = client.stream(null), 40_000, (Runnable) () -> {
      stream[0].pushText(TEXT);
      stream[0].close();
    });
    assertThat(errors).isEmpty(); // an idle close (1000) with nothing pending is no error
    assertThat(tts()).singleElement().satisfies(m -> assertThat(m.ttfb()).isEqualTo(ofMillis(50)));
  }
}
