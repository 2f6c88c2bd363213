package dev.agentharness.client;

import java.util.Locale;

/**
 * A provider failed: a refused key, an error status, a close code, a malformed frame, a timeout. The
 * message names the provider, the event or request, and the cause:
 *
 * <pre>
 * openai-realtime: handshake GET /v1/realtime: HTTP 401: Incorrect API key provided: sk-tes***wjh3.
 * gemini-live: connection closed with 1008: API key not valid. Please pass a valid API key.
 * </pre>
 */
public final class ProviderException extends RuntimeException {

  /** What kind of failure. */
  public enum Kind {
    /** The key was refused (HTTP 401/403, or a provider close code meaning the same). */
    UNAUTHORIZED,
    /** HTTP 429 or a provider's rate or concurrency limit. */
    RATE_LIMITED,
    /** The account's quota is exhausted (e.g. ElevenLabs {@code quota_exceeded}). */
    QUOTA_EXCEEDED,
    /** HTTP 4xx other than the above: the request was invalid. */
    BAD_REQUEST,
    /** HTTP 5xx or a provider-side error event. */
    SERVER_ERROR,
    /** The provider sent an error event (the connection may stay open). */
    ERROR_EVENT,
    /** The provider closed the connection with a close code. */
    CLOSED,
    /** The connection dropped without a close (reset, cut body). */
    DISCONNECTED,
    /** A frame or chunk that is not valid for the protocol (bad JSON, missing field). */
    MALFORMED,
    /** Nothing arrived within the bound. */
    TIMEOUT
  }

  private final String provider;
  private final String event;
  private final Kind kind;
  private final int code;

  /**
   * @param provider the service, e.g. {@code openai-realtime}
   * @param event the event or request concerned, e.g. {@code response.done} or {@code POST /v1/audio/speech}
   * @param code the HTTP status or WebSocket close code, or 0
   */
  public ProviderException(String provider, String event, Kind kind, int code, String detail, Throwable cause) {
    super(provider + ": " + event + ": " + describe(kind, code) + (detail == null || detail.isEmpty() ? "" : ": " + detail), cause);
    this.provider = provider;
    this.event = event;
    this.kind = kind;
    this.code = code;
  }

  public ProviderException(String provider, String event, Kind kind, int code, String detail) {
    this(provider, event, kind, code, detail, null);
  }

  private static String describe(Kind kind, int code) {
    return switch (kind) {
      case CLOSED -> "connection closed with " + code;
      case DISCONNECTED -> "connection dropped";
      case TIMEOUT -> "timed out";
      case MALFORMED -> "malformed frame";
      case ERROR_EVENT -> "error event";
      // a WebSocket close code (1000-4999) is never an HTTP status, whatever kind it maps to
      default -> code >= 1000 ? "connection closed with " + code
          : code > 0 ? "HTTP " + code : kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    };
  }

  /** The service that failed, e.g. {@code openai-realtime}. */
  public String provider() {
    return provider;
  }

  /** The event or request concerned. */
  public String event() {
    return event;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status or close code, or 0. */
  public int code() {
    return code;
  }

  /** The kind a failed HTTP status maps to. */
  public static Kind kindOfStatus(int status) {
    if (status == 401 || status == 403) return Kind.UNAUTHORIZED;
    if (status == 429) return Kind.RATE_LIMITED;
    if (status >= 500) return Kind.SERVER_ERROR;
    return Kind.BAD_REQUEST;
  }
}
