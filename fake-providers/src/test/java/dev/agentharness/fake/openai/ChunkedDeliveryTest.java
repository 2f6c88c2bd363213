package dev.agentharness.fake.openai;

import static dev.agentharness.scenario.Reply.reply;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.clock.SessionClock;
import dev.agentharness.ledger.LedgerEntry;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.agentharness.fake.StreamingBody} on the wire: chunked, incremental, reusable connections. On
 * a virtual clock a foreign client gets everything at once, so the timing checks run on the real-time
 * clock; they are functional checks with generous bounds, not measurements.
 */
class ChunkedDeliveryTest {

  @Test
  void theFirstBytesArriveAtTtfbAndBeforeTheLastAreWritten() throws Exception {
    SessionClock clock = SessionClock.realTime();
    try (FakeOpenAiSpeech speech = FakeOpenAiSpeech.builder().clock(clock).start(); Http http = new Http()) {
      // 5 chunks of 100 ms: written at +200, +500, +800, +1100 and +1400 ms
      speech.script(reply().audio(ofMillis(500)).chunk(ofMillis(100)).ttfb(ofMillis(200)).chunkGap(ofMillis(300)));
      Instant sent = Instant.now();
      Response r = http.post(speech.baseUrl() + "/audio/speech", speech.apiKey(),
          FakeOpenAiSpeechTest.request("gpt-4o-mini-tts", "pcm", ""));
      assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
      Instant firstByte;
      long total;
      try (r; InputStream in = r.body().byteStream()) {
        assertThat(in.read()).isNotEqualTo(-1);
        firstByte = Instant.now();
        total = 1 + in.readAllBytes().length;
      }
      assertThat(total).isEqualTo(24_000);
      assertThat(Duration.between(sent, firstByte)).as("time to first byte").isGreaterThanOrEqualTo(ofMillis(190));
      LedgerEntry e = speech.ledger().entries().get(0);
      assertThat(firstByte).as("the first bytes were read before the last chunk was written").isBefore(e.end());
      assertThat(Duration.between(e.start(), e.end())).isGreaterThanOrEqualTo(ofMillis(1400));
    } finally {
      clock.close();
    }
  }

  @Test
  void aStreamedSseBodyEndsCleanlySoTheConnectionIsReused() throws Exception {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start(); Http http = new Http()) {
      for (int i = 0; i < 3; i++) {
        Response r = http.post(chat.baseUrl() + "/chat/completions", chat.apiKey(),
            FakeOpenAiChatTest.streamingRequest(true));
        assertThat(Http.events(r).done()).isTrue();
      }
      // a body that did not end with the last chunk would leave its connection unusable
      assertThat(http.client.connectionPool().connectionCount()).isEqualTo(1);
      assertThat(chat.ledger().entries()).hasSize(3);
    }
  }
}
