package dev.agentharness.fake.wiremock;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ProviderException;
import dev.agentharness.client.openai.OpenAiSpeechClient;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.TtsMetrics;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.usage.UsageCollector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agentharness reference client, which measures as LiveKit's plugin does, against the stubs. */
class ReferenceClientTest extends WireMockTestBase {

  static final String TEXT = "Your balance is 42 euros.";

  final List<AgentMetrics> metrics = new CopyOnWriteArrayList<>();
  final List<ProviderException> errors = new CopyOnWriteArrayList<>();

  @BeforeEach
  void clear() {
    metrics.clear();
    errors.clear();
  }

  void synthesize(OpenAiSpeechClient client) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    client.synthesize(TEXT, new OpenAiSpeechClient.Listener() {
      @Override
      public void done(OpenAiSpeechClient.Synthesis synthesis, TtsMetrics metric) {
        done.countDown();
      }
    });
    assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void theClientsMetricsReconcileWithTheJournalsLedger() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server,
        Reply.reply().text(TEXT).audio(ofMillis(2400)).ttfb(ofMillis(250)).chunkGap(ofMillis(10)),
        Reply.reply().text(TEXT).audio(ofMillis(800)));
    try (SessionClock clock = SessionClock.realTime();
        ClientContext context = ClientContext.builder(clock).metrics(metrics::add).errors(errors::add).build()) {
      OpenAiSpeechClient client =
          new OpenAiSpeechClient(context, OpenAiSpeechClient.Options.of(speech.baseUrl(), speech.apiKey()));
      synthesize(client);
      synthesize(client);
    }

    assertThat(errors).isEmpty();
    Ledger ledger = speech.ledger();
    List<LedgerEntry> billed = ledger.entries();
    assertThat(metrics).hasSize(2);
    TtsMetrics first = (TtsMetrics) metrics.get(0);
    assertThat(first.requestId()).isEqualTo(billed.get(0).id());
    assertThat(first.audioDuration()).isEqualTo(ofMillis(2400));
    assertThat(first.charactersCount()).isEqualTo(25);
    assertThat(first.ttfb()).isGreaterThanOrEqualTo(ofMillis(250));
    assertThat(first.duration().minus(first.ttfb())).isGreaterThanOrEqualTo(ofMillis(23 * 10)); // 23 gaps
    assertThat(first.metadata().modelProvider()).isEqualTo(billed.get(0).provider());
    assertThat(((TtsMetrics) metrics.get(1)).audioDuration()).isEqualTo(ofMillis(800));
    Reconciliation r = Reconciliation.of(ledger, UsageCollector.summarize(metrics), metrics);
    assertThat(r.matches()).as(r.report()).isTrue();
  }

  @Test
  void aCutBodyLeavesTheClientWithoutAMetricAndTheLedgerShowsWhatWasBilled() throws Exception {
    WireMockFake speech = WireMockFakes.openAiSpeech(server,
        Reply.reply().text(TEXT).audio(ofMillis(2400)).fault(FaultKind.DISCONNECT_MID_RESPONSE));
    try (SessionClock clock = SessionClock.realTime();
        ClientContext context = ClientContext.builder(clock).metrics(metrics::add).errors(errors::add).build()) {
      synthesize(new OpenAiSpeechClient(context, OpenAiSpeechClient.Options.of(speech.baseUrl(), speech.apiKey())));
    }

    assertThat(metrics).isEmpty(); // LiveKit emits no metric for an attempt that failed
    assertThat(errors).hasSize(1);
    Reconciliation r = Reconciliation.of(speech.ledger(), UsageCollector.summarize(metrics), metrics);
    assertThat(r.matches()).isFalse();
    assertThat(r.report()).contains("tts_characters_count");
  }
}
