package dev.agentharness.client.deepgram;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.audio.Pcm;
import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ProviderException;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.deepgram.FakeDeepgram;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.SttMetrics;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.usage.UsageCollector;
import dev.agentharness.usage.UsageField;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeepgramSttClientTest {

  static final Duration FRAME = ofMillis(100);
  static final byte[] SPEECH = Pcm.tone(16_000, 3200); // 100 ms of "speech"
  static final byte[] SILENCE = new byte[3200]; // 100 ms of silence
  static final String BALANCE = "I would like to check my balance please.";
  /** What LiveKit Python 1.7 sends by default (provider-protocols.md §7.2). */
  static final String LIVEKIT_URL = "wss://api.deepgram.com/v1/listen?model=nova-3&punctuate=true&smart_format=false"
      + "&no_delay=true&interim_results=true&encoding=linear16&vad_events=true&sample_rate=16000&channels=1"
      + "&endpointing=25&filler_words=true&profanity_filter=false&numerals=false&mip_opt_out=false&language=en-US";

  private FakeDeepgram dg;
  private ClientContext context;
  private final List<AgentMetrics> metrics = new CopyOnWriteArrayList<>();
  private final List<ProviderException> errors = new CopyOnWriteArrayList<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);

  @AfterEach
  void tearDown() {
    if (context != null) context.close();
    if (dg != null) dg.close();
  }

  // ---------------------------------------------------------------- harness

  private DeepgramSttClient client(FakeDeepgram fake,
      Function<DeepgramSttClient.Options, DeepgramSttClient.Options> options) {
    return client(fake, fake.apiKey(), options, ofSeconds(5));
  }

  private DeepgramSttClient client(FakeDeepgram fake, String key,
      Function<DeepgramSttClient.Options, DeepgramSttClient.Options> options, Duration timeout) {
    this.dg = fake;
    SessionClock clock = fake.clock();
    context = ClientContext.builder(clock).metrics(metrics::add).errors(errors::add).timeout(timeout).build();
    return new DeepgramSttClient(context, options.apply(DeepgramSttClient.Options.of(fake.baseUrl(), key)),
        new DeepgramSttClient.Listener() {
          @Override
          public void speechStarted() {
            log("speechStarted");
          }

          @Override
          public void interimTranscript(String text) {
            log("interim " + text);
          }

          @Override
          public void finalTranscript(String text, boolean speechFinal) {
            log("final " + text + (speechFinal ? " (speech_final)" : ""));
          }

          @Override
          public void endOfSpeech() {
            log("endOfSpeech");
          }

          @Override
          public void metadata(String requestId, Duration audioDuration) {
            log("metadata " + audioDuration.toMillis() + " ms");
          }

          @Override
          public void error(ProviderException e) {
            log("error " + e.kind() + " " + e.code());
          }

          @Override
          public void closed() {
            log("closed");
            closed.countDown();
          }

          private void log(String what) {
            events.add(ms(clock.elapsed()) + " " + what);
          }
        });
  }

  /**
   * Connects, then plans the session's calls on the clock while holding it, then lets virtual time run
   * until nothing is left to do.
   */
  private void run(DeepgramSttClient client, Consumer<Plan> plan) throws InterruptedException {
    SessionClock clock = dg.clock();
    try (var hold = clock.hold("setup")) {
      client.connect();
      plan.accept(new Plan(clock.scheduler("test"), clock.origin(), client));
    }
    assertThat(clock.awaitIdle(ofSeconds(30))).as("the clock went idle").isTrue();
  }

  /** The session's side: 100 ms frames pushed when they are complete (at the end of their window). */
  record Plan(Scheduler scheduler, Instant t0, DeepgramSttClient client) {
    void at(long ms, Runnable action) {
      scheduler.at(t0.plus(ofMillis(ms)), action);
    }

    /** {@code frames} frames whose audio starts at {@code fromMs}, speech in [speechFromMs, speechToMs). */
    void frames(long fromMs, int frames, long speechFromMs, long speechToMs) {
      for (int i = 0; i < frames; i++) {
        long start = fromMs + i * FRAME.toMillis();
        byte[] audio = start >= speechFromMs && start < speechToMs ? SPEECH : SILENCE;
        at(start + FRAME.toMillis(), () -> client.pushAudio(audio));
      }
    }
  }

  private static String ms(Duration d) {
    return d.toMillis() + "ms";
  }

  /** The usage reports (the connection metric reports no audio). */
  private List<SttMetrics> usage() {
    return metrics.stream().map(m -> (SttMetrics) m).filter(m -> !m.audioDuration().isZero()).toList();
  }

  private List<SttMetrics> connectionMetrics() {
    return metrics.stream().map(m -> (SttMetrics) m).filter(m -> m.audioDuration().isZero()).toList();
  }

  /** "at audio" for each usage report, in the order emitted. */
  private List<String> reports() {
    Instant t0 = dg.clock().origin();
    return usage().stream().map(m -> ms(Duration.between(t0, m.timestamp())) + " " + ms(m.audioDuration())).toList();
  }

  private Duration sum() {
    return usage().stream().map(SttMetrics::audioDuration).reduce(Duration.ZERO, Duration::plus);
  }

  private Reconciliation reconcile() {
    return Reconciliation.of(dg.ledger(), UsageCollector.summarize(metrics), metrics);
  }

  // ---------------------------------------------------------------- the query

  @Test
  void theQueryIsLiveKitsAndTheFakeAcceptsIt() throws Exception {
    DeepgramSttClient.Options lk = DeepgramSttClient.Options.of("https://api.deepgram.com/v1/listen", "k");
    assertThat(lk.url()).isEqualTo(LIVEKIT_URL);
    assertThat(lk.withUtteranceEndMs(1000).query()).contains("&mip_opt_out=false&utterance_end_ms=1000&language=en-US");
    assertThat(lk.withEndpointingMs(0).query()).contains("&endpointing=false&");
    assertThat(DeepgramSttClient.Options.of("http://127.0.0.1:9/v1/listen", "k").url())
        .startsWith("ws://127.0.0.1:9/v1/listen?");

    DeepgramSttClient client = client(FakeDeepgram.builder().start(), o -> o.withUtteranceEndMs(1000));
    run(client, p -> p.at(500, client::close));
    FakeDeepgram.ListenStream stream = dg.streams().get(0);
    assertThat(stream.query()).isEqualTo(client.options().query());
    assertThat(stream.model()).isEqualTo("nova-3");
    assertThat(stream.closeCode()).isEqualTo(1000);
    assertThat(errors).isEmpty();
    assertThat(events).containsExactly("500ms metadata 0 ms", "500ms closed");
  }

  // ---------------------------------------------------------------- a stream, measured

  /**
   * 12 s of audio (speech from 1 s to 4 s) in 100 ms frames, the end of the user's turn at 4.55 s, the
   * end of input at 13 s.
   */
  private void twelveSeconds(DeepgramSttClient client) throws InterruptedException {
    run(client, p -> {
      p.frames(0, 120, 1000, 4000);
      p.at(4550, client::flush);
      p.at(13_000, client::close);
    });
  }

  @Test
  void transcriptEventsAreLiveKitsSpeechEvents() throws Exception {
    DeepgramSttClient client = client(FakeDeepgram.builder().transcripts(BALANCE).start(),
        o -> o.withUtteranceEndMs(1000));
    twelveSeconds(client);
    assertThat(errors).isEmpty();
    // audio reaches the fake when its 100 ms frame is complete: offset 1.0 s arrives at 1.1 s, and so on
    assertThat(events).containsExactly(
        "1100ms speechStarted",
        "2000ms interim I would like",
        "3000ms interim I would like to check my",
        "4000ms interim I would like to check my balance please.",
        "4100ms final I would like to check my balance please. (speech_final)",
        "4100ms endOfSpeech", // UtteranceEnd at 5.0 s does not end the speech a second time
        "13000ms metadata 12000 ms",
        "13000ms closed");
    assertThat(client.requestId()).isEqualTo(dg.streams().get(0).requestId());
  }

  @Test
  void usageIsReportedEveryFiveSecondsOfPushesAtTheTurnEndAndAtCloseWithTheLifetimeRemainder() throws Exception {
    DeepgramSttClient client = client(FakeDeepgram.builder().transcripts(BALANCE).start(), o -> o);
    twelveSeconds(client);
    assertThat(errors).isEmpty();
    String id = dg.streams().get(0).requestId();
    assertThat(reports()).containsExactly(
        "4550ms 4500ms",   // the end of the turn: frames pushed at 0.1 .. 4.5 s, before Finalize
        "9600ms 5050ms",   // the first push 5 s after it (not a timer): 4.6 .. 9.5 s and the first 50 ms of 9.6
        "13000ms 2450ms",  // the end of input: the second half of 9.6, and 9.7 .. 12.0 s
        "13000ms 1000ms"); // LiveKit 1.5.7: lifetime (13 s) − reported (12 s)
    assertThat(usage()).allSatisfy(m -> {
      assertThat(m.requestId()).isEqualTo(id);
      assertThat(m.label()).isEqualTo(DeepgramSttClient.LABEL);
      assertThat(m.duration()).isZero();
      assertThat(m.streamed()).isTrue();
      assertThat(m.acquireTime()).isZero();
      assertThat(m.metadata()).isEqualTo(new Metadata("nova-3", "Deepgram"));
    });
    LedgerEntry billed = dg.ledger().entry(id);
    assertThat(billed.audio()).isEqualTo(ofSeconds(13));
    assertThat(dg.stream(id).audioReceived()).isEqualTo(ofSeconds(12));
    assertThat(sum()).isEqualTo(billed.audio());
    assertThat(client.reported()).isEqualTo(billed.audio());
    Reconciliation r = reconcile();
    assertThat(r.matches()).as(r.report()).isTrue();
  }

  @Test
  void beforeLiveKit157TheSumIsShortByTheTimeWithoutAudio() throws Exception {
    DeepgramSttClient client = client(FakeDeepgram.builder().transcripts(BALANCE).start(),
        o -> o.withReportRemainderOnClose(false));
    twelveSeconds(client);
    assertThat(reports()).containsExactly("4550ms 4500ms", "9600ms 5050ms", "13000ms 2450ms");
    assertThat(sum()).isEqualTo(ofSeconds(12));
    Duration billed = dg.ledger().entries().get(0).audio();
    assertThat(billed.minus(sum())).isEqualTo(ofSeconds(1)); // 12.0 .. 13.0 s: nothing pushed
    Reconciliation r = reconcile();
    assertThat(r.matches()).isFalse();
    assertThat(r.differences()).singleElement().satisfies(d -> {
      assertThat(d.field()).isEqualTo(UsageField.STT_AUDIO_DURATION);
      assertThat(d.billed()).isEqualTo(ofSeconds(13).toNanos());
      assertThat(d.collected()).isEqualTo(ofSeconds(12).toNanos());
    });
    assertThat(r.report()).contains("stt_audio_duration").contains("#5498");
  }

  @Test
  void theConnectionMetricComesFirstWithTheAcquireTime() throws Exception {
    DeepgramSttClient client = client(FakeDeepgram.builder().start(), o -> o.withModel("nova-2").withProvider("dg"));
    run(client, p -> {
      p.frames(0, 10, 0, 0);
      p.at(1000, client::close);
    });
    assertThat(metrics.get(0)).isEqualTo(SttMetrics.builder().label(DeepgramSttClient.LABEL).requestId("")
        .timestamp(dg.clock().origin()).acquireTime(Duration.ZERO).streamed(true)
        .metadata(new Metadata("nova-2", "dg")).build());
    assertThat(connectionMetrics()).hasSize(1);
    // no Results (silence): LiveKit reports with its empty request id
    assertThat(metrics.subList(1, metrics.size())).extracting(m -> ((SttMetrics) m).audioDuration())
        .containsExactly(ofSeconds(1));
    assertThat(dg.ledger().entries().get(0).audio()).isEqualTo(ofSeconds(1));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aPauseWithKeepAlivesIsBilledAndOnlyTheRemainderReportsIt(boolean remainder) throws Exception {
    DeepgramSttClient client = client(FakeDeepgram.builder().transcripts(BALANCE).start(),
        o -> o.withReportRemainderOnClose(remainder));
    run(client, p -> {
      p.frames(0, 30, 500, 2000);        // 0 .. 3 s, speech 0.5 .. 2 s
      p.at(2500, client::flush);
      p.at(8000, client::keepAlive);     // the session's keep-alive while it pushes nothing
      p.at(13_000, client::keepAlive);
      p.frames(15_000, 30, 0, 0);        // 15 .. 18 s of silence
      p.at(18_500, client::close);
    });
    assertThat(errors).isEmpty();
    List<String> expected = new java.util.ArrayList<>(List.of(
        "2500ms 2500ms",    // the turn's end
        "15100ms 550ms",    // 2.6 .. 3.0 s reported only at the next push, 12.6 s after the last report
        "18500ms 2950ms")); // the end of input
    if (remainder) expected.add("18500ms 12500ms"); // 18.5 s of lifetime − 6 s of audio
    assertThat(reports()).containsExactlyElementsOf(expected);
    LedgerEntry billed = dg.ledger().entries().get(0);
    assertThat(billed.audio()).isEqualTo(ofMillis(18_500)); // the keep-alives kept the stream open
    assertThat(dg.streams().get(0).closeCode()).isEqualTo(1000);
    assertThat(sum()).isEqualTo(remainder ? billed.audio() : ofSeconds(6));
    assertThat(reconcile().matches()).isEqualTo(remainder);
  }

  @Test
  void audioGoesOutIn50msFramesAndAShortLastFrameAtTheTurnEnd() throws Exception {
    DeepgramSttClient client = client(FakeDeepgram.builder().start(), o -> o);
    byte[] odd = Pcm.tone(16_000, 1000); // 31.25 ms
    run(client, p -> {
      p.at(100, () -> client.pushAudio(odd));
      p.at(200, () -> client.pushAudio(odd));
      p.at(300, () -> client.pushAudio(odd));
      p.at(400, client::flush);              // 3000 B: one 1600 B frame, then 1400 B
      p.at(500, () -> client.pushAudio(odd)); // 1000 B wait for more ...
      p.at(600, client::close);              // ... and go out at the end of input
    });
    assertThat(reports()).containsExactly("400ms 93ms", "600ms 31ms", "600ms 475ms");
    assertThat(usage()).extracting(SttMetrics::audioDuration)
        .containsExactly(Duration.ofNanos(93_750_000), Duration.ofNanos(31_250_000), Duration.ofNanos(475_000_000));
    assertThat(dg.streams().get(0).audioReceived()).isEqualTo(Duration.ofNanos(125_000_000));
    assertThat(reconcile().matches()).isTrue();
  }

  @Test
  void noRemainderWhenMoreAudioWasPushedThanTheConnectionLived() throws Exception {
    DeepgramSttClient client = client(FakeDeepgram.builder().start(), o -> o);
    run(client, p -> {
      p.at(100, () -> client.pushAudio(new byte[96_000])); // 3 s of audio at once
      p.at(1000, client::close);
    });
    assertThat(reports()).containsExactly("1000ms 3000ms");
    Reconciliation r = reconcile();
    assertThat(r.differences()).singleElement().satisfies(d -> assertThat(d.collected()).isGreaterThan(d.billed()));
  }

  @Test
  void onTheRealTimeClockItNamesNoLinkAndStillReportsTheLifetime() throws Exception {
    try (SessionClock clock = SessionClock.realTime()) {
      DeepgramSttClient client = client(FakeDeepgram.builder().clock(clock).transcripts(BALANCE).start(), o -> o);
      Scheduler s = clock.scheduler("test");
      Instant t0 = clock.now();
      client.connect();
      for (int i = 0; i < 10; i++) {
        byte[] audio = i >= 2 && i < 8 ? SPEECH : SILENCE;
        s.at(t0.plus(FRAME.multipliedBy(i + 1)), () -> client.pushAudio(audio));
      }
      s.at(t0.plus(ofMillis(1100)), client::close);
      assertThat(closed.await(10, TimeUnit.SECONDS)).as("closed within 10 s").isTrue();
      assertThat(client.isDone()).isTrue();
      assertThat(errors).isEmpty();
      assertThat(events).anyMatch(e -> e.endsWith("final I would like to check my balance please. (speech_final)"));
      Duration billed = dg.ledger().entries().get(0).audio();
      // the client's lifetime and the fake's differ by the time frames take on loopback
      assertThat(sum()).isBetween(billed.minusMillis(250), billed.plusMillis(250));
      assertThat(sum()).isGreaterThanOrEqualTo(ofSeconds(1));
      assertThat(client.reported()).isEqualTo(sum());
    }
  }

  // ---------------------------------------------------------------- errors

  @Test
  void aWrongKeyIsUnauthorizedWithDeepgramsError() throws Exception {
    DeepgramSttClient client = client(FakeDeepgram.builder().start(), "dg-not-the-key", o -> o, ofSeconds(5));
    run(client, p -> {
      p.frames(0, 10, 0, 0);
      p.at(1000, client::close);
    });
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAUTHORIZED);
      assertThat(e.code()).isEqualTo(401);
      assertThat(e.event()).isEqualTo("handshake GET /v1/listen");
      assertThat(e.getMessage())
          .startsWith("deepgram: handshake GET /v1/listen: HTTP 401: Invalid credentials. (dg-request-id ");
    });
    assertThat(events).containsExactly("0ms error UNAUTHORIZED 401", "0ms closed");
    assertThat(metrics).isEmpty();
    assertThat(dg.ledger().entries()).isEmpty();
    assertThat(client.isDone()).isTrue();
  }

  @Test
  void aRefusedLanguageIsABadRequestWithDeepgramsError() throws Exception {
    DeepgramSttClient client = client(FakeDeepgram.builder().start(), o -> o.withLanguage("english"));
    run(client, p -> p.at(1000, client::close));
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_REQUEST);
      assertThat(e.code()).isEqualTo(400);
      assertThat(e.getMessage()).contains("No such model/language/tier combination found");
    });
  }

  @ParameterizedTest
  @EnumSource(value = FaultKind.class, names = {"HTTP_429", "HTTP_500"})
  void aScriptedHandshakeFaultIsTyped(FaultKind kind) throws Exception {
    DeepgramSttClient client = client(FakeDeepgram.builder()
        .reply(Reply.reply().fault(Fault.of(kind).on(FaultKind.Target.STT)).build()).start(), o -> o);
    run(client, p -> p.at(1000, client::close));
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(kind == FaultKind.HTTP_429 ? ProviderException.Kind.RATE_LIMITED
          : ProviderException.Kind.SERVER_ERROR);
      assertThat(e.code()).isEqualTo(kind == FaultKind.HTTP_429 ? 429 : 500);
      assertThat(e.getMessage()).contains("(dg-request-id ");
    });
    assertThat(metrics).isEmpty();
  }

  @Test
  void aServerCloseBeforeCloseStreamIsClosedWithItsCodeAndTheLifetimeIsStillReported() throws Exception {
    Fault close = Fault.of(FaultKind.CLOSE).on(FaultKind.Target.STT);
    DeepgramSttClient client = client(FakeDeepgram.builder().reply(Reply.reply().fault(close).build()).start(), o -> o);
    run(client, p -> {
      p.frames(1000, 40, 1500, 4500); // audio from 1 s (nothing pushed before), speech 0.5 s into it
      p.at(6000, client::close);
    });
    // the close strikes instead of the first interim: 1 s into the speech, at 2.5 s
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.CLOSED);
      assertThat(e.code()).isEqualTo(1011);
      assertThat(e.getMessage()).isEqualTo("deepgram: connection: connection closed with 1011: NET-0000");
    });
    assertThat(events).containsExactly("1600ms speechStarted", "2500ms error CLOSED 1011", "2500ms closed");
    assertThat(reports()).containsExactly("2500ms 1500ms", "2500ms 1000ms"); // pushed 1.1 .. 2.5 s; 1 s before
    LedgerEntry billed = dg.ledger().entries().get(0);
    assertThat(billed.status()).isEqualTo("incomplete");
    assertThat(billed.audio()).isEqualTo(ofMillis(2500));
    assertThat(reconcile().matches()).as(reconcile().report()).isTrue();
    assertThat(dg.streams().get(0).audioReceived()).isEqualTo(ofMillis(1500)); // nothing was sent after the close
  }

  @Test
  void aServerThatNeverClosesIsGivenUpOnAfterTheTimeoutOnTheClock() throws Exception {
    // the fake's latency holds its Metadata and close back for 60 s; the client waits 5 s
    DeepgramSttClient client = client(FakeDeepgram.builder().latency(ofSeconds(60)).start(), o -> o);
    run(client, p -> {
      p.frames(0, 20, 0, 0);
      p.at(2000, client::close);
    });
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.TIMEOUT);
      assertThat(e.event()).isEqualTo("CloseStream");
    });
    assertThat(events).containsExactly("7000ms error TIMEOUT 0", "7000ms closed");
    assertThat(reports()).containsExactly("2000ms 2000ms", "7000ms 5000ms"); // lifetime 7 s − 2 s of audio
  }

  @Test
  void aMalformedFrameIsReportedAndTheStreamGoesOn() throws Exception {
    Fault malformed = Fault.of(FaultKind.MALFORMED_FRAME).on(FaultKind.Target.STT);
    DeepgramSttClient client = client(FakeDeepgram.builder().transcripts(BALANCE)
        .reply(Reply.reply().fault(malformed).build()).start(), o -> o);
    twelveSeconds(client);
    assertThat(errors).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.MALFORMED));
    assertThat(events).contains("2000ms error MALFORMED 0",
        "4100ms final I would like to check my balance please. (speech_final)",
        "13000ms closed");
    assertThat(reconcile().matches()).isTrue();
  }
}
