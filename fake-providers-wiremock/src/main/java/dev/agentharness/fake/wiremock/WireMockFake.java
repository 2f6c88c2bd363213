package dev.agentharness.fake.wiremock;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.agentharness.ledger.Ledger;
import java.util.List;

/**
 * A fake TTS registered on a WireMock server: what a client needs ({@link #baseUrl()}, {@link #apiKey()}) and
 * what it billed ({@link #ledger()}, read from WireMock's request journal).
 *
 * <pre>{@code
 * WireMockFake speech = WireMockFakes.openAiSpeech(reply().text("Hi there.").audio(ofMillis(2400)))
 *     .register(server);
 * myTts.connect(speech.baseUrl(), speech.apiKey());
 * assertThat(speech.ledger().entries()).hasSize(1);
 * }</pre>
 */
public final class WireMockFake {

  private final String service;
  private final String apiKey;
  private final String baseUrl;
  private final String id;
  private final WireMock wireMock;
  private final List<StubMapping> stubs;

  WireMockFake(String service, String apiKey, String baseUrl, String id, WireMock wireMock, List<StubMapping> stubs) {
    this.service = service;
    this.apiKey = apiKey;
    this.baseUrl = baseUrl;
    this.id = id;
    this.wireMock = wireMock;
    this.stubs = List.copyOf(stubs);
  }

  /** The ledger's name for it: {@code openai-speech} or {@code elevenlabs}. */
  public String service() {
    return service;
  }

  /** The key the stubs require. */
  public String apiKey() {
    return apiKey;
  }

  /** {@code http://HOST:PORT/v1}: the base URL OpenAI and ElevenLabs clients take. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The stubs it registered. */
  public List<StubMapping> stubs() {
    return stubs;
  }

  /**
   * What it billed so far, read from the request journal now (a snapshot: call it again after more requests):
   * one entry per request that one of its reply stubs answered, oldest first. Wrong keys, refused formats and
   * HTTP-error faults bill nothing, as with the fakes.
   *
   * @throws IllegalStateException if the server keeps no request journal
   */
  public Ledger ledger() {
    return JournalLedger.read(wireMock, id);
  }

  /** Removes its stubs from the server (the journal keeps their requests). */
  public void remove() {
    for (StubMapping s : stubs) wireMock.removeStubMapping(s.getId());
  }

  @Override
  public String toString() {
    return "WireMockFake[" + service + " at " + baseUrl + ", " + stubs.size() + " stubs]";
  }
}
