package dev.agentharness.fake.deepgram;

import dev.agentharness.internal.json.JsonWriter;
import mockwebserver3.MockResponse;

/**
 * Deepgram's refused handshakes: a plain HTTP response (no upgrade) with {@code dg-request-id}, the
 * message in {@code dg-error}, and {@code {"err_code","err_msg","request_id"}} as the body.
 */
final class DeepgramErrors {

  private DeepgramErrors() {}

  static MockResponse response(int status, String errCode, String errMsg, String requestId) {
    String body = new JsonWriter().beginObject().field("err_code", errCode).field("err_msg", errMsg)
        .field("request_id", requestId).endObject().toString();
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .setHeader("dg-request-id", requestId)
        .setHeader("dg-error", errMsg)
        .body(body)
        .build();
  }

  /** A wrong or missing key. */
  static MockResponse unauthorized(String requestId) {
    return response(401, "INVALID_AUTH", "Invalid credentials.", requestId);
  }

  /** A query Deepgram refuses, e.g. {@code language=english}. */
  static MockResponse badRequest(String message, String requestId) {
    return response(400, "Bad Request", message, requestId);
  }

  /** Too many concurrent streams. */
  static MockResponse tooManyRequests(String message, String requestId, long retryAfterSeconds) {
    MockResponse r = response(429, "TOO_MANY_REQUESTS",
        message != null ? message : "Too many requests. Please try again later.", requestId);
    if (retryAfterSeconds <= 0) return r;
    return new MockResponse.Builder(r).setHeader("Retry-After", Long.toString(retryAfterSeconds)).build();
  }

  static MockResponse serverError(String message, String requestId) {
    return response(500, "INTERNAL_SERVER_ERROR",
        message != null ? message : "An internal server error occurred. Please try again later.", requestId);
  }
}
