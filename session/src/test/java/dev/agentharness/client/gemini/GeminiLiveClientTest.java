package dev.agentharness.client.gemini;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.client.ClientTestBase;
import dev.agentharness.audio.Pcm;
import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ProviderException;
import dev.agentharness.fake.gemini.FakeGeminiLive;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeminiLiveClientTest extends ClientTestBase {

  static final String MODEL = "gemini-2.5-flash-native-audio-preview-09-2025";
  /** 40 characters: two per transcript piece when a reply goes out in 20 chunks. */
  static final String FORTY = "The weather is sunny and warm, 21 today.";
  /** LiveKit's request id: shortuuid-like {@code GR_} and 12 characters. */
  static final String REQUEST_ID = "GR_[2-9A-HJ-NP-Za-km-z]{12}";
  static final String LABEL = GeminiLiveClient.LABEL;

  /** The requests the client dialled: URL and x-goog-api-key, seen by an interceptor. */
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private OkHttpClient http;

  @Override
  protected ClientContext.Builder context(ClientContext.Builder builder) {
    http = new OkHttpClient.Builder().readTimeout(5, TimeUnit.SECONDS).retryOnConnectionFailure(false)
        .addInterceptor(chain -> {
          requests.add(chain.request().url() + " x-goog-api-key=" + chain.request().header("x-goog-api-key"));
          return chain.proceed(chain.request());
        }).build();
    return builder.http(http);
  }

  @AfterEach
  void stopHttp() { // before the base class closes the context, server and clock
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }


  // ---------------------------------------------------------------- harness

  private FakeGeminiLive fake(Reply... replies) {
    return fake(b -> b, replies);
  }

  private FakeGeminiLive fake(UnaryOperator<FakeGeminiLive.Builder> spec, Reply... replies) {
    return server.mount(spec.apply(FakeGeminiLive.builder().ledger(ledger).replies(List.of(replies))).build());
  }

  private GeminiLiveClient client(FakeGeminiLive fake, UnaryOperator<GeminiLiveClient.Options> options) {
    return new GeminiLiveClient(context, options.apply(GeminiLiveClient.Options.of(fake.baseUrl(), fake.apiKey())),
        new GeminiLiveClient.Listener() {
          @Override
          public void setupComplete() {
            log("setupComplete");
          }

          @Override
          public void generationStarted(String id) {
            log("generationStarted");
          }

          @Override
          public void firstAudio(String id) {
            log("firstAudio");
          }

          @Override
          public void inputTranscript(String text) {
            log("inputTranscript " + text);
          }

          @Override
          public void interrupted() {
            log("interrupted");
          }

          @Override
          public void turnComplete(GeminiLiveClient.Generation generation) {
            log("turnComplete" + (generation == null ? " without generation" : ""));
          }

          @Override
          public void goAway(String timeLeft) {
            log("goAway " + timeLeft);
          }

          @Override
          public void error(ProviderException e) {
            log("error " + e.kind() + " " + e.code());
          }
        });
  }

  /** 16 kHz 16-bit PCM: a tone for speech, zeros for silence. */
  private static byte[] speech(int ms) {
    return Pcm.tone(16_000, ms * 32);
  }

  private static byte[] silence(int ms) {
    return new byte[ms * 32];
  }

  /** The user speaks for 1 s from {@code fromMs}; 500 ms of silence then end the turn at {@code fromMs + 1000}. */
  private static Object[] userTurn(GeminiLiveClient client, int fromMs) {
    return new Object[] {fromMs, (Runnable) () -> client.sendAudio(speech(1000)),
        fromMs + 1000, (Runnable) () -> client.sendAudio(silence(500))};
  }

  private static Object[] concat(Object[]... parts) {
    return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray();
  }

  // ---------------------------------------------------------------- a turn, measured

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anAudioTurnIsMeasuredWithPerModalityBucketsFromTheDetailLists(boolean binaryFrames) throws Exception {
    // 11 chunks of 100 ms, the first 300 ms after the turn starts, then one every 20 ms
    FakeGeminiLive fake = fake(b -> b.binaryFrames(binaryFrames),
        fullUsage(Reply.reply().audio(ofMillis(1100)).ttft(ofMillis(300)).chunkGap(ofMillis(20))).build());
    GeminiLiveClient client = client(fake, o -> o);
    run(concat(new Object[] {0, (Runnable) client::connect}, userTurn(client, 1000),
        new Object[] {4000, (Runnable) client::close}));

    assertThat(errors).isEmpty();
    // the input transcription starts the generation when the user's turn ends, at 2 s
    assertThat(events).containsExactly("0ms setupComplete", "2000ms inputTranscript Hello.", "2000ms generationStarted",
        "2300ms firstAudio", "2500ms turnComplete");
    RealtimeModelMetrics m = onlyResponse();
    assertThat(m.requestId()).matches(REQUEST_ID);
    assertThat(m).isEqualTo(RealtimeModelMetrics.builder()
        .label(LABEL)
        .requestId(m.requestId())
        .timestamp(at(2000))
        .ttft(ofMillis(300))
        .duration(ofMillis(500)) // to generationComplete
        .cancelled(false)
        .inputTokens(55).outputTokens(100).totalTokens(155)
        .tokensPerSecond(200.0)
        .inputTokenDetails(new RealtimeModelMetrics.InputTokenDetails(40, 12, 3, 25,
            new RealtimeModelMetrics.CachedTokenDetails(16, 8, 1)))
        .outputTokenDetails(new RealtimeModelMetrics.OutputTokenDetails(20, 80, 0))
        .metadata(new Metadata(MODEL, "Gemini"))
        .build());
    LedgerEntry billed = ledger.entries().get(0);
    assertThat(billed.provider()).isEqualTo(FakeGeminiLive.PROVIDER).isEqualTo(m.metadata().modelProvider());
    assertThat(billed.model()).isEqualTo(m.metadata().modelName());
    assertThat(billed.id()).isEqualTo("gemini-turn-1"); // LiveKit's id is its own: the ledger's is never seen
    assertThat(reconcile().matches()).as(reconcile().report()).isTrue();
  }

  @Test
  void aTextPromptedTurnStartsWithItsFirstAudioSoTtftIsZero() throws Exception {
    FakeGeminiLive fake = fake(Reply.reply().audio(ofMillis(1100)).ttft(ofMillis(300)).chunkGap(ofMillis(20)).build());
    GeminiLiveClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 1000, (Runnable) () -> client.sendText("What's my balance?"),
        3000, (Runnable) client::close);

    assertThat(errors).isEmpty();
    assertThat(events).containsExactly("0ms setupComplete", "1300ms generationStarted", "1300ms firstAudio",
        "1500ms turnComplete");
    RealtimeModelMetrics m = onlyResponse();
    assertThat(m.timestamp()).isEqualTo(at(1300));
    assertThat(m.ttft()).isZero();
    assertThat(m.duration()).isEqualTo(ofMillis(200));
  }

  @Test
  void textPartsNeverSetTtft() throws Exception {
    FakeGeminiLive fake = fake(Reply.reply().text(FORTY).textOnly().ttft(ofMillis(400)).chunkGap(ofMillis(100))
        .usage(u -> u.inputText(30).inputAudio(50).outputText(10)).build());
    GeminiLiveClient client = client(fake, o -> o);
    run(concat(new Object[] {0, (Runnable) client::connect}, userTurn(client, 1000),
        new Object[] {4000, (Runnable) client::close}));

    assertThat(errors).isEmpty();
    RealtimeModelMetrics m = onlyResponse();
    assertThat(m.ttft()).isEqualTo(AgentMetrics.NOT_MEASURED);
    assertThat(m.timestamp()).isEqualTo(at(2000));
    assertThat(m.duration()).isEqualTo(ofMillis(500)); // two text parts at 400 and 500 ms
    assertThat(m.inputTokenDetails()).isEqualTo(new RealtimeModelMetrics.InputTokenDetails(50, 30, 0, 0,
        RealtimeModelMetrics.CachedTokenDetails.EMPTY));
    assertThat(m.outputTokenDetails()).isEqualTo(new RealtimeModelMetrics.OutputTokenDetails(10, 0, 0));
    assertThat(events).noneMatch(e -> e.contains("firstAudio"));
  }

  @Test
  void anInterruptedTurnIsNeverCancelledAndReportsItsPartialUsage() throws Exception {
    // 2 s of audio in 20 chunks, 50 ms apart from 300 ms: the user barges in after 5 of them
    FakeGeminiLive fake = fake(Reply.reply().text(FORTY).audio(ofMillis(2000)).ttft(ofMillis(300))
        .chunkGap(ofMillis(50)).usage(u -> u.inputText(10).inputAudio(30).outputText(20).outputAudio(80)).build());
    GeminiLiveClient client = client(fake, o -> o);
    run(concat(new Object[] {0, (Runnable) client::connect}, userTurn(client, 1000),
        new Object[] {2520, (Runnable) () -> client.sendAudio(speech(100)), 4000, (Runnable) client::close}));

    assertThat(errors).isEmpty();
    assertThat(events).endsWith("2520ms interrupted", "2520ms turnComplete");
    assertThat(ledger.entries().get(0).status()).isEqualTo("cancelled");
    RealtimeModelMetrics m = onlyResponse();
    assertThat(m).isEqualTo(RealtimeModelMetrics.builder()
        .label(LABEL).requestId(m.requestId()).timestamp(at(2000)).ttft(ofMillis(300)).duration(ofMillis(520))
        .cancelled(false) // LiveKit never flags an interrupted Gemini generation
        .inputTokens(40).outputTokens(25).totalTokens(65)
        .tokensPerSecond(25 / 0.52)
        .inputTokenDetails(new RealtimeModelMetrics.InputTokenDetails(30, 10, 0, 0,
            RealtimeModelMetrics.CachedTokenDetails.EMPTY))
        .outputTokenDetails(new RealtimeModelMetrics.OutputTokenDetails(5, 20, 0))
        .metadata(new Metadata(MODEL, "Gemini"))
        .build());
    assertThat(reconcile().matches()).as(reconcile().report()).isTrue();
  }

  @Test
  void eachTurnHasItsOwnRequestId() throws Exception {
    FakeGeminiLive fake = fake(Reply.reply().audio(ofMillis(500)).build(), Reply.reply().audio(ofMillis(500)).build());
    GeminiLiveClient client = client(fake, o -> o);
    run(concat(new Object[] {0, (Runnable) client::connect}, userTurn(client, 1000), userTurn(client, 4000),
        new Object[] {7000, (Runnable) client::close}));

    assertThat(errors).isEmpty();
    assertThat(responses()).hasSize(2);
    assertThat(responses()).extracting(RealtimeModelMetrics::requestId).allMatch(id -> id.matches(REQUEST_ID))
        .doesNotHaveDuplicates();
    assertThat(responses()).extracting(RealtimeModelMetrics::timestamp).containsExactly(at(2000), at(5000));
  }

  // ---------------------------------------------------------------- the connection and the key

  @Test
  void theConnectionMetricComesWithSetupComplete() throws Exception {
    FakeGeminiLive fake = fake(Reply.reply().audio(ofMillis(500)).build());
    GeminiLiveClient client = client(fake, o -> o.withModel("gemini-live-2.5-flash-preview"));
    run(concat(new Object[] {500, (Runnable) client::connect}, userTurn(client, 1000),
        new Object[] {4000, (Runnable) client::close}));

    assertThat(errors).isEmpty();
    assertThat(connectionMetrics()).containsExactly(RealtimeModelMetrics.builder().label(LABEL).requestId("")
        .timestamp(at(500)).acquireTime(Duration.ZERO).metadata(new Metadata("gemini-live-2.5-flash-preview", "Gemini"))
        .build());
    assertThat(metrics.get(0)).isEqualTo(connectionMetrics().get(0)); // before the turn's
    assertThat(ledger.entries().get(0).model()).isEqualTo("gemini-live-2.5-flash-preview");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theKeyGoesInTheQueryOrInTheHeader(boolean header) throws Exception {
    FakeGeminiLive fake = fake(Reply.reply().audio(ofMillis(500)).build());
    GeminiLiveClient client = client(fake, o -> o.withKeyInHeader(header));
    run(0, (Runnable) client::connect, 1000, (Runnable) () -> client.sendText("Hi"), 3000, (Runnable) client::close);

    assertThat(errors).isEmpty();
    String url = "http://" + server.hostAndPort() + FakeGeminiLive.path("v1beta");
    assertThat(requests).containsExactly(header
        ? url + " x-goog-api-key=" + fake.apiKey()
        : url + "?key=" + fake.apiKey() + " x-goog-api-key=null");
    assertThat(responses()).hasSize(1);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aWrongKeyIsClosedWith1008AndUnauthorized(boolean header) throws Exception {
    FakeGeminiLive fake = fake();
    GeminiLiveClient client = client(fake, o -> new GeminiLiveClient.Options(o.baseUrl(), "AIza-not-the-key", null,
        null, header));
    run(0, (Runnable) client::connect);

    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.provider()).isEqualTo("gemini-live");
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAUTHORIZED);
      assertThat(e.code()).isEqualTo(1008);
      assertThat(e.getMessage())
          .isEqualTo("gemini-live: connection: connection closed with 1008: " + FakeGeminiLive.INVALID_KEY);
    });
    assertThat(events).containsExactly("0ms error UNAUTHORIZED 1008");
    assertThat(metrics).isEmpty(); // no setupComplete, no connection metric
    assertThat(client.isOpen()).isFalse();
  }

  @Test
  void aWrongKeyRefusedAtTheHandshakeIsUnauthorized() throws Exception {
    FakeGeminiLive fake = fake(b -> b.authFailure(FakeGeminiLive.AuthFailure.HTTP_401));
    GeminiLiveClient client = client(fake, o -> new GeminiLiveClient.Options(o.baseUrl(), "AIza-not-the-key", null,
        null, false));
    run(0, (Runnable) client::connect);

    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAUTHORIZED);
      assertThat(e.code()).isEqualTo(401);
      assertThat(e.event()).isEqualTo("handshake GET " + FakeGeminiLive.path("v1beta"));
      assertThat(e.getMessage()).contains("HTTP 401").contains(FakeGeminiLive.INVALID_KEY);
    });
    assertThat(metrics).isEmpty();
    assertThat(client.isOpen()).isFalse();
  }

  // ---------------------------------------------------------------- what Gemini reports wrong, reported as is

  @Test
  void aTextModalityOnlyReportPutsEveryTokenInTheTextBuckets() throws Exception {
    FakeGeminiLive fake = fake(fullUsage(Reply.reply().audio(ofMillis(500))).fault(FaultKind.TEXT_MODALITY_ONLY)
        .build());
    GeminiLiveClient client = client(fake, o -> o);
    run(concat(new Object[] {0, (Runnable) client::connect}, userTurn(client, 1000),
        new Object[] {4000, (Runnable) client::close}));

    assertThat(errors).isEmpty();
    RealtimeModelMetrics m = onlyResponse();
    assertThat(m.inputTokens()).isEqualTo(55);
    assertThat(m.outputTokens()).isEqualTo(100);
    assertThat(m.inputTokenDetails()).isEqualTo(new RealtimeModelMetrics.InputTokenDetails(0, 55, 0, 25,
        new RealtimeModelMetrics.CachedTokenDetails(0, 25, 0)));
    assertThat(m.outputTokenDetails()).isEqualTo(new RealtimeModelMetrics.OutputTokenDetails(100, 0, 0));
    assertThat(reconcile().matches()).isFalse(); // the ledger billed 40 + 80 audio tokens
  }

  @Test
  void cumulativeUsageIsTakenAsPerTurnAndOvercounts() throws Exception {
    FakeGeminiLive fake = fake(
        Reply.reply().audio(ofMillis(500)).usage(u -> u.inputText(10).inputAudio(20).outputText(0).outputAudio(50))
            .fault(FaultKind.USAGE_CUMULATIVE).build(),
        Reply.reply().audio(ofMillis(500)).usage(u -> u.inputText(15).inputAudio(25).outputText(0).outputAudio(60))
            .fault(FaultKind.USAGE_CUMULATIVE).build());
    GeminiLiveClient client = client(fake, o -> o);
    run(concat(new Object[] {0, (Runnable) client::connect}, userTurn(client, 1000), userTurn(client, 4000),
        new Object[] {7000, (Runnable) client::close}));

    assertThat(errors).isEmpty();
    assertThat(responses()).extracting(RealtimeModelMetrics::inputTokens).containsExactly(30L, 70L);
    assertThat(responses()).extracting(RealtimeModelMetrics::outputTokens).containsExactly(50L, 110L);
    assertThat(responses().get(1).inputTokenDetails().audioTokens()).isEqualTo(45);
    assertThat(ledger.entries()).extracting(e -> e.tokens().input()).containsExactly(30L, 40L);
    assertThat(reconcile().matches()).isFalse();
  }

  @Test
  void repeatedUsageBecomesSeveralMetricsWithOneRequestId() throws Exception {
    FakeGeminiLive fake = fake(Reply.reply().audio(ofMillis(500)).usage(u -> u.inputText(10).outputAudio(50))
        .fault(Fault.of(FaultKind.USAGE_REPEATED).times(3)).build());
    GeminiLiveClient client = client(fake, o -> o);
    run(concat(new Object[] {0, (Runnable) client::connect}, userTurn(client, 1000),
        new Object[] {4000, (Runnable) client::close}));

    assertThat(errors).isEmpty();
    assertThat(responses()).hasSize(3);
    assertThat(responses()).extracting(RealtimeModelMetrics::requestId).containsOnly(responses().get(0).requestId());
    assertThat(responses()).extracting(RealtimeModelMetrics::outputTokens).containsExactly(50L, 50L, 50L);
  }

  @Test
  void aTurnCompleteWithoutUsageEmitsNoMetric() throws Exception {
    FakeGeminiLive fake = fake(Reply.reply().audio(ofMillis(500)).fault(FaultKind.USAGE_MISSING).build());
    GeminiLiveClient client = client(fake, o -> o);
    run(concat(new Object[] {0, (Runnable) client::connect}, userTurn(client, 1000),
        new Object[] {4000, (Runnable) client::close}));

    assertThat(errors).isEmpty();
    assertThat(events).contains("2300ms turnComplete");
    assertThat(responses()).isEmpty();
    assertThat(connectionMetrics()).hasSize(1);
    assertThat(ledger.entries()).hasSize(1);
  }

  @Test
  void theUsageOfATurnInterruptedBeforeItsFirstContentHasNoGenerationAndIsDropped() throws Exception {
    FakeGeminiLive fake = fake(Reply.reply().audio(ofMillis(500)).usage(u -> u.inputText(7).outputAudio(40)).build(),
        Reply.reply().audio(ofMillis(500)).usage(u -> u.inputText(9).outputAudio(50)).build());
    GeminiLiveClient client = client(fake, o -> o);
    // the second prompt interrupts the first turn 100 ms in, 200 ms before its first audio
    run(0, (Runnable) client::connect, 1000, (Runnable) () -> client.sendText("Hi"),
        1100, (Runnable) () -> client.sendText("What's my balance?"), 3000, (Runnable) client::close);

    assertThat(errors).isEmpty();
    assertThat(events).containsExactly("0ms setupComplete", "1100ms interrupted", "1100ms turnComplete without generation",
        "1400ms generationStarted", "1400ms firstAudio", "1400ms turnComplete");
    assertThat(ledger.entries()).extracting(LedgerEntry::status).containsExactly("cancelled", "completed");
    assertThat(responses()).singleElement().satisfies(m -> {
      assertThat(m.timestamp()).isEqualTo(at(1400));
      assertThat(m.outputTokens()).isEqualTo(50);
    });
    assertThat(reconcile().matches()).isFalse(); // the first turn's 7 input tokens were billed, never reported
  }

  // ---------------------------------------------------------------- the connection ends

  @Test
  void aServerCloseMidTurnIsAServerErrorAndNoMetric() throws Exception {
    FakeGeminiLive fake = fake(Reply.reply().text(FORTY).audio(ofMillis(2000)).chunkGap(ofMillis(50))
        .fault(Fault.of(FaultKind.CLOSE)).build());
    GeminiLiveClient client = client(fake, o -> o);
    run(concat(new Object[] {0, (Runnable) client::connect}, userTurn(client, 1000)));

    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.provider()).isEqualTo("gemini-live");
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR);
      assertThat(e.code()).isEqualTo(1011);
      assertThat(e.getMessage()).isEqualTo("gemini-live: connection: connection closed with 1011: Internal error occurred.");
    });
    // 10 of 20 chunks from 2.3 s, 50 ms apart: the close follows the tenth
    assertThat(events).last().isEqualTo("2750ms error SERVER_ERROR 1011");
    assertThat(responses()).isEmpty();
    assertThat(ledger.entries().get(0).status()).isEqualTo("incomplete");
    assertThat(client.isOpen()).isFalse();
  }

  @Test
  void aGoAwayIsReportedAndTheCloseThatFollowsIsTyped() throws Exception {
    FakeGeminiLive fake = fake(Reply.reply().audio(ofMillis(500)).fault(Fault.of(FaultKind.GO_AWAY).after(ofSeconds(2)))
        .build());
    GeminiLiveClient client = client(fake, o -> o);
    run(concat(new Object[] {0, (Runnable) client::connect}, userTurn(client, 1000)));

    assertThat(events).contains("2000ms goAway 2s", "2300ms turnComplete");
    assertThat(events).last().asString().startsWith("4000ms error ");
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.code()).isEqualTo(1008);
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.CLOSED); // not a refused key
      assertThat(e.getMessage()).isEqualTo("gemini-live: connection: connection closed with 1008: The operation was aborted.");
    });
    assertThat(responses()).hasSize(1); // the turn ended before the close
    assertThat(client.isOpen()).isFalse();
  }

  @Test
  void aConnectionDroppedMidTurnIsDisconnectedAndNothingHangs() throws Exception {
    FakeGeminiLive fake = fake(Reply.reply().text(FORTY).audio(ofMillis(2000)).chunkGap(ofMillis(50))
        .fault(Fault.of(FaultKind.DISCONNECT_MID_RESPONSE)).build());
    GeminiLiveClient client = client(fake, o -> o);
    run(concat(new Object[] {0, (Runnable) client::connect}, userTurn(client, 1000)));

    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.provider()).isEqualTo("gemini-live");
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.DISCONNECTED);
      assertThat(e.event()).isEqualTo("connection");
    });
    assertThat(responses()).isEmpty();
    assertThat(ledger.entries().get(0).status()).isEqualTo("incomplete");
    assertThat(client.isOpen()).isFalse();
  }
}
