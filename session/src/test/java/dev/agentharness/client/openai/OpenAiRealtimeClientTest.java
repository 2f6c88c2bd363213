package dev.agentharness.client.openai;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.client.ClientTestBase;
import dev.agentharness.audio.Pcm;
import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ProviderException;
import dev.agentharness.fake.openai.FakeOpenAiRealtime;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.Metadata;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Providers.OpenAiDialect;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TimedFault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OpenAiRealtimeClientTest extends ClientTestBase {

  /** 40 characters: two per text piece when a reply goes out in 20 chunks. */
  static final String FORTY = "The weather is sunny and warm, 21 today.";
  static final String LABEL = OpenAiRealtimeClient.LABEL;

  @Override
  protected ClientContext.Builder context(ClientContext.Builder builder) {
    return builder.timeout(Duration.ofSeconds(5));
  }

  // ---------------------------------------------------------------- harness

  private FakeOpenAiRealtime fake(OpenAiDialect dialect, Reply... replies) {
    return fake(b -> b.dialect(dialect), replies);
  }

  private FakeOpenAiRealtime fake(UnaryOperator<FakeOpenAiRealtime.Builder> spec, Reply... replies) {
    return server.mount(spec.apply(FakeOpenAiRealtime.builder().ledger(ledger).replies(List.of(replies))).build());
  }

  /** A client of {@code fake} with manual turns (no server VAD) unless {@code options} says otherwise. */
  private OpenAiRealtimeClient client(FakeOpenAiRealtime fake, UnaryOperator<OpenAiRealtimeClient.Options> options) {
    OpenAiRealtimeClient.Options o = OpenAiRealtimeClient.Options.of(fake.baseUrl(), fake.apiKey())
        .withDialect(fake.dialect()).withSilenceDuration(null);
    return new OpenAiRealtimeClient(context, options.apply(o), new OpenAiRealtimeClient.Listener() {
      @Override
      public void sessionReady() {
        log("sessionReady");
      }

      @Override
      public void speechStarted() {
        log("speechStarted");
      }

      @Override
      public void responseCreated(String responseId) {
        log("created " + responseId);
      }

      @Override
      public void firstAudio(String responseId) {
        log("firstAudio " + responseId);
      }

      @Override
      public void responseDone(OpenAiRealtimeClient.Generation g, RealtimeModelMetrics metric) {
        log(g == null ? "done without generation" + (metric == null ? ", no metric" : ", metric")
            : "done " + g.id() + " " + g.status() + (metric == null ? ", no metric" : ""));
      }

      @Override
      public void functionCall(String responseId, String callId, String name, String arguments) {
        log("functionCall " + name + " " + arguments);
      }

      @Override
      public void error(ProviderException e) {
        log("error " + e.kind() + " " + e.code());
      }
    });
  }

  private LedgerEntry onlyEntry() {
    assertThat(ledger.entries()).hasSize(1);
    return ledger.entries().get(0);
  }

  // ---------------------------------------------------------------- a response, measured

  @ParameterizedTest
  @EnumSource(OpenAiDialect.class)
  void anAudioReplyIsMeasuredFromCreatedToDoneWithEveryTokenDetail(OpenAiDialect dialect) throws Exception {
    // 11 chunks of 100 ms: the first 300 ms after created, then one every 20 ms; done with the last one
    FakeOpenAiRealtime fake = fake(dialect, fullUsage(Reply.reply().audio(ofMillis(1100)).ttft(ofMillis(300))
        .chunkGap(ofMillis(20))).build());
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 1000, (Runnable) client::createResponse, 3000, (Runnable) client::close);

    assertThat(errors).isEmpty();
    LedgerEntry billed = onlyEntry();
    assertThat(billed.id()).startsWith("resp_");
    assertThat(events).containsExactly("0ms sessionReady", "1000ms created " + billed.id(),
        "1300ms firstAudio " + billed.id(), "1500ms done " + billed.id() + " completed");
    assertThat(onlyResponse()).isEqualTo(RealtimeModelMetrics.builder()
        .label(LABEL)
        .requestId(billed.id())
        .timestamp(at(1000))
        .ttft(ofMillis(300))
        .duration(ofMillis(500))
        .cancelled(false)
        .inputTokens(55).outputTokens(100).totalTokens(155)
        .tokensPerSecond(200.0) // 100 tokens in 0.5 s
        .inputTokenDetails(new RealtimeModelMetrics.InputTokenDetails(40, 12, 3, 25,
            new RealtimeModelMetrics.CachedTokenDetails(16, 8, 1)))
        .outputTokenDetails(new RealtimeModelMetrics.OutputTokenDetails(20, 80, 0))
        .metadata(new Metadata("gpt-realtime", fake.providerName()))
        .build());
    // LiveKit names the base URL's host and port as the provider; the fake bills under the same name
    assertThat(fake.providerName()).isEqualTo(server.hostAndPort());
    assertThat(billed.provider()).isEqualTo(fake.providerName());
    assertThat(billed.start()).isEqualTo(at(1000));
    assertThat(billed.end()).isEqualTo(at(1500));
    assertThat(reconcile().matches()).as(reconcile().report()).isTrue();
  }

  @Test
  void ttftIsTheFirstAudioDeltaAfterCreatedAndALateFirstByteLengthensIt() throws Exception {
    Fault late = Fault.of(FaultKind.SLOW_FIRST_BYTE).after(Duration.ofSeconds(2));
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA,
        Reply.reply().audio(ofMillis(400)).ttft(ofMillis(300)).build(),
        Reply.reply().audio(ofMillis(400)).ttft(ofMillis(300)).fault(late).build());
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 100, (Runnable) client::createResponse, 1000, (Runnable) client::createResponse,
        5000, (Runnable) client::close);

    assertThat(errors).isEmpty();
    assertThat(responses()).extracting(RealtimeModelMetrics::timestamp).containsExactly(at(100), at(1000));
    assertThat(responses()).extracting(RealtimeModelMetrics::ttft).containsExactly(ofMillis(300), ofMillis(2300));
    // all chunks of a reply without a gap go out at once: done with the first audio
    assertThat(responses()).extracting(RealtimeModelMetrics::duration).containsExactly(ofMillis(300), ofMillis(2300));
  }

  @ParameterizedTest
  @EnumSource(OpenAiDialect.class)
  void aTextOnlyResponsesTtftIsItsFirstTextDelta(OpenAiDialect dialect) throws Exception {
    // 40 characters in two text deltas, 400 ms after created and 100 ms apart
    FakeOpenAiRealtime fake = fake(dialect, Reply.reply().text(FORTY).textOnly().ttft(ofMillis(400))
        .chunkGap(ofMillis(100)).usage(u -> u.inputText(30).outputText(10)).build());
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 200, (Runnable) client::createResponse, 2000, (Runnable) client::close);

    assertThat(errors).isEmpty();
    RealtimeModelMetrics m = onlyResponse();
    assertThat(m.ttft()).isEqualTo(ofMillis(400));
    assertThat(m.duration()).isEqualTo(ofMillis(500));
    assertThat(m.tokensPerSecond()).isEqualTo(20.0);
    assertThat(m.outputTokenDetails()).isEqualTo(new RealtimeModelMetrics.OutputTokenDetails(10, 0, 0));
    assertThat(m.inputTokenDetails().textTokens()).isEqualTo(30);
    // no audio: no firstAudio event
    assertThat(events).noneMatch(e -> e.contains("firstAudio"));
  }

  @Test
  void aResponseWithNoAudioOrTextDeltaHasNoTtft() throws Exception {
    // a tool call: only function-call arguments, no audio or text delta
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA,
        Reply.reply().toolCall("get_balance", "{\"account\":\"main\"}", "{\"balance\":42}").ttft(ofMillis(250)).build());
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 100, (Runnable) client::createResponse, 2000, (Runnable) client::close);

    assertThat(errors).isEmpty();
    String id = onlyEntry().id();
    assertThat(events).containsExactly("0ms sessionReady", "100ms created " + id,
        "350ms functionCall get_balance {\"account\":\"main\"}", "350ms done " + id + " completed");
    RealtimeModelMetrics m = onlyResponse();
    assertThat(m.ttft()).isEqualTo(AgentMetrics.NOT_MEASURED).isEqualTo(Duration.ofSeconds(-1));
    assertThat(m.duration()).isEqualTo(ofMillis(250));
    assertThat(m.requestId()).isEqualTo(id);
    assertThat(m.outputTokens()).isEqualTo(onlyEntry().tokens().output()).isPositive();
  }

  // ---------------------------------------------------------------- cancelled responses

  /**
   * 2 s of audio in 20 chunks of 100 ms, 50 ms apart from 300 ms after created: by 520 ms after created,
   * 5 chunks (500 ms of audio, 10 of the 40 characters) went out.
   */
  private static Reply twentyChunks(Fault... faults) {
    Reply.Builder r = Reply.reply().text(FORTY).audio(ofMillis(2000)).ttft(ofMillis(300)).chunkGap(ofMillis(50))
        .usage(u -> u.inputText(10).inputAudio(30).outputText(20).outputAudio(80));
    for (Fault f : faults) r.fault(f);
    return r.build();
  }

  private void assertCancelledAfterFiveChunks(Instant created, Duration duration) {
    LedgerEntry billed = onlyEntry();
    assertThat(billed.status()).isEqualTo("cancelled");
    assertThat(onlyResponse()).isEqualTo(RealtimeModelMetrics.builder()
        .label(LABEL).requestId(billed.id()).timestamp(created).ttft(ofMillis(300)).duration(duration)
        .cancelled(true)
        .inputTokens(40).outputTokens(25).totalTokens(65) // all of the input, a quarter of the output
        .tokensPerSecond(25 / (duration.toNanos() / 1e9))
        .inputTokenDetails(new RealtimeModelMetrics.InputTokenDetails(30, 10, 0, 0,
            RealtimeModelMetrics.CachedTokenDetails.EMPTY))
        .outputTokenDetails(new RealtimeModelMetrics.OutputTokenDetails(5, 20, 0))
        .metadata(new Metadata("gpt-realtime", server.hostAndPort()))
        .build());
    assertThat(reconcile().matches()).as(reconcile().report()).isTrue();
  }

  @Test
  void aResponseCancelledByTheClientIsCancelledWithItsPartialUsage() throws Exception {
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA, twentyChunks());
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 1000, (Runnable) client::createResponse, 1520, (Runnable) client::cancelResponse,
        3000, (Runnable) client::close);

    assertThat(errors).isEmpty();
    assertThat(events).endsWith("1520ms done " + onlyEntry().id() + " cancelled");
    assertCancelledAfterFiveChunks(at(1000), ofMillis(520));
  }

  @Test
  void aBargeInCancelsTheResponseWithItsPartialUsage() throws Exception {
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA, twentyChunks());
    OpenAiRealtimeClient client = client(fake, o -> o.withSilenceDuration(500)); // server VAD interrupts
    run(0, (Runnable) client::connect, 1000, (Runnable) client::createResponse,
        1520, (Runnable) () -> client.appendAudio(Pcm.tone(24_000, 4800)), 3000, (Runnable) client::close);

    assertThat(errors).isEmpty();
    String id = onlyEntry().id();
    assertThat(events).containsSubsequence("1520ms speechStarted", "1520ms done " + id + " cancelled");
    assertCancelledAfterFiveChunks(at(1000), ofMillis(520));
  }

  @Test
  void aScriptedCancellationIsCancelledWithItsPartialUsage() throws Exception {
    // strikes 200 ms into the streaming: after the chunks at 0, 50, 100, 150 and 200 ms
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA,
        twentyChunks(Fault.of(FaultKind.CANCELLED_PARTIAL_USAGE).after(ofMillis(200))));
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 1000, (Runnable) client::createResponse, 3000, (Runnable) client::close);

    assertThat(errors).isEmpty();
    assertCancelledAfterFiveChunks(at(1000), ofMillis(500));
  }

  // ---------------------------------------------------------------- what LiveKit emits no metric for, or zeros

  @Test
  void aDoneWithoutCreatedEmitsNoMetric() throws Exception {
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA, Reply.reply().fault(FaultKind.DONE_WITHOUT_CREATED).build());
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 100, (Runnable) client::createResponse, 2000, (Runnable) client::close);

    assertThat(errors).isEmpty();
    assertThat(events).containsExactly("0ms sessionReady", "400ms done without generation, no metric");
    assertThat(responses()).isEmpty();
    assertThat(connectionMetrics()).hasSize(1);
    assertThat(onlyEntry().status()).isEqualTo("completed"); // billed all the same
    assertThat(reconcile().matches()).isFalse();
  }

  @Test
  void aDuplicateDoneIsMeasuredOnce() throws Exception {
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA,
        Reply.reply().audio(ofMillis(500)).fault(FaultKind.DUPLICATE_DONE).build());
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 100, (Runnable) client::createResponse, 2000, (Runnable) client::close);

    assertThat(errors).isEmpty();
    String id = onlyEntry().id();
    assertThat(events).endsWith("400ms done " + id + " completed", "400ms done without generation, no metric");
    assertThat(onlyResponse().requestId()).isEqualTo(id);
    assertThat(reconcile().matches()).as(reconcile().report()).isTrue();
  }

  @Test
  void aDoneWithoutUsageStillEmitsAMetricWithZeroTokens() throws Exception {
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA, fullUsage(Reply.reply().audio(ofMillis(500)).ttft(ofMillis(300)))
        .fault(FaultKind.USAGE_MISSING).build());
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 100, (Runnable) client::createResponse, 2000, (Runnable) client::close);

    assertThat(errors).isEmpty();
    assertThat(onlyResponse()).isEqualTo(RealtimeModelMetrics.builder()
        .label(LABEL).requestId(onlyEntry().id()).timestamp(at(100)).ttft(ofMillis(300)).duration(ofMillis(300))
        .inputTokenDetails(new RealtimeModelMetrics.InputTokenDetails(0, 0, 0, 0,
            RealtimeModelMetrics.CachedTokenDetails.EMPTY))
        .outputTokenDetails(RealtimeModelMetrics.OutputTokenDetails.EMPTY)
        .metadata(new Metadata("gpt-realtime", server.hostAndPort()))
        .build());
    assertThat(onlyEntry().tokens().total()).isEqualTo(155);
    assertThat(reconcile().matches()).isFalse();
  }

  @Test
  void aFailedResponseIsMeasuredAndReportedAsAServerError() throws Exception {
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA, Reply.reply().audio(ofMillis(500)).ttft(ofMillis(300))
        .fault(FaultKind.RESPONSE_FAILED).build());
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 100, (Runnable) client::createResponse, 2000, (Runnable) client::close);

    String id = onlyEntry().id();
    assertThat(events).endsWith("400ms done " + id + " failed");
    RealtimeModelMetrics m = onlyResponse();
    assertThat(m.cancelled()).isFalse();
    assertThat(m.ttft()).isEqualTo(AgentMetrics.NOT_MEASURED); // failed before the first delta
    assertThat(m.duration()).isEqualTo(ofMillis(300));
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.provider()).isEqualTo("openai-realtime");
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR);
      assertThat(e.event()).isEqualTo("response.done");
      assertThat(e.getMessage()).contains("response " + id + " failed: server_error server_error");
    });
  }

  // ---------------------------------------------------------------- the connection metric

  @Test
  void eachConnectionEmitsOneZeroUsageMetricWithItsAcquireTime() throws Exception {
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA, Reply.reply().audio(ofMillis(500)).build(),
        Reply.reply().audio(ofMillis(500)).build());
    OpenAiRealtimeClient first = client(fake, o -> o.withModel("gpt-realtime-mini").withProvider("api.openai.com"));
    OpenAiRealtimeClient second = client(fake, o -> o.withModel("gpt-realtime-mini").withProvider("api.openai.com"));
    run(500, (Runnable) first::connect, 1000, (Runnable) first::createResponse, 2000, (Runnable) first::close,
        2500, (Runnable) second::connect, 3000, (Runnable) second::createResponse, 4000, (Runnable) second::close);

    assertThat(errors).isEmpty();
    Metadata metadata = new Metadata("gpt-realtime-mini", "api.openai.com");
    RealtimeModelMetrics.Builder connection = RealtimeModelMetrics.builder().label(LABEL).requestId("")
        .acquireTime(Duration.ZERO) // the handshake takes no virtual time
        .metadata(metadata);
    assertThat(connectionMetrics()).containsExactly(connection.timestamp(at(500)).build(),
        connection.timestamp(at(2500)).build());
    assertThat(connectionMetrics()).allSatisfy(m -> {
      assertThat(m.inputTokens() + m.outputTokens() + m.totalTokens()).isZero();
      assertThat(m.ttft()).isEqualTo(AgentMetrics.NOT_MEASURED);
      assertThat(m.duration()).isZero();
    });
    // each connection metric comes before the responses on its connection
    assertThat(metrics).extracting(m -> ((RealtimeModelMetrics) m).requestId())
        .containsExactly("", ledger.entries().get(0).id(), "", ledger.entries().get(1).id());
    assertThat(responses()).extracting(RealtimeModelMetrics::metadata).containsOnly(metadata);
    assertThat(ledger.entries()).extracting(LedgerEntry::model).containsOnly("gpt-realtime-mini");
  }

  // ---------------------------------------------------------------- errors

  @Test
  void aWrongKeyIsAnUnauthorizedProviderExceptionAndNoMetric() throws Exception {
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA);
    OpenAiRealtimeClient client = new OpenAiRealtimeClient(context,
        OpenAiRealtimeClient.Options.of(fake.baseUrl(), "sk-not-the-key-1234"), new OpenAiRealtimeClient.Listener() {
          @Override
          public void error(ProviderException e) {
            log("error " + e.kind() + " " + e.code());
          }
        });
    run(0, (Runnable) client::connect);

    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.provider()).isEqualTo("openai-realtime");
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAUTHORIZED);
      assertThat(e.code()).isEqualTo(401);
      assertThat(e.event()).isEqualTo("handshake GET /v1/realtime");
      assertThat(e.getMessage()).startsWith("openai-realtime: handshake GET /v1/realtime: HTTP 401: ")
          .contains("Incorrect API key provided");
    });
    assertThat(events).containsExactly("0ms error UNAUTHORIZED 401");
    assertThat(metrics).isEmpty();
    assertThat(client.isOpen()).isFalse();
  }

  @Test
  void aWrongKeyRefusedWithClose3000IsUnauthorizedToo() throws Exception {
    FakeOpenAiRealtime fake = fake(b -> b.authFailure(FakeOpenAiRealtime.AuthFailure.CLOSE_3000));
    OpenAiRealtimeClient client = client(fake, o -> new OpenAiRealtimeClient.Options(o.baseUrl(), "sk-not-the-key-1234",
        null, null, null, null, null, null));
    run(0, (Runnable) client::connect);

    // the error event, then the close that means the same
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).kind()).isEqualTo(ProviderException.Kind.ERROR_EVENT);
    assertThat(errors.get(0).getMessage()).isEqualTo(
        "openai-realtime: error: error event: invalid_api_key: Incorrect API key provided.");
    assertThat(errors.get(1).kind()).isEqualTo(ProviderException.Kind.UNAUTHORIZED);
    assertThat(errors.get(1).code()).isEqualTo(3000);
    assertThat(errors.get(1).getMessage()).isEqualTo(
        "openai-realtime: connection: connection closed with 3000: invalid_request_error.invalid_api_key");
    assertThat(events).containsExactly("0ms error ERROR_EVENT 0", "0ms error UNAUTHORIZED 3000");
    // the upgrade itself succeeded, so the connection metric went out before the key was refused
    assertThat(connectionMetrics()).hasSize(1);
    assertThat(responses()).isEmpty();
    assertThat(client.isOpen()).isFalse();
  }

  @Test
  void aCloseWithACodeMidResponseIsATypedErrorAndNoMetric() throws Exception {
    Fault close = Fault.of(FaultKind.CLOSE).withCode(4000, "going away").after(ofMillis(100));
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA, twentyChunks(close));
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 1000, (Runnable) client::createResponse);

    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.CLOSED);
      assertThat(e.code()).isEqualTo(4000);
      assertThat(e.getMessage()).isEqualTo("openai-realtime: connection: connection closed with 4000: going away");
    });
    assertThat(events).last().isEqualTo("1400ms error CLOSED 4000");
    assertThat(responses()).isEmpty(); // no response.done: LiveKit emits nothing either
    assertThat(onlyEntry().status()).isEqualTo("incomplete");
    assertThat(client.isOpen()).isFalse();
  }

  @Test
  void anInternalErrorCloseIsAServerError() throws Exception {
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA, twentyChunks(Fault.of(FaultKind.CLOSE)));
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 1000, (Runnable) client::createResponse);

    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR);
      assertThat(e.code()).isEqualTo(1011);
      assertThat(e.getMessage()).isEqualTo("openai-realtime: connection: connection closed with 1011: Internal error occurred.");
    });
    assertThat(responses()).isEmpty();
  }

  @Test
  void aConnectionDroppedMidResponseIsDisconnectedAndNothingHangs() throws Exception {
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA, twentyChunks(Fault.of(FaultKind.DISCONNECT_MID_RESPONSE)));
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 1000, (Runnable) client::createResponse);

    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.provider()).isEqualTo("openai-realtime");
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.DISCONNECTED);
      assertThat(e.event()).isEqualTo("connection");
    });
    assertThat(events).last().asString().endsWith(" error DISCONNECTED 0");
    assertThat(responses()).isEmpty();
    assertThat(onlyEntry().status()).isEqualTo("incomplete");
    assertThat(client.isOpen()).isFalse();
  }

  @Test
  void aMalformedFrameIsReportedAndTheResponseIsStillMeasured() throws Exception {
    FakeOpenAiRealtime fake = fake(OpenAiDialect.GA, twentyChunks(Fault.of(FaultKind.MALFORMED_FRAME)));
    OpenAiRealtimeClient client = client(fake, o -> o);
    run(0, (Runnable) client::connect, 1000, (Runnable) client::createResponse, 4000, (Runnable) client::close);

    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(ProviderException.Kind.MALFORMED);
      assertThat(e.provider()).isEqualTo("openai-realtime");
    });
    RealtimeModelMetrics m = onlyResponse();
    assertThat(m.cancelled()).isFalse();
    assertThat(m.ttft()).isEqualTo(ofMillis(300));
    assertThat(m.duration()).isEqualTo(ofMillis(300 + 19 * 50));
    assertThat(m.outputTokens()).isEqualTo(100);
  }

  @Test
  void aSessionExpiryIsAnErrorEventThenAClose1001() throws Exception {
    FakeOpenAiRealtime fake = fake(b -> b.timedFaults(List.of(new TimedFault(ofMillis(2000),
        Fault.of(FaultKind.SESSION_EXPIRED)))), twentyChunks());
    OpenAiRealtimeClient client = client(fake, o -> o);
    // the session expires 1 s into the response, 250 ms before its done
    run(0, (Runnable) client::connect, 1000, (Runnable) client::createResponse);

    assertThat(errors).extracting(ProviderException::kind)
        .containsExactly(ProviderException.Kind.ERROR_EVENT, ProviderException.Kind.CLOSED);
    assertThat(errors.get(0).getMessage()).contains("session_expired");
    assertThat(errors.get(1).code()).isEqualTo(1001);
    assertThat(events).endsWith("2000ms error ERROR_EVENT 0", "2000ms error CLOSED 1001");
    assertThat(responses()).isEmpty();
    assertThat(onlyEntry().status()).isEqualTo("incomplete");
    assertThat(client.isOpen()).isFalse();
  }
}
