package dev.agentharness.fake.wiremock;

import dev.agentharness.internal.json.JsonWriter;
import java.util.List;

/**
 * The providers' error bodies, worded as the agentharness fakes word them ({@code OpenAiErrors},
 * {@code ElevenLabsErrors} and {@code OutputFormats} in fake-providers, which are package-private there).
 * {@code WireParityTest} sends the same requests to the fakes and to the stubs and compares the answers, so a
 * wording that drifts fails there.
 */
final class Bodies {

  private Bodies() {}

  // ---- OpenAI: {"error":{"message","type","param","code"}}

  static final String OPENAI_ERROR_REQUEST_ID = "req_agentharness";

  static String openAi(String message, String type, String param, String code) {
    JsonWriter w = new JsonWriter().beginObject().name("error").beginObject();
    w.field("message", message).field("type", type).name("param").value(param).name("code").value(code);
    return w.endObject().endObject().toString();
  }

  /** No key or no {@code Bearer} scheme ({@code code} null); {@code Bearer} and nothing ({@code invalid_api_key}). */
  static String openAiNoKey(boolean emptyBearer) {
    return openAi("You didn't provide an API key. You need to provide your API key in an Authorization header using "
        + "Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", "invalid_request_error", null,
        emptyBearer ? "invalid_api_key" : null);
  }

  /**
   * A wrong key. OpenAI (and the fake) print the presented key masked; a static stub cannot echo it, so this
   * message leaves it out. The type and code are OpenAI's.
   */
  static String openAiWrongKey() {
    return openAi("Incorrect API key provided. You can find your API key at "
        + "https://platform.openai.com/account/api-keys.", "invalid_request_error", null, "invalid_api_key");
  }

  /** A key revoked by a scripted {@code http-401}: the fake presents this one, masked. */
  static String openAiRevokedKey() {
    return openAi("Incorrect API key provided: " + mask("sk-revoked-by-a-scripted-fault") + ". You can find your "
        + "API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", null,
        "invalid_api_key");
  }

  static String openAiRateLimited(String model, long retryAfterSeconds) {
    String message = "Rate limit reached for " + model + " in organization org-agentharness on tokens per min (TPM): "
        + "Limit 30000, Used 29500, Requested 1000. Please try again in " + retryAfterSeconds + "s. "
        + "Visit https://platform.openai.com/account/rate-limits to learn more.";
    return openAi(message, "tokens", null, "rate_limit_exceeded");
  }

  static String openAiServerError() {
    return openAi("The server had an error processing your request. Sorry about that! You can retry your "
        + "request, or contact us through our help center at help.openai.com if you keep seeing this error. "
        + "(Please include the request ID req_agentharness in your email.)", "server_error", null, null);
  }

  /** 400 for a compressed (or defaulted, mp3) {@code response_format}. */
  static String openAiUnsupportedFormat(String format) {
    return openAi("Unsupported value: 'response_format' " + format + " is unsupported by the agentharness fake: "
        + "use pcm or wav.", "invalid_request_error", "response_format", "unsupported_value");
  }

  /** A key as OpenAI prints it: the first 6 and last 4 characters. */
  static String mask(String key) {
    if (key.length() <= 10) return "***";
    return key.substring(0, 6) + "***" + key.substring(key.length() - 4);
  }

  // ---- ElevenLabs: {"detail":{"status","message"}} and 422 {"detail":[{"loc","msg","type"}]}

  static String elevenLabs(String status, String message) {
    return new JsonWriter().beginObject().name("detail").beginObject().field("status", status)
        .field("message", message).endObject().endObject().toString();
  }

  static String elevenLabsNoKey() {
    return elevenLabs("needs_authorization",
        "Neither authorization header nor xi-api-key received, please provide one.");
  }

  static String elevenLabsWrongKey() {
    return elevenLabs("invalid_api_key", "Invalid API key");
  }

  static String elevenLabsQuotaExceeded(long required) {
    return elevenLabs("quota_exceeded", "This request exceeds your quota of 10000. You have 0 credits remaining, "
        + "while " + required + " credits are required for this request.");
  }

  static String elevenLabsTooManyConcurrentRequests() {
    return elevenLabs("too_many_concurrent_requests", "Too many concurrent requests. Your current subscription is "
        + "associated with a maximum of 2 concurrent requests (running in parallel), please upgrade your "
        + "subscription or reduce the number of concurrent requests.");
  }

  static String elevenLabsServerError() {
    return elevenLabs("internal_server_error",
        "An internal server error occurred. Please try again later or contact support.");
  }

  static String elevenLabsValidation(List<String> loc, String msg, String type) {
    JsonWriter w = new JsonWriter().beginObject().name("detail").beginArray().beginObject().name("loc").beginArray();
    for (String part : loc) w.value(part);
    w.endArray().field("msg", msg).field("type", type).endObject().endArray().endObject();
    return w.toString();
  }

  /** 422 for an {@code output_format} ElevenLabs knows but the fake does not serve (mp3, opus). */
  static String elevenLabsUnservedFormat(String name) {
    return elevenLabsValidation(List.of("query", "output_format"),
        "agentharness: the fake ElevenLabs serves uncompressed audio only (" + String.join(", ", Formats.SERVED)
            + "), so that audio durations come from byte counts exactly; " + name + " is not served. "
            + "Ask for pcm_24000, for example.",
        "value_error");
  }
}
