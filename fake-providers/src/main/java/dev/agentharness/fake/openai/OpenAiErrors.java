package dev.agentharness.fake.openai;

import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.internal.json.JsonWriter;
import java.util.List;
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

  /** 400 {@code invalid_request_error}, as request validation answers. */
  static MockResponse badRequest(Invalid invalid) {
    return response(400, body(invalid.getMessage(), "invalid_request_error", invalid.param, invalid.code));
  }

  /** 400 for a body that is not JSON, worded as OpenAI words it. */
  static Invalid invalidJson() {
    return new Invalid("We could not parse the JSON body of your request. (HINT: This likely means you aren't using "
        + "your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. "
        + "If you have trouble figuring out how to fix this, please contact us through our help center at "
        + "help.openai.com.)",
        null, null);
  }

  static Invalid missing(String param) {
    return new Invalid("Missing required parameter: '" + param + "'.", param, "missing_required_parameter");
  }

  static Invalid unknownParameter(String param) {
    return new Invalid("Unknown parameter: '" + param + "'.", param, "unknown_parameter");
  }

  /** {@code Invalid type for 'x': expected a string, but got an integer instead.} */
  static Invalid invalidType(String param, String expected, JsonValue got) {
    return new Invalid("Invalid type for '" + param + "': expected " + expected + ", but got " + typeName(got)
        + " instead.", param, "invalid_type");
  }

  /** {@code Invalid value: 'x'. Supported values are: 'a', 'b', and 'c'.} */
  static Invalid invalidValue(String param, String value, List<String> supported) {
    StringBuilder sb = new StringBuilder("Invalid value: '").append(value).append("'. Supported values are: ");
    for (int i = 0; i < supported.size(); i++) {
      if (i > 0) sb.append(supported.size() > 2 ? ", " : " ");
      if (i > 0 && i == supported.size() - 1) sb.append("and ");
      sb.append('\'').append(supported.get(i)).append('\'');
    }
    return new Invalid(sb.append('.').toString(), param, "invalid_value");
  }

  private static String typeName(JsonValue v) {
    if (v instanceof JsonValue.Num n) return n.isIntegral() ? "an integer" : "a decimal";
    if (v instanceof JsonValue.Str) return "a string";
    if (v instanceof JsonValue.Bool) return "a boolean";
    if (v instanceof JsonValue.Arr) return "an array";
    if (v instanceof JsonValue.Obj) return "an object";
    return "null";
  }

  /** A request OpenAI refuses with 400: the message, and the {@code param} and {@code code} it names. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String param;
    final String code;

    Invalid(String message, String param, String code) {
      super(message, null, false, false);
      this.param = param;
      this.code = code;
    }
  }

  /** A key as OpenAI prints it: the first 6 and last 4 characters. */
  static String mask(String key) {
    if (key.length() <= 10) return "***";
    return key.substring(0, 6) + "***" + key.substring(key.length() - 4);
  }
}
