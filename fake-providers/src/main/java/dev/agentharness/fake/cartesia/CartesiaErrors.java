package dev.agentharness.fake.cartesia;

import dev.agentharness.internal.json.JsonWriter;
import mockwebserver3.MockResponse;

/**
 * Cartesia's errors: the current SDK's {@code title}, {@code message}, {@code error_code},
 * {@code status_code}, {@code request_id}, plus the older spec's {@code error} string so that clients of
 * either shape read them.
 */
final class CartesiaErrors {

  private CartesiaErrors() {}

  static MockResponse http(int status, String title, String message, String errorCode, String requestId) {
    JsonWriter w = new JsonWriter().beginObject().field("title", title).field("message", message)
        .field("error_code", errorCode).field("status_code", status).field("request_id", requestId)
        .field("error", message).endObject();
    return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(w.toString())
        .build();
  }

  /** A WebSocket {@code error} message; {@code contextId} may be null. */
  static String frame(String contextId, int status, String title, String message, String errorCode,
      String requestId) {
    return new JsonWriter().beginObject().field("type", "error").name("context_id").value(contextId)
        .field("status_code", status).field("done", true).field("title", title).field("message", message)
        .field("error_code", errorCode).field("request_id", requestId).field("error", message).endObject().toString();
  }
}
