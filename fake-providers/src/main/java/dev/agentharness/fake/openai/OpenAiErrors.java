package dev.agentharness.fake.openai;

import dev.agentharness.internal.json.JsonWriter;
import mockwebserver3.MockResponse;

/** OpenAI's HTTP error bodies: {@code {"error":{"message","type","param","code"}}}. */
final class OpenAiErrors {

  private OpenAiErrors() {}

  static String body(String message, String type, String param, String code) {
    JsonWriter w = new JsonWriter().beginObject().name("error").beginObject();
    w.field("message", message).field("type", type).name("param").value(param).name("code").value(code);
    return w.endObject().endObject().toString();
  }

  static MockResponse response(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .setHeader("x-request-id", "req_agentharness")
        .body(body)
        .build();
  }

  /** 401 for a wrong or missing key, worded as OpenAI words it (the key is masked). */
  static MockResponse unauthorized(String presentedKey) {
    String message = presentedKey == null || presentedKey.isEmpty()
        ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
        : "Incorrect API key provided: " + mask(presentedKey) + ". You can find your API key at https://platform.openai.com/account/api-keys.";
    return response(401, body(message, "invalid_request_error", null, presentedKey == null ? null : "invalid_api_key"));
  }

  static MockResponse rateLimited(String model, long retryAfterSeconds) {
    String message = "Rate limit reached for " + model + " in organization org-agentharness on tokens per min (TPM): "
        + "Limit 30000, Used 29500, Requested 1000. Please try again in " + retryAfterSeconds + "s. "
        + "Visit https://platform.openai.com/account/rate-limits to learn more.";
    return new MockResponse.Builder(response(429, body(message, "tokens", null, "rate_limit_exceeded")))
        .setHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)))
        .build();
  }

  static MockResponse serverError() {
    return response(500, body("The server had an error processing your request. Sorry about that! You can retry your "
        + "request, or contact us through our help center at help.openai.com if you keep seeing this error. "
        + "(Please include the request ID req_agentharness in your email.)", "server_error", null, null));
  }

  /** A key as OpenAI prints it: the first 6 and last 4 characters. */
  static String mask(String key) {
    if (key.length() <= 10) return "***";
    return key.substring(0, 6) + "***" + key.substring(key.length() - 4);
  }
}
