package dev.agentharness.fake.elevenlabs;

import dev.agentharness.internal.json.JsonWriter;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * ElevenLabs' error bodies: FastAPI's {@code {"detail":{"status","message"}}} for API errors, the
 * validation list {@code {"detail":[{"loc","msg","type"}]}} for 422, and the WebSocket error frame
 * {@code {"message","error","code"}}.
 */
final class ElevenLabsErrors {

  private ElevenLabsErrors() {}

  static String detailBody(String status, String message) {
    return new JsonWriter().beginObject().name("detail").beginObject().field("status", status).field("message", message)
        .endObject().endObject().toString();
  }

  static MockResponse detail(int code, String status, String message, String traceId) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .setHeader("server", "uvicorn")
        .setHeader("x-trace-id", traceId)
        .body(detailBody(status, message))
        .build();
  }

  /** 401 for a wrong key, or for none. */
  static MockResponse unauthorized(String presentedKey, String traceId) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      return detail(401, "needs_authorization",
          "Neither authorization header nor xi-api-key received, please provide one.", traceId);
    }
    return detail(401, "invalid_api_key", "Invalid API key", traceId);
  }

  /** Quota exhausted: 401 (not 429), as ElevenLabs sends it. */
  static MockResponse quotaExceeded(long required, String traceId) {
    return detail(401, "quota_exceeded", quotaMessage(required), traceId);
  }

  static String quotaMessage(long required) {
    return "This request exceeds your quota of 10000. You have 0 credits remaining, while " + required
        + " credits are required for this request.";
  }

  static MockResponse tooManyConcurrentRequests(long retryAfterSeconds, String traceId) {
    return new MockResponse.Builder(detail(429, "too_many_concurrent_requests",
        "Too many concurrent requests. Your current subscription is associated with a maximum of 2 concurrent requests "
            + "(running in parallel), please upgrade your subscription or reduce the number of concurrent requests.",
        traceId))
        .setHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)))
        .build();
  }

  static MockResponse serverError(String traceId) {
    return detail(500, "internal_server_error",
        "An internal server error occurred. Please try again later or contact support.", traceId);
  }

  /** 422 in FastAPI's validation shape. */
  static MockResponse validation(List<String> loc, String msg, String type) {
    JsonWriter w = new JsonWriter().beginObject().name("detail").beginArray().beginObject().name("loc").beginArray();
    for (String part : loc) w.value(part);
    w.endArray().field("msg", msg).field("type", type).endObject().endArray().endObject();
    return new MockResponse.Builder()
        .code(422)
        .setHeader("Content-Type", "application/json")
        .setHeader("server", "uvicorn")
        .body(w.toString())
        .build();
  }

  /** A stream-input error frame: {@code {"message":...,"error":...,"code":1008}}. */
  static String wsError(String error, String message) {
    return new JsonWriter().beginObject().field("message", message).field("error", error).field("code", 1008)
        .endObject().toString();
  }
}
