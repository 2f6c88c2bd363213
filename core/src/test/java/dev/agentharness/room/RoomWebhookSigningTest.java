package dev.agentharness.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.clock.SessionClock;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RoomWebhookSigningTest {

  static final String KEY = "APIkey123";
  static final String SECRET = "secret-of-at-least-32-characters-xx";
  static final Instant SIGNED = Instant.parse("2026-03-01T12:00:00Z");
  static final String BODY =
      "{\"event\":\"room_started\",\"room\":{\"sid\":\"RM_x\",\"name\":\"r\"},\"createdAt\":\"1\"}";

  static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  @Test
  void theTokenIsABareHs256JwtWithIssuerTimesAndBodyHash() throws Exception {
    String jwt = new WebhookSigner(KEY, SECRET, at(SIGNED)).sign(BODY);
    assertThat(jwt).doesNotStartWith("Bearer").matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    String[] parts = jwt.split("\\.");
    assertThat(decode(parts[0])).isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    JsonValue.Obj claims = Json.parseObject(decode(parts[1]));
    assertThat(claims.get("iss").asString("iss")).isEqualTo(KEY);
    assertThat(claims.get("nbf").asLong("nbf")).isEqualTo(SIGNED.getEpochSecond());
    assertThat(claims.get("exp").asLong("exp")).isEqualTo(SIGNED.getEpochSecond() + 300);
    String sha = Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(BODY.getBytes(StandardCharsets.UTF_8)));
    assertThat(sha).hasSize(44).endsWith("=");
    assertThat(claims.get("sha256").asString("sha256")).isEqualTo(sha);
  }

  @Test
  void verifyAcceptsAGoodTokenAndReadsTheEvent() {
    String jwt = new WebhookSigner(KEY, SECRET, at(SIGNED)).sign(BODY);
    WebhookEvent e = Webhooks.verify(BODY, jwt, KEY, SECRET, at(SIGNED.plusSeconds(299)));
    assertThat(e.event()).isEqualTo("room_started");
    assertThat(e.createdAt()).isEqualTo(Instant.ofEpochSecond(1));
  }

  @Test
  void verifyRejectsWithTheFailedCheck() {
    String jwt = new WebhookSigner(KEY, SECRET, at(SIGNED)).sign(BODY);
    Clock now = at(SIGNED.plusSeconds(10));
    assertRejected(() -> Webhooks.verify(BODY.replace("RM_x", "RM_y"), jwt, KEY, SECRET, now),
        WebhookException.Reason.INVALID_CHECKSUM);
    assertRejected(() -> Webhooks.verify(BODY + " ", jwt, KEY, SECRET, now), WebhookException.Reason.INVALID_CHECKSUM);
    assertRejected(() -> Webhooks.verify(BODY, jwt, KEY, "another-secret", now), WebhookException.Reason.BAD_SIGNATURE);
    assertRejected(() -> Webhooks.verify(BODY, jwt, "otherKey", SECRET, now), WebhookException.Reason.WRONG_ISSUER);
    assertRejected(() -> Webhooks.verify(BODY, jwt, KEY, SECRET, at(SIGNED.plusSeconds(300))),
        WebhookException.Reason.EXPIRED);
    assertRejected(() -> Webhooks.verify(BODY, jwt, KEY, SECRET, at(SIGNED.minusSeconds(1))),
        WebhookException.Reason.NOT_YET_VALID);
    assertRejected(() -> Webhooks.verify(BODY, null, KEY, SECRET, now), WebhookException.Reason.NO_AUTH_HEADER);
    assertThatThrownBy(() -> Webhooks.verify(BODY, "Bearer " + jwt, KEY, SECRET, now))
        .isInstanceOf(WebhookException.class).hasMessageContaining("without \"Bearer \"");
    // a token whose claims were changed (another body hash) no longer matches its signature
    String[] parts = jwt.split("\\.");
    String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
        decode(parts[1]).replace(SIGNED.getEpochSecond() + 300 + "", "9999999999").getBytes(StandardCharsets.UTF_8));
    assertRejected(() -> Webhooks.verify(BODY, parts[0] + "." + forgedClaims + "." + parts[2], KEY, SECRET, now),
        WebhookException.Reason.BAD_SIGNATURE);
    String none = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    assertRejected(() -> Webhooks.verify(BODY, none + "." + parts[1] + ".", KEY, SECRET, now),
        WebhookException.Reason.MALFORMED_TOKEN);
  }

  @Test
  void webhooksFromAVirtualRoomVerifyTodayOnTheWallClock() {
    try (SessionClock clock = SessionClock.virtual()) { // 2026-01-01, long before "today"
      Room room = new Room(clock, "r", 1);
      room.join("agent", ParticipantKind.AGENT);
      WebhookEvent e = room.webhooks().get(0);
      String jwt = new WebhookSigner(KEY, SECRET).sign(e.body());
      assertThat(Webhooks.verify(e.body(), jwt, KEY, SECRET)).isEqualTo(e);
      // signed on the session clock instead, it would have expired long ago
      String stale = new WebhookSigner(KEY, SECRET, at(clock.now())).sign(e.body());
      if (Instant.now().isAfter(clock.now().plus(WebhookSigner.VALIDITY))) {
        assertRejected(() -> Webhooks.verify(e.body(), stale, KEY, SECRET), WebhookException.Reason.EXPIRED);
      }
    }
  }

  @Test
  void anEmptySecretIsRefused() {
    assertThatThrownBy(() -> new WebhookSigner(KEY, "")).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRejected(Runnable verify, WebhookException.Reason reason) {
    assertThatThrownBy(verify::run).isInstanceOfSatisfying(WebhookException.class,
        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }
}
