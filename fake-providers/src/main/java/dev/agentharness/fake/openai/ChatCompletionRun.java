package dev.agentharness.fake.openai;

import dev.agentharness.clock.Link;
import dev.agentharness.clock.Scheduler;
import dev.agentharness.clock.SessionClock;
import dev.agentharness.fake.StreamingBody;
import dev.agentharness.internal.json.JsonWriter;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TokenRates;
import dev.agentharness.scenario.TokenUsage;
import dev.agentharness.scenario.ToolCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;

/** One chat completion: its chunks, when they go out, and what it bills. */
final class ChatCompletionRun {

  /** One content chunk: a piece of the text, or a tool-call fragment ({@code header}: id and name). */
  private record Unit(int call, boolean header, String text) {}

  private final FakeOpenAiChat fake;
  private final ChatRequest request;
  private final Reply reply;
  private final boolean toolPhase;
  private final SessionClock clock;
  private final Scheduler scheduler;
  private final Link link;
  private final String id;
  private final String requestId;
  private final long created;
  private final String model;
  private final Instant start;
  private final List<String> callIds = new ArrayList<>();
  private final List<Unit> units = new ArrayList<>();
  private final long promptTokens;
  private final long cachedTokens;
  private final long outputTextTokens;
  private final long reasoningTokens;
  private final Object lock = new Object();
  private final List<Scheduler.Scheduled> plan = new ArrayList<>();
  private StreamingBody body;
  private int unitsSent; // guarded by lock
  private boolean finished; // guarded by lock

  ChatCompletionRun(FakeOpenAiChat fake, Link link, ChatRequest request, Reply reply, boolean toolPhase) {
    this.fake = fake;
    this.link = link;
    this.request = request;
    this.reply = reply;
    this.toolPhase = toolPhase;
    this.clock = fake.clock();
    this.id = fake.nextId("chatcmpl-", 29);
    this.requestId = fake.requestId();
    this.scheduler = clock.scheduler(FakeOpenAiChat.SERVICE + "/" + link.id() + "/" + id);
    this.start = clock.now();
    this.created = start.getEpochSecond();
    this.model = fake.resolve(request.model);
    TokenRates rates = fake.rates();
    long prompt = request.promptTokens(rates);
    if (toolPhase) {
      StringBuilder arguments = new StringBuilder();
      for (int i = 0; i < reply.toolCalls().size(); i++) {
        ToolCall c = reply.toolCalls().get(i);
        callIds.add(fake.nextId("call_", 24));
        units.add(new Unit(i, true, c.name()));
        for (String piece : pieces(c.arguments(), rates)) units.add(new Unit(i, false, piece));
        arguments.append(c.arguments());
      }
      // like the realtime fake: usage overrides belong to the spoken reply, the tool-call turn is derived
      this.promptTokens = prompt;
      this.cachedTokens = 0;
      this.outputTextTokens = rates.textTokens(arguments.toString());
      this.reasoningTokens = 0;
    } else {
      for (String piece : pieces(reply.text(), rates)) units.add(new Unit(-1, false, piece));
      TokenUsage derived = new TokenUsage(prompt, 0L, 0L, 0L, 0L, 0L, rates.textTokens(reply.text()), 0L, 0L);
      TokenUsage u = reply.usage().over(derived);
      this.promptTokens = n(u.inputText());
      this.cachedTokens = n(u.cachedText());
      this.outputTextTokens = n(u.outputText());
      this.reasoningTokens = n(u.reasoning());
    }
  }

  /** The ids of the tool calls this completion makes. */
  List<String> callIds() {
    return List.copyOf(callIds);
  }

  /** Schedules the completion and returns the response whose body it writes. */
  MockResponse start() {
    Duration ttft = reply.ttft();
    Fault slow = reply.fault(FaultKind.SLOW_FIRST_BYTE);
    if (slow != null) ttft = ttft.plus(slow.delay() == null ? FakeOpenAiChat.DEFAULT_SLOW_FIRST_BYTE : slow.delay());
    Instant first = start.plus(ttft);
    Duration gap = reply.chunkGap();
    // the writer waits (real time) at most this long for the next chunk; on a virtual clock it never waits long
    body = new StreamingBody(link, ttft.plus(gap.multipliedBy(Math.max(1, units.size()))).plusSeconds(30));
    synchronized (lock) {
      if (request.stream) scheduleStream(first, gap);
      else scheduleWhole(first, gap);
    }
    MockResponse.Builder r = new MockResponse.Builder().code(200)
        .setHeader("Content-Type", request.stream ? "text/event-stream; charset=utf-8" : "application/json")
        .setHeader("x-request-id", requestId)
        .setHeader("openai-processing-ms", Long.toString(ttft.toMillis()))
        .setHeader("x-ratelimit-limit-requests", "10000")
        .setHeader("x-ratelimit-remaining-requests", "9999")
        .setHeader("x-ratelimit-limit-tokens", "30000000")
        .setHeader("x-ratelimit-remaining-tokens", Long.toString(Math.max(0, 30_000_000 - promptTokens)));
    return body.attachTo(r).build();
  }

  // ---------------------------------------------------------------- streaming

  private void scheduleStream(Instant first, Duration gap) {
    Fault strike = toolPhase ? null : terminalFault();
    int m = units.size();
    int limit = strike == null ? m : strikeIndex(strike, m, gap);
    Step steps = new Step();
    for (int k = 0; k < limit; k++) {
      final int unit = k;
      steps.add(first.plus(gap.multipliedBy(k)), () -> sendUnit(unit));
    }
    if (strike == null) {
      steps.add(first.plus(gap.multipliedBy(Math.max(0, m - 1))), this::complete);
    } else {
      steps.add(first.plus(gap.multipliedBy(limit)), () -> strike(strike));
    }
    steps.schedule();
  }

  private Fault terminalFault() {
    Fault f = reply.fault(FaultKind.DISCONNECT_MID_RESPONSE);
    return f != null ? f : reply.fault(FaultKind.MID_STREAM_ERROR);
  }

  /** The content chunk before which a fault strikes: after {@code delay} of streaming, or half way. */
  private static int strikeIndex(Fault f, int m, Duration gap) {
    if (f.delay() == null) return m / 2;
    if (gap.isZero()) return f.delay().isZero() ? 0 : m / 2;
    long k = f.delay().toNanos() / gap.toNanos() + 1;
    return (int) Math.min(m, k);
  }

  private void sendUnit(int k) {
    Unit u = units.get(k);
    // the first chunk carries the role: alone before text (as observed), or with the first tool call
    if (k == 0 && u.call < 0) sendEvent(roleChunk());
    JsonWriter w = chunk().name("choices").beginArray().beginObject().field("index", 0).name("delta").beginObject();
    if (u.call < 0) {
      w.field("content", u.text);
    } else {
      if (k == 0) w.field("role", "assistant").name("content").nullValue();
      w.name("tool_calls").beginArray().beginObject().field("index", u.call);
      if (u.header) {
        w.field("id", callIds.get(u.call)).field("type", "function").name("function").beginObject()
            .field("name", u.text).field("arguments", "").endObject();
      } else {
        w.name("function").beginObject().field("arguments", u.text).endObject();
      }
      w.endObject().endArray();
      if (k == 0) w.name("refusal").nullValue();
    }
    w.endObject();
    endChoice(w, null);
    sendEvent(w.toString());
    unitsSent = k + 1;
  }

  private String roleChunk() {
    JsonWriter w = chunk().name("choices").beginArray().beginObject().field("index", 0).name("delta").beginObject()
        .field("role", "assistant").field("content", "").name("refusal").nullValue().endObject();
    endChoice(w, null);
    return w.toString();
  }

  private void complete() {
    if (unitsSent == 0 && units.isEmpty()) sendEvent(roleChunk());
    JsonWriter w = chunk().name("choices").beginArray().beginObject().field("index", 0).name("delta").beginObject()
        .endObject();
    endChoice(w, toolPhase ? "tool_calls" : "stop");
    sendEvent(w.toString());
    boolean faulty = !toolPhase;
    if (faulty && reply.has(FaultKind.CUT_BEFORE_USAGE)) {
      finish("completed", outputTextTokens);
      body.cut();
      return;
    }
    if (request.includeUsage && !(faulty && reply.has(FaultKind.NO_USAGE_CHUNK))) {
      JsonWriter u = chunk().name("choices").beginArray().endArray().name("usage");
      writeUsage(u);
      sendEvent(u.endObject().toString());
    }
    finish("completed", outputTextTokens);
    sendDone();
  }

  private void strike(Fault f) {
    if (f.kind() == FaultKind.DISCONNECT_MID_RESPONSE) {
      finish("incomplete", partialOutput());
      body.cut();
    } else {
      JsonWriter w = new JsonWriter().beginObject().name("error").beginObject()
          .field("message", f.reason() != null ? f.reason() : "The server had an error processing your request. Sorry "
              + "about that! You can retry your request, or contact us through our help center at help.openai.com if "
              + "you keep seeing this error. (Please include the request ID " + requestId + " in your email.)")
          .field("type", "server_error").name("param").nullValue().name("code").nullValue().endObject().endObject();
      sendEvent(w.toString());
      finish("failed", partialOutput());
      sendDone();
    }
  }

  private void sendDone() {
    body.write("data: [DONE]\n\n");
    // end the body right after [DONE]: openai-node reads on until the body ends
    body.end();
  }

  private void sendEvent(String json) {
    body.write("data: " + json + "\n\n");
  }

  /** The fields every chunk starts with. */
  private JsonWriter chunk() {
    JsonWriter w = new JsonWriter().beginObject().field("id", id).field("object", "chat.completion.chunk")
        .field("created", created).field("model", model).field("service_tier", "default").name("system_fingerprint");
    String fp = fake.systemFingerprint;
    if (fp == null) w.nullValue();
    else w.value(fp);
    return w;
  }

  private void endChoice(JsonWriter w, String finishReason) {
    w.name("logprobs").nullValue().name("finish_reason");
    if (finishReason == null) w.nullValue();
    else w.value(finishReason);
    w.endObject().endArray();
    if (request.includeUsage) w.name("usage").nullValue();
    w.endObject();
  }

  private void writeUsage(JsonWriter w) {
    long completion = outputTextTokens + reasoningTokens;
    w.beginObject().field("prompt_tokens", promptTokens).field("completion_tokens", completion)
        .field("total_tokens", promptTokens + completion)
        .name("prompt_tokens_details").beginObject().field("cached_tokens", cachedTokens).field("audio_tokens", 0)
        .endObject()
        .name("completion_tokens_details").beginObject().field("reasoning_tokens", reasoningTokens)
        .field("audio_tokens", 0).field("accepted_prediction_tokens", 0).field("rejected_prediction_tokens", 0)
        .endObject().endObject();
  }

  // ---------------------------------------------------------------- one chat.completion object

  private void scheduleWhole(Instant first, Duration gap) {
    int m = units.size();
    Fault cut = toolPhase ? null : reply.fault(FaultKind.DISCONNECT_MID_RESPONSE);
    if (cut != null) {
      int at = strikeIndex(cut, m, gap);
      plan.add(scheduler.at(first.plus(gap.multipliedBy(at)), () -> {
        synchronized (lock) {
          if (finished) return;
          unitsSent = at;
          finish("incomplete", partialOutput());
          body.cut();
        }
      }));
      return;
    }
    plan.add(scheduler.at(first.plus(gap.multipliedBy(Math.max(0, m - 1))), () -> {
      synchronized (lock) {
        if (finished) return;
        unitsSent = m;
        body.write(completionObject());
        finish("completed", outputTextTokens);
        body.end();
      }
    }));
  }

  private String completionObject() {
    JsonWriter w = new JsonWriter().beginObject().field("id", id).field("object", "chat.completion")
        .field("created", created).field("model", model).name("choices").beginArray().beginObject()
        .field("index", 0).name("message").beginObject().field("role", "assistant");
    if (toolPhase) {
      w.name("content").nullValue().name("tool_calls").beginArray();
      for (int i = 0; i < reply.toolCalls().size(); i++) {
        ToolCall c = reply.toolCalls().get(i);
        w.beginObject().field("id", callIds.get(i)).field("type", "function").name("function").beginObject()
            .field("name", c.name()).field("arguments", c.arguments()).endObject().endObject();
      }
      w.endArray();
    } else {
      w.field("content", reply.text());
    }
    w.name("refusal").nullValue().name("annotations").beginArray().endArray().endObject();
    w.name("logprobs").nullValue().field("finish_reason", toolPhase ? "tool_calls" : "stop").endObject().endArray();
    w.name("usage");
    writeUsage(w);
    w.field("service_tier", "default").name("system_fingerprint");
    if (fake.systemFingerprint == null) w.nullValue();
    else w.value(fake.systemFingerprint);
    return w.endObject().toString();
  }

  // ---------------------------------------------------------------- billing and teardown

  /** Output tokens of the part generated before a fault: the share of content chunks sent. */
  private long partialOutput() {
    int m = units.size();
    return m == 0 ? 0 : outputTextTokens * unitsSent / m;
  }

  private void finish(String status, long outputText) {
    if (finished) return;
    finished = true;
    fake.ledger().record(new LedgerEntry(id, FakeOpenAiChat.SERVICE, fake.providerName(), request.model,
        Billing.LLM_COMPLETION, status, start, clock.now(),
        new LedgerEntry.Tokens(promptTokens, 0, 0, cachedTokens, 0, 0, outputText, 0, reasoningTokens), 0, null));
    fake.finished(this);
  }

  /** The fake is closing: stop, cut the body, bill what was generated. */
  void dropNow() {
    synchronized (lock) {
      plan.forEach(Scheduler.Scheduled::cancel);
      if (finished) return;
      finish("incomplete", partialOutput());
      if (body != null) body.cut();
    }
  }

  /** Actions at the same instant run as one. */
  private final class Step {
    private final List<Instant> at = new ArrayList<>();
    private final List<List<Runnable>> actions = new ArrayList<>();

    void add(Instant when, Runnable action) {
      int last = at.size() - 1;
      if (last >= 0 && at.get(last).equals(when)) {
        actions.get(last).add(action);
      } else {
        at.add(when);
        actions.add(new ArrayList<>(List.of(action)));
      }
    }

    void schedule() {
      for (int i = 0; i < at.size(); i++) {
        List<Runnable> group = actions.get(i);
        plan.add(scheduler.at(at.get(i), () -> {
          synchronized (lock) {
            for (Runnable r : group) {
              if (finished) return;
              r.run();
            }
          }
        }));
      }
    }
  }

  // ---------------------------------------------------------------- text

  /** {@code text} in pieces of about one text token each (never splitting a surrogate pair); none for "". */
  static List<String> pieces(String text, TokenRates rates) {
    int n = (int) Math.min(Integer.MAX_VALUE, rates.textTokens(text));
    List<String> out = new ArrayList<>(n);
    int len = text.length();
    int from = 0;
    for (int i = 1; i <= n; i++) {
      int to = (int) ((long) len * i / n);
      if (to > 0 && to < len && Character.isSurrogatePair(text.charAt(to - 1), text.charAt(to))) to++;
      if (to <= from) continue;
      out.add(text.substring(from, to));
      from = to;
    }
    return out;
  }

  private static long n(Long v) {
    return v == null ? 0 : v;
  }
}
