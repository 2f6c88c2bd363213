package dev.agentharness.room;

import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonException;
import dev.agentharness.internal.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

/**
 * Receiving LiveKit webhooks without LiveKit's SDK: the header names and values of a webhook POST, and
 * {@link #verify}, which checks what LiveKit's receivers check.
 */
public final class Webhooks {

  /** The webhook POST's content type, a custom one so that the signature is checked before parsing. */
  public static final String CONTENT_TYPE = "application/webhook+json";
  /** The webhook POST's {@code User-Agent}. */
  public static final String USER_AGENT = "LiveKit";

  private Webhooks() {}

  /**
   * Verifies a webhook as LiveKit's receivers do, on the wall clock, and reads it.
   *
   * @param body the request body exactly as received
   * @param authHeader the {@code Authorization} header: the bare JWT
   * @throws WebhookException saying which check failed
   */
  public static WebhookEvent verify(String body, String authHeader, String apiKey, String apiSecret) {
    return verify(body, authHeader, apiKey, apiSecret, Clock.systemUTC());
  }

  /**
   * As {@link #verify(String, String, String, String)}, with {@code nbf} and {@code exp} checked against
   * {@code clock} (no leeway). The checks: the header is there; it is an HS256 JWT whose signature matches
   * {@code apiSecret}; {@code iss} is {@code apiKey}; {@code nbf ≤ now < exp}; the {@code sha256} claim
   * equals the base64 SHA-256 of the body's UTF-8 bytes (compared in constant time).
   */
  public static WebhookEvent verify(String body, String authHeader, String apiKey, String apiSecret, Clock clock) {
    if (authHeader == null || authHeader.isBlank()) {
      throw new WebhookException(WebhookException.Reason.NO_AUTH_HEADER, "no Authorization header");
    }
    if (authHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new WebhookException(WebhookException.Reason.MALFORMED_TOKEN,
          "the Authorization header is not a bare JWT: LiveKit sends the token without \"Bearer \"");
    }
    String[] parts = authHeader.split("\\.", -1);
    if (parts.length != 3) {
      throw new WebhookException(WebhookException.Reason.MALFORMED_TOKEN, "the Authorization header is not a JWT");
    }
    JsonValue.Obj header = jsonPart(parts[0], "header");
    String alg = claimString(header, "alg");
    if (!"HS256".equals(alg)) {
      throw new WebhookException(WebhookException.Reason.MALFORMED_TOKEN,
          "the token is not HS256: alg " + (alg == null ? "missing" : "\"" + alg + "\""));
    }
    byte[] expected = WebhookSigner.hmac(apiSecret.getBytes(StandardCharsets.UTF_8), parts[0] + "." + parts[1]);
    byte[] actual;
    try {
      actual = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new WebhookException(WebhookException.Reason.MALFORMED_TOKEN, "the token's signature is not base64url");
    }
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new WebhookException(WebhookException.Reason.BAD_SIGNATURE,
          "the token's signature does not match the API secret");
    }
    JsonValue.Obj claims = jsonPart(parts[1], "claims");
    String iss = claimString(claims, "iss");
    if (!apiKey.equals(iss)) {
      throw new WebhookException(WebhookException.Reason.WRONG_ISSUER,
          "the token's issuer is " + (iss == null ? "missing" : "\"" + iss + "\"") + ", not the API key");
    }
    long now = clock.instant().getEpochSecond();
    Long nbf = claimLong(claims, "nbf");
    Long exp = claimLong(claims, "exp");
    if (nbf != null && now < nbf) {
      throw new WebhookException(WebhookException.Reason.NOT_YET_VALID,
          "the token is valid from " + Instant.ofEpochSecond(nbf) + ", it is " + Instant.ofEpochSecond(now));
    }
    if (exp != null && now >= exp) {
      throw new WebhookException(WebhookException.Reason.EXPIRED,
          "the token expired at " + Instant.ofEpochSecond(exp) + ", it is " + Instant.ofEpochSecond(now));
    }
    String sha = claimString(claims, "sha256");
    String bodySha = WebhookSigner.sha256Base64(body.getBytes(StandardCharsets.UTF_8));
    if (sha == null || !MessageDigest.isEqual(sha.getBytes(StandardCharsets.US_ASCII),
        bodySha.getBytes(StandardCharsets.US_ASCII))) {
      throw new WebhookException(WebhookException.Reason.INVALID_CHECKSUM,
          sha == null ? "the token has no sha256 claim" : "the body does not match the token's sha256 claim");
    }
    return WebhookEvent.parse(body);
  }

  private static JsonValue.Obj jsonPart(String part, String what) {
    try {
      return Json.parseObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | JsonException e) {
      throw new WebhookException(WebhookException.Reason.MALFORMED_TOKEN, "the token's " + what
          + " is not base64url JSON: " + e.getMessage());
    }
  }

  private static String claimString(JsonValue.Obj claims, String name) {
    JsonValue v = claims.getPresent(name);
    return v instanceof JsonValue.Str s ? s.value() : null;
  }

  private static Long claimLong(JsonValue.Obj claims, String name) {
    JsonValue v = claims.getPresent(name);
    if (v == null) return null;
    if (v instanceof JsonValue.Num n) {
      try {
        return n.decimalValue().longValue();
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    throw new WebhookException(WebhookException.Reason.MALFORMED_TOKEN, "the token's " + name + " is not a number");
  }
}
