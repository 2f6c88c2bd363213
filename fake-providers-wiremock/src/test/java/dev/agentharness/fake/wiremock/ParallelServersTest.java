package dev.agentharness.fake.wiremock;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Tests running at once, each with its own server and stubs, as parallel test classes do: nothing leaks. */
class ParallelServersTest {

  @Test
  void eachServerBillsOnlyItsOwnRequests() throws Exception {
    int n = 3;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CyclicBarrier together = new CyclicBarrier(n);
    try (Http http = new Http()) {
      List<Future<List<LedgerEntry>>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int length = 100 * (i + 1);
        results.add(pool.submit(() -> {
          WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
          server.start();
          try {
            WireMockFake speech = WireMockFakes.openAiSpeech(server,
                Reply.reply().text("Hello.").audio(ofMillis(length)).chunkGap(ofMillis(5)));
            together.await(20, TimeUnit.SECONDS);
            for (int k = 0; k < 2; k++) {
              Http.Answer a = http.post(speech.baseUrl() + "/audio/speech",
                  "{\"model\":\"tts-1\",\"input\":\"Hello.\",\"voice\":\"nova\",\"response_format\":\"pcm\"}",
                  "Authorization", "Bearer " + speech.apiKey());
              assertThat(a.body()).hasSize(length * 48);
            }
            return speech.ledger().entries();
          } finally {
            server.stop();
          }
        }));
      }
      for (int i = 0; i < n; i++) {
        int length = 100 * (i + 1);
        assertThat(results.get(i).get(60, TimeUnit.SECONDS)).hasSize(2)
            .allSatisfy(e -> assertThat(e.audio()).isEqualTo(ofMillis(length)));
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
