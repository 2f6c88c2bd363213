package dev.agentharness.fake.openai;

import static dev.agentharness.scenario.Reply.reply;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.clock.SessionClock;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.ledger.Billing;
import dev.agentharness.ledger.LedgerEntry;
import dev.agentharness.scenario.Fault;
import dev.agentharness.scenario.FaultKind;
import dev.agentharness.scenario.Reply;
import dev.agentharness.scenario.TokenRates;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeOpenAiChatTest {

  static final String TEXT = "Your balance is 42 euros.";
  static final String MESSAGES = "[{\"role\":\"system\",\"content\":\"You are helpful.\"},"
      + "{\"role\":\"user\",\"content\":\"What's my balance?\"}]";
  // "You are helpful." (16 characters) = 4 tokens, "What's my balance?" (18) = 5 tokens
  static final long PROMPT_TOKENS = 9;
  static final int TEXT_TOKENS = 7; // 25 characters

  private final Http http = new Http();

  @AfterEach
  void shutDown() {
    http.close();
  }

  static String streamingRequest(boolean includeUsage) {
    return "{\"model\":\"gpt-4.1-mini\",\"messages\":" + MESSAGES + ",\"stream\":true"
        + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "") + "}";
  }

  private Http.Sse stream(FakeOpenAiChat chat, String body) throws IOException {
    Response r = http.post(chat.baseUrl() + "/chat/completions", chat.apiKey(), body);
    assertThat(r.code()).as("status").isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/event-stream");
    return Http.events(r);
  }

  private static JsonValue.Obj choice(JsonValue.Obj chunk) {
    return chunk.get("choices").asArray("choices").items().get(0).asObject("choice");
  }

  private static JsonValue.Obj delta(JsonValue.Obj chunk) {
    return choice(chunk).get("delta").asObject("delta");
  }

  private static String str(JsonValue.Obj o, String key) {
    JsonValue v = o.get(key);
    return v == null || v.isNull() ? null : v.asString(key);
  }

  private static long num(JsonValue.Obj o, String path) {
    JsonValue v = o;
    for (String k : path.split("\\.")) v = v.asObject(k).get(k);
    return v.asLong(path);
  }

  @Test
  void streamsRoleContentFinishUsageAndDone() throws IOException {
    try (FakeOpenAiChat chat =
        FakeOpenAiChat.builder().modelSnapshot("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14").start()) {
      chat.script(reply().text(TEXT).ttft(ofMillis(300)).chunkGap(ofMillis(20)));
      Http.Sse sse = stream(chat, streamingRequest(true));

      assertThat(sse.failure()).isNull();
      assertThat(sse.done()).as("ends with [DONE]").isTrue();
      List<JsonValue.Obj> chunks = sse.json();
      // role, 7 content chunks, finish, usage
      assertThat(chunks).hasSize(1 + TEXT_TOKENS + 2);
      String id = str(chunks.get(0), "id");
      assertThat(id).matches("chatcmpl-[0-9A-Za-z]{29}");
      for (JsonValue.Obj c : chunks) {
        assertThat(str(c, "id")).isEqualTo(id);
        assertThat(str(c, "object")).isEqualTo("chat.completion.chunk");
        assertThat(num(c, "created")).isEqualTo(SessionClock.DEFAULT_ORIGIN.getEpochSecond());
        assertThat(str(c, "model")).isEqualTo("gpt-4.1-mini-2025-04-14");
        assertThat(str(c, "service_tier")).isEqualTo("default");
        assertThat(str(c, "system_fingerprint")).matches("fp_[0-9a-f]{10}");
        assertThat(c.has("usage")).as("usage key when include_usage is set").isTrue();
      }
      JsonValue.Obj role = delta(chunks.get(0));
      assertThat(str(role, "role")).isEqualTo("assistant");
      assertThat(str(role, "content")).isEmpty();
      assertThat(role.has("refusal")).isTrue();
      assertThat(chunks.get(0).get("usage").isNull()).isTrue();

      String content = chunks.subList(1, 1 + TEXT_TOKENS).stream().map(c -> str(delta(c), "content"))
          .collect(Collectors.joining());
      assertThat(content).isEqualTo(TEXT);
      JsonValue.Obj finish = chunks.get(chunks.size() - 2);
      assertThat(str(choice(finish), "finish_reason")).isEqualTo("stop");
      assertThat(delta(finish).members()).isEmpty();
      assertThat(finish.get("usage").isNull()).isTrue();

      JsonValue.Obj usageChunk = chunks.get(chunks.size() - 1);
      assertThat(usageChunk.get("choices").asArray("choices").items()).isEmpty();
      JsonValue.Obj usage = usageChunk.get("usage").asObject("usage");
      assertThat(num(usage, "prompt_tokens")).isEqualTo(PROMPT_TOKENS);
      assertThat(num(usage, "completion_tokens")).isEqualTo(TEXT_TOKENS);
      assertThat(num(usage, "total_tokens")).isEqualTo(PROMPT_TOKENS + TEXT_TOKENS);
      assertThat(usage.get("prompt_tokens_details").asObject("p").members()).extracting(JsonValue.Member::key)
          .containsExactly("cached_tokens", "audio_tokens");
      assertThat(usage.get("completion_tokens_details").asObject("c").members()).extracting(JsonValue.Member::key)
          .containsExactly("reasoning_tokens", "audio_tokens", "accepted_prediction_tokens",
              "rejected_prediction_tokens");

      LedgerEntry e = chat.ledger().entry(id);
      assertThat(e).isNotNull();
      assertThat(e.service()).isEqualTo(FakeOpenAiChat.SERVICE);
      assertThat(e.provider()).isEqualTo(chat.server().hostAndPort());
      assertThat(e.model()).isEqualTo("gpt-4.1-mini");
      assertThat(e.billing()).isEqualTo(Billing.LLM_COMPLETION);
      assertThat(e.status()).isEqualTo("completed");
      assertThat(e.tokens().input()).isEqualTo(PROMPT_TOKENS);
      assertThat(e.tokens().output()).isEqualTo(TEXT_TOKENS);
      // first content at ttft, the other six 20 ms apart; the finish, usage and [DONE] with the last
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(ofMillis(300 + 6 * 20));
    }
  }

  @Test
  void withoutIncludeUsageNoChunkHasAUsageKeyButTheLedgerBills() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().text(TEXT));
      Http.Sse sse = stream(chat, streamingRequest(false));
      List<JsonValue.Obj> chunks = sse.json();
      assertThat(sse.done()).isTrue();
      assertThat(chunks).allSatisfy(c -> assertThat(c.has("usage")).isFalse());
      assertThat(str(choice(chunks.get(chunks.size() - 1)), "finish_reason")).isEqualTo("stop");
      assertThat(chat.ledger().entries()).singleElement()
          .satisfies(e -> assertThat(e.tokens().total()).isEqualTo(PROMPT_TOKENS + TEXT_TOKENS));
    }
  }

  @Test
  void usageOverridesWinOverTheDerivedCountsAndReasoningCountsAsCompletion() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().text(TEXT).usage(u -> u.inputText(1200).cachedText(1024).outputText(20).reasoning(30)));
      List<JsonValue.Obj> chunks = stream(chat, streamingRequest(true)).json();
      JsonValue.Obj usage = chunks.get(chunks.size() - 1).get("usage").asObject("usage");
      assertThat(num(usage, "prompt_tokens")).isEqualTo(1200);
      assertThat(num(usage, "completion_tokens")).isEqualTo(50);
      assertThat(num(usage, "total_tokens")).isEqualTo(1250);
      assertThat(num(usage, "prompt_tokens_details.cached_tokens")).isEqualTo(1024);
      assertThat(num(usage, "completion_tokens_details.reasoning_tokens")).isEqualTo(30);
      LedgerEntry.Tokens t = chat.ledger().entries().get(0).tokens();
      assertThat(t.input()).isEqualTo(1200);
      assertThat(t.cached()).isEqualTo(1024);
      assertThat(t.output()).isEqualTo(50);
      assertThat(t.reasoning()).isEqualTo(30);
    }
  }

  @Test
  void toolCallsStreamAsFragmentsAndTheFollowUpGetsTheSpokenReply() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      String args = "{\"account\":\"main\",\"currency\":\"EUR\"}";
      chat.script(reply().text(TEXT).toolCall("get_balance", args, "{\"balance\":42}"),
          reply().text("Something else."));
      List<JsonValue.Obj> chunks = stream(chat, streamingRequest(true)).json();

      JsonValue.Obj first = delta(chunks.get(0));
      assertThat(str(first, "role")).isEqualTo("assistant");
      assertThat(first.get("content").isNull()).isTrue();
      JsonValue.Obj call = first.get("tool_calls").asArray("t").items().get(0).asObject("call");
      assertThat(num(call, "index")).isZero();
      String callId = str(call, "id");
      assertThat(callId).matches("call_[0-9A-Za-z]{24}");
      assertThat(str(call, "type")).isEqualTo("function");
      assertThat(str(call.get("function").asObject("f"), "name")).isEqualTo("get_balance");
      StringBuilder arguments = new StringBuilder();
      for (JsonValue.Obj c : chunks.subList(1, chunks.size() - 2)) {
        JsonValue.Obj fragment = delta(c).get("tool_calls").asArray("t").items().get(0).asObject("fragment");
        assertThat(num(fragment, "index")).isZero();
        assertThat(fragment.has("id")).isFalse();
        arguments.append(str(fragment.get("function").asObject("f"), "arguments"));
      }
      assertThat(arguments.toString()).isEqualTo(args);
      long argumentTokens = TokenRates.DEFAULTS.textTokens(args); // 35 characters: 9
      assertThat(chunks.subList(1, chunks.size() - 2)).as("one fragment per token").hasSize((int) argumentTokens);
      assertThat(str(choice(chunks.get(chunks.size() - 2)), "finish_reason")).isEqualTo("tool_calls");

      String followUp = "{\"model\":\"gpt-4.1-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
          + "\"messages\":[{\"role\":\"user\",\"content\":\"What's my balance?\"},"
          + "{\"role\":\"assistant\",\"content\":null,"
          + "\"tool_calls\":[{\"id\":\"" + callId + "\",\"type\":\"function\",\"function\":{\"name\":\"get_balance\","
          + "\"arguments\":" + Json.quote(args) + "}}]},{\"role\":\"tool\",\"tool_call_id\":\"" + callId
          + "\",\"content\":\"{\\\"balance\\\":42}\"}]}";
      List<JsonValue.Obj> spoken = stream(chat, followUp).json();
      String content = spoken.stream().filter(c -> !c.get("choices").asArray("c").items().isEmpty())
          .map(c -> str(delta(c), "content")).filter(s -> s != null).collect(Collectors.joining());
      assertThat(content).isEqualTo(TEXT);
      assertThat(chat.script().remaining()).as("the follow-up took no scripted reply").isEqualTo(1);

      List<LedgerEntry> entries = chat.ledger().entries();
      assertThat(entries).hasSize(2);
      assertThat(entries.get(0).tokens().output()).isEqualTo(argumentTokens);
      // the follow-up's prompt: the user's 5, the arguments, the tool's output (14 characters: 4)
      assertThat(entries.get(1).tokens().input()).isEqualTo(5 + argumentTokens + 4);
      assertThat(entries.get(1).tokens().output()).isEqualTo(TEXT_TOKENS);
    }
  }

  @Test
  void parallelToolCallsEachStartWithTheirOwnIdAndName() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().toolCall("a", "{}", null).toolCall("b", "{\"x\":1}", null));
      List<JsonValue.Obj> chunks = stream(chat, streamingRequest(false)).json();
      List<JsonValue.Obj> headers = chunks.stream().filter(c -> delta(c).has("tool_calls"))
          .map(c -> delta(c).get("tool_calls").asArray("t").items().get(0).asObject("call"))
          .filter(c -> c.has("id")).collect(Collectors.toList());
      assertThat(headers).extracting(c -> num(c, "index")).containsExactly(0L, 1L);
      assertThat(headers).extracting(c -> str(c.get("function").asObject("f"), "name")).containsExactly("a", "b");
    }
  }

  @Test
  void nonStreamingAnswersOneCompletionObjectWithUsage() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().text(TEXT).ttft(ofMillis(400)).chunkGap(ofMillis(10)));
      try (Response r = http.post(chat.baseUrl() + "/chat/completions", chat.apiKey(),
          "{\"model\":\"gpt-4.1-mini\",\"messages\":" + MESSAGES + "}")) {
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        JsonValue.Obj o = Json.parseObject(r.body().string());
        assertThat(str(o, "object")).isEqualTo("chat.completion");
        JsonValue.Obj message = choice(o).get("message").asObject("m");
        assertThat(str(message, "role")).isEqualTo("assistant");
        assertThat(str(message, "content")).isEqualTo(TEXT);
        assertThat(str(choice(o), "finish_reason")).isEqualTo("stop");
        assertThat(num(o, "usage.total_tokens")).isEqualTo(PROMPT_TOKENS + TEXT_TOKENS);
        LedgerEntry e = chat.ledger().entry(str(o, "id"));
        assertThat(Duration.between(e.start(), e.end())).isEqualTo(ofMillis(400 + 6 * 10));
      }
    }
  }

  @Test
  void anEmptyScriptPlaysTheDefaultReply() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      List<JsonValue.Obj> chunks = stream(chat, streamingRequest(true)).json();
      String content = chunks.stream().filter(c -> !c.get("choices").asArray("c").items().isEmpty())
          .map(c -> str(delta(c), "content")).filter(s -> s != null).collect(Collectors.joining());
      assertThat(content).isEqualTo(dev.agentharness.scenario.Reply.DEFAULT_TEXT);
    }
  }

  // ---------------------------------------------------------------- faults

  @Test
  void noUsageChunkEndsWithDoneButBillsTheTruth() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().text(TEXT).fault(FaultKind.NO_USAGE_CHUNK));
      Http.Sse sse = stream(chat, streamingRequest(true));
      assertThat(sse.done()).isTrue();
      List<JsonValue.Obj> chunks = sse.json();
      assertThat(chunks).allSatisfy(c -> assertThat(c.get("usage").isNull()).isTrue());
      assertThat(str(choice(chunks.get(chunks.size() - 1)), "finish_reason")).isEqualTo("stop");
      assertThat(chat.ledger().entries()).singleElement().satisfies(e -> {
        assertThat(e.status()).isEqualTo("completed");
        assertThat(e.tokens().total()).isEqualTo(PROMPT_TOKENS + TEXT_TOKENS);
      });
    }
  }

  @Test
  void cutBeforeUsageBreaksTheBodyAfterTheFinishChunk() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().text(TEXT).fault(FaultKind.CUT_BEFORE_USAGE));
      Http.Sse sse = stream(chat, streamingRequest(true));
      assertThat(sse.failure()).as("the chunked body ends abruptly").isNotNull();
      assertThat(sse.done()).isFalse();
      List<JsonValue.Obj> chunks = sse.json();
      assertThat(str(choice(chunks.get(chunks.size() - 1)), "finish_reason")).isEqualTo("stop");
      assertThat(chunks).noneSatisfy(c -> assertThat(c.get("usage").isNull()).isFalse());
      assertThat(chat.ledger().entries()).singleElement().satisfies(e -> {
        assertThat(e.status()).isEqualTo("completed");
        assertThat(e.tokens().output()).isEqualTo(TEXT_TOKENS);
      });
    }
  }

  @Test
  void midStreamErrorSendsAnErrorEventThenDone() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().text(TEXT).chunkGap(ofMillis(50)).fault(FaultKind.MID_STREAM_ERROR));
      Http.Sse sse = stream(chat, streamingRequest(true));
      assertThat(sse.failure()).isNull();
      assertThat(sse.done()).isTrue();
      List<JsonValue.Obj> chunks = sse.json();
      JsonValue.Obj error = chunks.get(chunks.size() - 1).get("error").asObject("error");
      assertThat(str(error, "type")).isEqualTo("server_error");
      assertThat(str(error, "message")).startsWith("The server had an error processing your request.");
      assertThat(error.get("param").isNull()).isTrue();
      assertThat(error.get("code").isNull()).isTrue();
      // role chunk + half of the 7 content chunks
      assertThat(chunks).hasSize(1 + 3 + 1);
      LedgerEntry e = chat.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("failed");
      assertThat(e.tokens().output()).isEqualTo(TEXT_TOKENS * 3 / 7);
      assertThat(Duration.between(e.start(), e.end())).isEqualTo(Reply.DEFAULT_TTFT.plus(ofMillis(3 * 50)));
    }
  }

  @Test
  void disconnectMidResponseCutsAfterHalfTheContent() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().text(TEXT).fault(FaultKind.DISCONNECT_MID_RESPONSE));
      Http.Sse sse = stream(chat, streamingRequest(true));
      assertThat(sse.failure()).isNotNull();
      List<JsonValue.Obj> chunks = sse.json();
      assertThat(chunks).hasSize(1 + 3);
      assertThat(chunks).allSatisfy(c -> assertThat(str(choice(c), "finish_reason")).isNull());
      LedgerEntry e = chat.ledger().entries().get(0);
      assertThat(e.status()).isEqualTo("incomplete");
      assertThat(e.tokens().input()).isEqualTo(PROMPT_TOKENS);
      assertThat(e.tokens().output()).isEqualTo(3);
    }
  }

  @Test
  void disconnectMidResponseAlsoCutsANonStreamingResponse() {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().text(TEXT).fault(FaultKind.DISCONNECT_MID_RESPONSE));
      assertThatThrownBy(() -> {
        try (Response r = http.post(chat.baseUrl() + "/chat/completions", chat.apiKey(),
            "{\"model\":\"gpt-4.1-mini\",\"messages\":" + MESSAGES + "}")) {
          r.body().string();
        }
      }).isInstanceOf(IOException.class);
      assertThat(chat.ledger().entries()).singleElement()
          .satisfies(e -> assertThat(e.status()).isEqualTo("incomplete"));
    }
  }

  @Test
  void slowFirstByteDelaysTheFirstChunk() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().text(TEXT).fault(FaultKind.SLOW_FIRST_BYTE),
          reply().text(TEXT).fault(Fault.of(FaultKind.SLOW_FIRST_BYTE).after(ofSeconds(12))));
      stream(chat, streamingRequest(true));
      stream(chat, streamingRequest(true));
      List<LedgerEntry> entries = chat.ledger().entries();
      assertThat(Duration.between(entries.get(0).start(), entries.get(0).end()))
          .isEqualTo(Reply.DEFAULT_TTFT.plus(ofSeconds(5)));
      assertThat(Duration.between(entries.get(1).start(), entries.get(1).end()))
          .isEqualTo(Reply.DEFAULT_TTFT.plus(ofSeconds(12)));
    }
  }

  @Test
  void httpFaultsAnswerWithOpenAiErrorBodiesAndBillNothing() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      chat.script(reply().fault(FaultKind.HTTP_401), reply().fault(Fault.of(FaultKind.HTTP_429).after(ofSeconds(7))),
          reply().fault(FaultKind.HTTP_500));
      try (Response r = http.post(chat.baseUrl() + "/chat/completions", chat.apiKey(), streamingRequest(true))) {
        assertThat(r.code()).isEqualTo(401);
        JsonValue.Obj error = Json.parseObject(r.body().string()).get("error").asObject("e");
        assertThat(str(error, "code")).isEqualTo("invalid_api_key");
        assertThat(str(error, "type")).isEqualTo("invalid_request_error");
      }
      try (Response r = http.post(chat.baseUrl() + "/chat/completions", chat.apiKey(), streamingRequest(true))) {
        assertThat(r.code()).isEqualTo(429);
        assertThat(r.header("Retry-After")).isEqualTo("7");
        JsonValue.Obj error = Json.parseObject(r.body().string()).get("error").asObject("e");
        assertThat(str(error, "code")).isEqualTo("rate_limit_exceeded");
        assertThat(str(error, "type")).isEqualTo("tokens");
        assertThat(str(error, "message")).startsWith("Rate limit reached for gpt-4.1-mini");
      }
      try (Response r = http.post(chat.baseUrl() + "/chat/completions", chat.apiKey(), streamingRequest(true))) {
        assertThat(r.code()).isEqualTo(500);
        JsonValue.Obj error = Json.parseObject(r.body().string()).get("error").asObject("e");
        assertThat(str(error, "type")).isEqualTo("server_error");
        assertThat(error.get("code").isNull()).isTrue();
      }
      assertThat(chat.ledger().entries()).isEmpty();
    }
  }

  // ---------------------------------------------------------------- auth and validation

  @Test
  void aWrongOrMissingKeyGetsOpenAis401() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.builder().apiKey("sk-test-right-key-0123456789").start()) {
      try (Response r = http.post(chat.baseUrl() + "/chat/completions", "sk-test-wrong-key-0123456789",
          streamingRequest(true))) {
        assertThat(r.code()).isEqualTo(401);
        JsonValue.Obj error = Json.parseObject(r.body().string()).get("error").asObject("e");
        assertThat(str(error, "message")).startsWith("Incorrect API key provided: sk-tes***6789.");
        assertThat(str(error, "code")).isEqualTo("invalid_api_key");
        assertThat(error.get("param").isNull()).isTrue();
      }
      try (Response r = http.post(chat.baseUrl() + "/chat/completions", null, streamingRequest(true))) {
        assertThat(r.code()).isEqualTo(401);
        assertThat(r.body().string()).contains("You didn't provide an API key.");
      }
      try (Response r = http.get(chat.baseUrl() + "/models", null)) {
        assertThat(r.code()).isEqualTo(401);
      }
      assertThat(chat.script().played()).isZero();
    }
  }

  private JsonValue.Obj badRequest(FakeOpenAiChat chat, String body) throws IOException {
    try (Response r = http.post(chat.baseUrl() + "/chat/completions", chat.apiKey(), body)) {
      assertThat(r.code()).as(body).isEqualTo(400);
      JsonValue.Obj error = Json.parseObject(r.body().string()).get("error").asObject("e");
      assertThat(str(error, "type")).isEqualTo("invalid_request_error");
      return error;
    }
  }

  @Test
  void malformedRequestsGetOpenAis400() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.start()) {
      assertThat(str(badRequest(chat, "{\"model\":"), "message")).startsWith("We could not parse the JSON body");
      JsonValue.Obj e = badRequest(chat, "{\"messages\":" + MESSAGES + "}");
      assertThat(str(e, "message")).isEqualTo("you must provide a model parameter");
      e = badRequest(chat, "{\"model\":\"gpt-4.1-mini\"}");
      assertThat(str(e, "param")).isEqualTo("messages");
      assertThat(str(e, "code")).isEqualTo("missing_required_parameter");
      e = badRequest(chat, "{\"model\":\"gpt-4.1-mini\",\"messages\":[]}");
      assertThat(str(e, "param")).isEqualTo("messages");
      assertThat(str(e, "code")).isEqualTo("empty_array");
      assertThat(str(e, "message")).isEqualTo("Invalid 'messages': empty array. Expected an array with minimum "
          + "length 1, but got an empty array instead.");
      e = badRequest(chat, "{\"model\":\"gpt-4.1-mini\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}");
      assertThat(str(e, "param")).isEqualTo("messages[0].role");
      assertThat(str(e, "code")).isEqualTo("invalid_value");
      e = badRequest(chat, "{\"model\":\"gpt-4.1-mini\",\"messages\":[{\"content\":\"hi\"}]}");
      assertThat(str(e, "param")).isEqualTo("messages[0].role");
      e = badRequest(chat, "{\"model\":\"gpt-4.1-mini\",\"messages\":" + MESSAGES
          + ",\"stream_options\":{\"include_usage\":true}}");
      assertThat(str(e, "param")).isEqualTo("stream_options");
      assertThat(str(e, "message"))
          .isEqualTo("The 'stream_options' parameter is only allowed when 'stream' is enabled.");
      e = badRequest(chat, "{\"model\":\"gpt-4.1-mini\",\"messages\":[{\"role\":\"tool\",\"content\":\"{}\"}]}");
      assertThat(str(e, "param")).isEqualTo("messages[0].tool_call_id");
      assertThat(chat.script().played()).as("rejected requests play no reply").isZero();
      assertThat(chat.ledger().entries()).isEmpty();
    }
  }

  @Test
  void answersTheModelListForLiveKitsPrewarm() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.builder().models(List.of("gpt-4.1-mini", "gpt-4o")).start()) {
      try (Response r = http.get(chat.baseUrl() + "/models", chat.apiKey())) {
        assertThat(r.code()).isEqualTo(200);
        JsonValue.Obj o = Json.parseObject(r.body().string());
        assertThat(str(o, "object")).isEqualTo("list");
        assertThat(o.get("data").asArray("d").items()).extracting(m -> str(m.asObject("m"), "id"))
            .containsExactly("gpt-4.1-mini", "gpt-4o");
      }
    }
  }

  // ---------------------------------------------------------------- transport

  @Test
  void servesHttpsWithTheRunsCertificate() throws IOException {
    try (FakeOpenAiChat chat = FakeOpenAiChat.builder().tls(true).start();
        Http https = new Http(new OkHttpClient.Builder().sslSocketFactory(
            chat.server().tls().clientSocketFactory(), chat.server().tls().clientTrustManager()))) {
      assertThat(chat.baseUrl()).startsWith("https://127.0.0.1:");
      Response r = https.post(chat.baseUrl() + "/chat/completions", chat.apiKey(), streamingRequest(true));
      assertThat(Http.events(r).done()).isTrue();
      assertThat(chat.ledger().entries()).hasSize(1);
    }
  }

  @Test
  void closingFreesThePortAndCutsOpenStreams() throws Exception {
    FakeOpenAiChat chat = FakeOpenAiChat.builder().clock(SessionClock.realTime()).start();
    int port = chat.server().port();
    try {
      chat.script(reply().text(TEXT).ttft(ofSeconds(30)));
      Response r = http.post(chat.baseUrl() + "/chat/completions", chat.apiKey(), streamingRequest(true));
      assertThat(chat.openStreams()).isEqualTo(1);
      chat.close();
      Http.Sse sse = Http.events(r);
      assertThat(sse.failure()).isNotNull();
      assertThat(chat.openStreams()).isZero();
      assertThat(chat.ledger().entries()).singleElement()
          .satisfies(e -> assertThat(e.status()).isEqualTo("incomplete"));
    } finally {
      chat.close();
      chat.clock().close();
    }
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
  }
}
