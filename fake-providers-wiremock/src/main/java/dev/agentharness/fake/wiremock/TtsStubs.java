package dev.agentharness.fake.wiremock;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.agentharness.fake.Ids;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TokenRates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The stubs of one fake TTS: its key, its replies in order, and the stubs for wrong keys and refused requests.
 * Build them with {@link WireMockFakes}, then either {@link #register register} them (and get a
 * {@link WireMockFake} with the key, the base URL and the ledger), or take the {@link #mappings()} and register
 * them yourself.
 *
 * <p>Each reply's stubs answer one text: the reply's {@link Reply#text() text} (WireMock answers statically, and
 * the length of derived speech, the ElevenLabs character headers and the quota message all depend on it). Several
 * replies play in order, as a WireMock scenario of this stub set's own; the last one then answers every further
 * request.
 *
 * @param <S> the concrete stub set, for chaining
 */
public abstract sealed class TtsStubs<S extends TtsStubs<S>> permits OpenAiSpeechStubs, ElevenLabsStubs {

  /** Priority of the replies' stubs (1 is WireMock's highest). */
  public static final int PRIORITY = 1;
  /** Priority of the wrong-key and refused-format stubs: below the replies, above WireMock's default (5). */
  public static final int FALLBACK_PRIORITY = 4;
  /** The key of this module's entry in a stub's metadata. */
  static final String METADATA = "agentharness";

  private final String service;
  private final List<Reply> replies;
  private final String id = UUID.randomUUID().toString();
  private String apiKey;
  private TokenRates rates = TokenRates.DEFAULTS;
  private long seed = 1;

  TtsStubs(String service, String keyPrefix, List<Reply> replies) {
    this.service = service;
    this.replies = replies.isEmpty() ? List.of(Reply.defaults()) : List.copyOf(replies);
    this.apiKey = Ids.randomKey(keyPrefix);
  }

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  /** The key requests must carry; a random one by default. */
  public S apiKey(String apiKey) {
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    return self();
  }

  /** How speech length and tokens are derived from text ({@link TokenRates#DEFAULTS} by default). */
  public S rates(TokenRates rates) {
    this.rates = Objects.requireNonNull(rates, "rates");
    return self();
  }

  /** Seeds the request ids the stubs send; the same seed gives the same ids (1 by default, as the fakes). */
  public S seed(long seed) {
    this.seed = seed;
    return self();
  }

  public String apiKey() {
    return apiKey;
  }

  /** The ledger's name for this provider: {@code openai-speech} or {@code elevenlabs}. */
  public String service() {
    return service;
  }

  /**
   * The stubs, to register yourself ({@code wireMock.register(m)}, {@code server.stubFor(m)} on the instance).
   * Every call builds them anew, with the same key and ids. The ledger of {@link WireMockFakes#ledger} finds
   * their requests through their metadata.
   */
  public List<MappingBuilder> mappings() {
    Ids ids = new Ids(seed);
    List<MappingBuilder> out = new ArrayList<>();
    String scenario = "agentharness " + service + " " + id;
    for (int i = 0; i < replies.size(); i++) {
      for (MappingBuilder m : replyMappings(replies.get(i), i, ids)) {
        m = m.atPriority(PRIORITY).withName("agentharness " + service + " reply " + (i + 1));
        if (replies.size() > 1) {
          ScenarioMappingBuilder s =
              m.inScenario(scenario).whenScenarioStateIs(i == 0 ? Scenario.STARTED : "reply " + (i + 1));
          m = i + 1 < replies.size() ? s.willSetStateTo("reply " + (i + 2)) : s;
        }
        out.add(m);
      }
    }
    for (MappingBuilder m : fallbackMappings(ids)) {
      out.add(m.atPriority(FALLBACK_PRIORITY).withMetadata(metadata(false)));
    }
    return out;
  }

  /**
   * Registers the stubs on {@code server} (through its instance API) and returns the handle: key,
   * {@code http://<bind address>:PORT/v1}, ledger.
   */
  public WireMockFake register(WireMockServer server) {
    Options options = server.getOptions();
    boolean https = options.getHttpDisabled();
    String host = options.bindAddress();
    if (host == null || host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    String url = (https ? "https://" : "http://") + host + ":" + (https ? server.httpsPort() : server.port());
    return register(new WireMock(server), url);
  }

  /**
   * Registers the stubs through {@code wireMock} (a {@code new WireMock(server)}, a
   * {@code WireMockExtension}'s {@code getRuntimeInfo().getWireMock()}, or a client of a remote WireMock) on the
   * server at {@code serverUrl} ({@code http://127.0.0.1:8080}, no path), and returns the handle.
   */
  public WireMockFake register(WireMock wireMock, String serverUrl) {
    Objects.requireNonNull(wireMock, "wireMock");
    String base = Objects.requireNonNull(serverUrl, "serverUrl").replaceAll("/+$", "");
    List<StubMapping> registered = new ArrayList<>();
    for (MappingBuilder m : mappings()) registered.add(wireMock.register(m));
    return new WireMockFake(service, apiKey, base + "/v1", id, wireMock, registered);
  }

  /** The stubs of reply {@code index}: one per format it answers, or per model for a 429 naming it. */
  abstract List<MappingBuilder> replyMappings(Reply reply, int index, Ids ids);

  /** Wrong or missing key, refused formats: stubs outside the scenario, billing nothing. */
  abstract List<MappingBuilder> fallbackMappings(Ids ids);

  final TokenRates rates() {
    return rates;
  }

  /** The metadata of a stub that bills nothing. */
  final Map<String, Object> metadata(boolean billed) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("fake", id);
    a.put("service", service);
    a.put("billed", billed);
    return Map.of(METADATA, a);
  }

  /**
   * The metadata of a stub that bills: the ledger reads it back from the journal, with the request.
   *
   * @param status {@code completed}, or {@code incomplete} for a body cut by a fault
   * @param audio the audio the client gets, in nanoseconds
   * @param end when the last chunk (or the cut) goes out, in nanoseconds after the request
   */
  final Map<String, Object> billing(String requestId, String status, long audio, long end, Map<String, Object> more) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("fake", id);
    a.put("service", service);
    a.put("billed", true);
    a.put("id", requestId);
    a.put("status", status);
    a.put("audioNanos", audio);
    a.put("endNanos", end);
    a.putAll(more);
    return Map.of(METADATA, a);
  }
}
