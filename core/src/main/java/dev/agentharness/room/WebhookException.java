package dev.agentharness.room;

/** A webhook failed verification: says which check failed and why. */
public class WebhookException extends RuntimeException {

  /** Which check failed. */
  public enum Reason {
    /** No {@code Authorization} header. */
    NO_AUTH_HEADER,
    /** Not a JWT, or not HS256. */
    MALFORMED_TOKEN,
    /** The HMAC does not match: another secret, or a changed token. */
    BAD_SIGNATURE,
    /** {@code iss} is not the API key. */
    WRONG_ISSUER,
    /** {@code exp} has passed. */
    EXPIRED,
    /** {@code nbf} has not come yet. */
    NOT_YET_VALID,
    /** The {@code sha256} claim does not match the body: the body was changed. */
    INVALID_CHECKSUM
  }

  private final Reason reason;

  public WebhookException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
