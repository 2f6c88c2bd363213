package dev.agentharness.fake.wiremock;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.scenario.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * The agentharness HTTP TTS fakes as WireMock stubs, for tests that already run a WireMock server. Everything
 * goes through the instance API of the server or client you pass: nothing here touches WireMock's static DSL,
 * so stub sets on different servers (or on one server) are safe in parallel tests.
 *
 * <pre>{@code
 * WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
 * server.start();
 * WireMockFake speech = WireMockFakes.openAiSpeech(server, reply().text("Hello!").audio(ofMillis(2400)));
 * // POST speech.baseUrl() + "/audio/speech" with "Authorization: Bearer " + speech.apiKey() ...
 * Ledger billed = speech.ledger();
 * }</pre>
 */
public final class WireMockFakes {

  private WireMockFakes() {}

  /** OpenAI speech stubs playing {@code replies} in order (the default reply when none). */
  public static OpenAiSpeechStubs openAiSpeech(Reply... replies) {
    return new OpenAiSpeechStubs(List.of(replies));
  }

  public static OpenAiSpeechStubs openAiSpeech(Reply.Builder reply, Reply.Builder... more) {
    return new OpenAiSpeechStubs(build(reply, more));
  }

  /** OpenAI speech stubs for {@code replies}, registered on {@code server} with a random key. */
  public static WireMockFake openAiSpeech(WireMockServer server, Reply... replies) {
    return openAiSpeech(replies).register(server);
  }

  public static WireMockFake openAiSpeech(WireMockServer server, Reply.Builder reply, Reply.Builder... more) {
    return openAiSpeech(reply, more).register(server);
  }

  /** ElevenLabs HTTP-stream stubs playing {@code replies} in order (the default reply when none). */
  public static ElevenLabsStubs elevenLabs(Reply... replies) {
    return new ElevenLabsStubs(List.of(replies));
  }

  public static ElevenLabsStubs elevenLabs(Reply.Builder reply, Reply.Builder... more) {
    return new ElevenLabsStubs(build(reply, more));
  }

  /** ElevenLabs stubs for {@code replies}, registered on {@code server} with a random key. */
  public static WireMockFake elevenLabs(WireMockServer server, Reply... replies) {
    return elevenLabs(replies).register(server);
  }

  public static WireMockFake elevenLabs(WireMockServer server, Reply.Builder reply, Reply.Builder... more) {
    return elevenLabs(reply, more).register(server);
  }

  /**
   * What every agentharness stub set on {@code server} billed, from its request journal, oldest first: the
   * ledger of stubs you registered yourself from {@link TtsStubs#mappings()}.
   */
  public static Ledger ledger(WireMockServer server) {
    return ledger(new WireMock(server));
  }

  /** The same, through a client ({@code new WireMock(host, port)} for a WireMock running elsewhere). */
  public static Ledger ledger(WireMock wireMock) {
    return JournalLedger.read(wireMock, null);
  }

  /** The same, from serve events you already have (as WireMock lists them: newest first). */
  public static Ledger ledger(List<ServeEvent> serveEvents) {
    return JournalLedger.read(serveEvents, null);
  }

  private static List<Reply> build(Reply.Builder reply, Reply.Builder... more) {
    List<Reply> out = new ArrayList<>();
    out.add(reply.build());
    for (Reply.Builder r : more) out.add(r.build());
    return out;
  }
}
