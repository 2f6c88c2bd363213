package dev.agentharness.fake.wiremock;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.Metadata;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.github.tomakehurst.wiremock.verification.RequestJournalDisabledException;
import dev.agentharness.fake.elevenlabs.FakeElevenLabs;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.Ledger;
import dev.agentharness.ledger.LedgerEntry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ledger of the stubs, from WireMock's request journal: each request a billing stub answered, with what its
 * metadata says the answer was (id, audio, status, tokens) and what the request asked for (model, text).
 */
final class JournalLedger {

  private JournalLedger() {}

  /** The entries of the stub set {@code fakeId}, or of every agentharness stub set when it is null. */
  static Ledger read(WireMock wireMock, String fakeId) {
    List<ServeEvent> events;
    try {
      events = wireMock.getServeEvents();
    } catch (RequestJournalDisabledException e) {
      throw new IllegalStateException("agentharness: the WireMock server keeps no request journal "
          + "(disableRequestJournal()), so there is no ledger: the ledger is read from the journal", e);
    }
    return read(events, fakeId);
  }

  /** {@code events} as WireMock lists them, newest first. */
  static Ledger read(List<ServeEvent> events, String fakeId) {
    List<ServeEvent> oldestFirst = new ArrayList<>(events);
    java.util.Collections.reverse(oldestFirst);
    // the journal is newest first; requests logged in the same millisecond keep the journal's order
    oldestFirst.sort(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()));
    Ledger ledger = new Ledger();
    for (ServeEvent e : oldestFirst) {
      Metadata billing = billing(e);
      if (billing == null) continue;
      if (fakeId != null && !fakeId.equals(billing.getString("fake"))) continue;
      if (!Boolean.TRUE.equals(billing.getBoolean("billed", false))) continue;
      ledger.record(entry(e.getRequest(), billing));
    }
    return ledger;
  }

  private static Metadata billing(ServeEvent e) {
    if (!e.getWasMatched()) return null;
    StubMapping stub = e.getStubMapping();
    if (stub == null || stub.getMetadata() == null || !stub.getMetadata().containsKey(TtsStubs.METADATA)) return null;
    Object a = stub.getMetadata().get(TtsStubs.METADATA);
    if (!(a instanceof Map<?, ?> map)) return null;
    Metadata m = new Metadata();
    map.forEach((k, v) -> m.put(String.valueOf(k), v));
    return m;
  }

  private static LedgerEntry entry(LoggedRequest request, Metadata a) {
    String service = a.getString("service");
    JsonValue.Obj body;
    try {
      body = Json.parseObject(request.getBodyAsString());
    } catch (JsonException e) {
      // a billing stub matched the body's JSON paths, so it parses
      throw new IllegalStateException("agentharness: a billed request's body is not JSON: " + e.getMessage(), e);
    }
    Instant start = request.getLoggedDate().toInstant();
    Instant end = start.plusNanos(number(a, "endNanos"));
    Duration audio = Duration.ofNanos(number(a, "audioNanos"));
    String id = a.getString("id");
    String status = a.getString("status");
    if (service.equals(OpenAiSpeechStubs.SERVICE)) {
      String model = string(body, "model");
      String input = string(body, "input");
      LedgerEntry.Tokens tokens = model.startsWith("gpt-")
          ? new LedgerEntry.Tokens(number(a, "inputTokens"), 0, 0, 0, 0, 0, 0, number(a, "outputTokens"), 0)
          : LedgerEntry.Tokens.NONE;
      // LiveKit's OpenAI plugin reports the base URL's host and port, as the fake bills it
      String provider = URI.create(request.getAbsoluteUrl()).getRawAuthority();
      return new LedgerEntry(id, service, provider, model, Billing.TTS_SYNTHESIS, status, start, end, tokens,
          input.codePointCount(0, input.length()), audio);
    }
    String text = string(body, "text");
    String model = body.getPresent("model_id") instanceof JsonValue.Str m ? m.value() : null;
    if (model == null) {
      QueryParameter q = request.queryParameter("model_id");
      model = q != null && q.isPresent() ? q.firstValue() : a.getString("defaultModel");
    }
    return new LedgerEntry(id, service, FakeElevenLabs.PROVIDER, model, Billing.TTS_SYNTHESIS, status, start, end,
        LedgerEntry.Tokens.NONE, text.codePointCount(0, text.length()), audio);
  }

  private static String string(JsonValue.Obj body, String key) {
    return body.getPresent(key) instanceof JsonValue.Str s ? s.value() : "";
  }

  /** A number of the metadata: a Long in process, an Integer or Long when it came back over the admin API. */
  private static long number(Metadata a, String key) {
    Object v = a.get(key);
    return v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v));
  }
}
