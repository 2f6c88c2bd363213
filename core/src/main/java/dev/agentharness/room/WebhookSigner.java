package dev.agentharness.room;

import dev.agentharness.internal.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook bodies as LiveKit's server does: the {@code Authorization} header value is a bare JWT
 * (no {@code Bearer}), HS256 with the API secret, {@code iss} = the API key, valid from now for
 * {@link #VALIDITY}, and a {@code sha256} claim with the padded standard base64 of the SHA-256 of the exact
 * body bytes.
 *
 * <p>The token's times come from a wall clock, <em>not</em> from the session clock: a receiver checks
 * {@code exp} against its own wall clock, so a webhook from a room on virtual time (2026-01-01 by default)
 * must still be signed as of today to verify. Pass a fixed {@link Clock} to test expiry.
 */
public final class WebhookSigner {

  /** How long a token is valid: LiveKit's webhook tokens last 5 minutes. */
  public static final Duration VALIDITY = Duration.ofMinutes(5);

  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

  private final String apiKey;
  private final byte[] secret;
  private final Clock clock;

  /** A signer on the wall clock. */
  public WebhookSigner(String apiKey, String apiSecret) {
    this(apiKey, apiSecret, Clock.systemUTC());
  }

  /** @param clock where {@code nbf} and {@code exp} come from */
  public WebhookSigner(String apiKey, String apiSecret, Clock clock) {
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(apiSecret, "apiSecret");
    if (apiSecret.isEmpty()) throw new IllegalArgumentException("empty API secret");
    this.secret = apiSecret.getBytes(StandardCharsets.UTF_8);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public String apiKey() {
    return apiKey;
  }

  /** The {@code Authorization} header value for {@code body} (encoded as UTF-8). */
  public String sign(String body) {
    return sign(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The {@code Authorization} header value for these exact body bytes. */
  public String sign(byte[] body) {
    long now = clock.instant().getEpochSecond();
    String claims = new JsonWriter().beginObject()
        .field("iss", apiKey)
        .field("nbf", now)
        .field("exp", now + VALIDITY.toSeconds())
        .field("sha256", sha256Base64(body))
        .endObject().toString();
    String signingInput = URL.encodeToString(HEADER.getBytes(StandardCharsets.UTF_8)) + "."
        + URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    return signingInput + "." + URL.encodeToString(hmac(secret, signingInput));
  }

  /** Padded standard base64 of the SHA-256 of {@code body}: the {@code sha256} claim. */
  static String sha256Base64(byte[] body) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static byte[] hmac(byte[] secret, String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSigner[" + apiKey + "]";
  }
}
