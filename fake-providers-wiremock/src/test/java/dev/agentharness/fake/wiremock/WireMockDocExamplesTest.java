package dev.agentharness.fake.wiremock;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The examples of docs/fake-providers/wiremock.md, as they are written there. */
class WireMockDocExamplesTest {

  @Nested
  class SpeechBillingTest {

    private final WireMockServer server =
        new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
      server.start();
    }

    @AfterEach
    void stop() {
      server.stop();
    }

    @Test
    void theJournalSaysWhatWasBilled() throws Exception {
      WireMockFake speech = WireMockFakes.openAiSpeech(server,
          Reply.reply().text("Your balance is 42 euros.").audio(Duration.ofMillis(2400)).ttfb(Duration.ofMillis(250)));

      HttpRequest request = HttpRequest.newBuilder(URI.create(speech.baseUrl() + "/audio/speech"))
          .header("Authorization", "Bearer " + speech.apiKey())
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini-tts\","
              + "\"input\":\"Your balance is 42 euros.\",\"voice\":\"alloy\",\"response_format\":\"pcm\"}"))
          .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());

      assertThat(response.body()).hasSize(115_200); // 2.4 s of 24 kHz 16-bit mono
      LedgerEntry billed = speech.ledger().entry(response.headers().firstValue("x-request-id").orElseThrow());
      assertThat(billed.characters()).isEqualTo(25);
      assertThat(billed.audio()).isEqualTo(Duration.ofMillis(2400));
      assertThat(billed.tokens().outputAudio()).isEqualTo(48); // 20 per second
    }
  }

  @Nested
  class ElevenLabsQuotaTest {

    @RegisterExtension
    final WireMockExtension wm = WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
        .build();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void quotaExceededIsA401AndBillsNothing() throws Exception {
      ElevenLabsStubs stubs = WireMockFakes.elevenLabs(
              Reply.reply().text("Hello there.").fault(Fault.of(FaultKind.QUOTA_EXCEEDED).on(FaultKind.Target.TTS)),
              Reply.reply().text("Hello there.").audio(Duration.ofMillis(800)))
          .apiKey("sk_test_wiremock")
          .outputFormats("pcm_16000");
      for (MappingBuilder m : stubs.mappings()) wm.stubFor(m); // the extension's instance method

      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + wm.getPort()
              + "/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream?output_format=pcm_16000"))
          .header("xi-api-key", "sk_test_wiremock")
          .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"Hello there.\",\"model_id\":\"eleven_flash_v2_5\"}"))
          .build();
      HttpResponse<String> refused = http.send(request, HttpResponse.BodyHandlers.ofString());
      HttpResponse<byte[]> spoken = http.send(request, HttpResponse.BodyHandlers.ofByteArray());

      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.body()).contains("\"status\":\"quota_exceeded\"");
      assertThat(spoken.headers().firstValue("character-cost")).hasValue("12");
      assertThat(spoken.body()).hasSize(25_600); // 0.8 s of 16 kHz 16-bit mono
      Ledger ledger = WireMockFakes.ledger(wm.getRuntimeInfo().getWireMock());
      assertThat(ledger.entries()).singleElement().satisfies(e -> {
        assertThat(e.model()).isEqualTo("eleven_flash_v2_5");
        assertThat(e.characters()).isEqualTo(12);
      });
    }
  }
}
