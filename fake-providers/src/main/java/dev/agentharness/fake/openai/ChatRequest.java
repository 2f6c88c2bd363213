package dev.agentharness.fake.openai;

import dev.agentharness.fake.openai.OpenAiErrors.Invalid;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.scenario.TokenRates;
import java.util.ArrayList;
import java.util.List;

/** A validated {@code POST /v1/chat/completions} body: what the fake needs of it. */
final class ChatRequest {

  static final List<String> ROLES = List.of("system", "assistant", "user", "function", "tool", "developer");

  final String model;
  final boolean stream;
  final boolean includeUsage;
  /** The text of every message (content, text parts, tool-call arguments), for the prompt tokens. */
  final List<String> texts;
  /** The {@code tool_call_id} of the last message when it is a tool result, else {@code null}. */
  final String toolResultFor;

  private ChatRequest(String model, boolean stream, boolean includeUsage, List<String> texts, String toolResultFor) {
    this.model = model;
    this.stream = stream;
    this.includeUsage = includeUsage;
    this.texts = List.copyOf(texts);
    this.toolResultFor = toolResultFor;
  }

  /** Prompt tokens: the text tokens of each message, summed. */
  long promptTokens(TokenRates rates) {
    long n = 0;
    for (String t : texts) n += rates.textTokens(t);
    return n;
  }

  /** Parses and validates a request body the way OpenAI does. */
  static ChatRequest parse(String body) {
    JsonValue root;
    try {
      root = Json.parse(body);
    } catch (JsonException e) {
      throw OpenAiErrors.invalidJson();
    }
    if (!(root instanceof JsonValue.Obj o)) throw OpenAiErrors.invalidJson();

    JsonValue model = o.getPresent("model");
    // OpenAI's own wording for a missing model names no param
    if (model == null) throw new Invalid("you must provide a model parameter", null, null);
    if (!(model instanceof JsonValue.Str m)) throw OpenAiErrors.invalidType("model", "a string", model);

    JsonValue messages = o.getPresent("messages");
    if (messages == null) throw OpenAiErrors.missing("messages");
    if (!(messages instanceof JsonValue.Arr arr)) throw OpenAiErrors.invalidType("messages", "an array", messages);
    if (arr.items().isEmpty()) {
      throw new Invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty "
          + "array instead.", "messages", "empty_array");
    }
    List<String> texts = new ArrayList<>();
    String toolResultFor = null;
    for (int i = 0; i < arr.items().size(); i++) {
      toolResultFor = message(arr.items().get(i), "messages[" + i + "]", texts);
    }

    boolean stream = false;
    JsonValue s = o.getPresent("stream");
    if (s != null) {
      if (!(s instanceof JsonValue.Bool b)) throw OpenAiErrors.invalidType("stream", "a boolean", s);
      stream = b.value();
    }
    boolean includeUsage = false;
    JsonValue so = o.getPresent("stream_options");
    if (so != null) {
      if (!stream) {
        throw new Invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options",
            null);
      }
      if (!(so instanceof JsonValue.Obj opts)) throw OpenAiErrors.invalidType("stream_options", "an object", so);
      JsonValue iu = opts.getPresent("include_usage");
      if (iu != null) {
        if (!(iu instanceof JsonValue.Bool b)) {
          throw OpenAiErrors.invalidType("stream_options.include_usage", "a boolean", iu);
        }
        includeUsage = b.value();
      }
    }
    return new ChatRequest(m.value(), stream, includeUsage, texts, toolResultFor);
  }

  /** Validates one message, adds its texts; returns its {@code tool_call_id} if it is a tool result. */
  private static String message(JsonValue v, String at, List<String> texts) {
    if (!(v instanceof JsonValue.Obj msg)) throw OpenAiErrors.invalidType(at, "an object", v);
    JsonValue role = msg.getPresent("role");
    if (role == null) throw OpenAiErrors.missing(at + ".role");
    if (!(role instanceof JsonValue.Str r)) throw OpenAiErrors.invalidType(at + ".role", "a string", role);
    if (!ROLES.contains(r.value())) throw OpenAiErrors.invalidValue(at + ".role", r.value(), ROLES);
    JsonValue content = msg.getPresent("content");
    boolean hasToolCalls = msg.getPresent("tool_calls") instanceof JsonValue.Arr;
    if (content == null && !(r.value().equals("assistant") && (hasToolCalls || msg.has("content")))) {
      throw OpenAiErrors.missing(at + ".content");
    }
    if (content instanceof JsonValue.Str c) {
      texts.add(c.value());
    } else if (content instanceof JsonValue.Arr parts) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < parts.items().size(); i++) {
        JsonValue p = parts.items().get(i);
        if (!(p instanceof JsonValue.Obj part)) {
          throw OpenAiErrors.invalidType(at + ".content[" + i + "]", "an object", p);
        }
        if (part.getPresent("text") instanceof JsonValue.Str t) sb.append(t.value());
      }
      texts.add(sb.toString());
    } else if (content != null) {
      throw OpenAiErrors.invalidType(at + ".content", "a string or an array", content);
    }
    if (msg.getPresent("tool_calls") instanceof JsonValue.Arr calls) {
      for (JsonValue c : calls.items()) {
        if (c instanceof JsonValue.Obj call && call.getPresent("function") instanceof JsonValue.Obj f
            && f.getPresent("arguments") instanceof JsonValue.Str a) {
          texts.add(a.value());
        }
      }
    }
    if (!r.value().equals("tool")) return null;
    JsonValue id = msg.getPresent("tool_call_id");
    if (id == null) throw OpenAiErrors.missing(at + ".tool_call_id");
    if (!(id instanceof JsonValue.Str callId)) throw OpenAiErrors.invalidType(at + ".tool_call_id", "a string", id);
    return callId.value();
  }
}
