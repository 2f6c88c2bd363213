package dev.agentharness.scenario;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofNanos;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.clock.Durations;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Durations} as scenario files use it, and the {@link TokenRates} that derive usage. */
class DurationsAndRatesTest {

  @Test
  void parsesEveryUnit() {
    assertThat(Durations.parse("1h")).isEqualTo(ofHours(1));
    assertThat(Durations.parse("2m")).isEqualTo(ofMinutes(2));
    assertThat(Durations.parse("1min")).isEqualTo(ofMinutes(1));
    assertThat(Durations.parse("2.4s")).isEqualTo(ofMillis(2400));
    assertThat(Durations.parse("300ms")).isEqualTo(ofMillis(300));
    assertThat(Durations.parse("1.5ms")).isEqualTo(ofNanos(1_500_000));
    assertThat(Durations.parse("250us")).isEqualTo(ofNanos(250_000));
    assertThat(Durations.parse("250µs")).isEqualTo(ofNanos(250_000));
    assertThat(Durations.parse("10ns")).isEqualTo(ofNanos(10));
    assertThat(Durations.parse("0s")).isEqualTo(ZERO);
  }

  @Test
  void combinesParts() {
    assertThat(Durations.parse("1m30.5s")).isEqualTo(ofMillis(90_500));
    assertThat(Durations.parse("1h2m3s")).isEqualTo(ofSeconds(3723));
    assertThat(Durations.parse("1s500ms")).isEqualTo(ofMillis(1500));
  }

  @Test
  void rejectsBadDurationsSayingWhyAndWhatToWrite() {
    String expected = "; expected e.g. \"2.4s\", \"300ms\" or \"1m30s\"";
    assertThatThrownBy(() -> Durations.parse("2,4s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("\"2,4s\" is not a duration (unexpected ',')" + expected);
    assertThatThrownBy(() -> Durations.parse("500"))
        .hasMessage("\"500\" is not a duration (a unit is missing after 500)" + expected);
    assertThatThrownBy(() -> Durations.parse("5x"))
        .hasMessage("\"5x\" is not a duration (unknown unit 'x')" + expected);
    assertThatThrownBy(() -> Durations.parse("")).hasMessage("\"\" is not a duration (it is empty)" + expected);
    assertThatThrownBy(() -> Durations.parse("-1s"))
        .hasMessage("\"-1s\" is not a duration (expected a number at '-1s')" + expected);
    assertThatThrownBy(() -> Durations.parse("1.2.3s"))
        .hasMessage("\"1.2.3s\" is not a duration ('1.2.3' is not a number)" + expected);
  }

  @Test
  void formatsForPeopleAndParsesBack() {
    assertThat(Durations.format(ofMillis(2400))).isEqualTo("2.4s");
    assertThat(Durations.format(ofMillis(300))).isEqualTo("300ms");
    assertThat(Durations.format(ofMillis(90_500))).isEqualTo("1m30.5s");
    assertThat(Durations.format(ofSeconds(3723).plusMillis(500))).isEqualTo("1h2m3.5s");
    assertThat(Durations.format(ofHours(1))).isEqualTo("1h");
    assertThat(Durations.format(ofNanos(250_000))).isEqualTo("0.25ms");
    assertThat(Durations.format(ZERO)).isEqualTo("0s");
    assertThat(Durations.format(ofSeconds(-2))).isEqualTo("-2s");
    for (Duration d : List.of(ofMillis(2400), ofMillis(300), ofMillis(90_500), ofHours(2), ofNanos(250_000), ZERO,
        ofSeconds(3723).plusNanos(1))) {
      assertThat(Durations.parse(Durations.format(d))).as(d.toString()).isEqualTo(d);
    }
  }

  @Test
  void audioTokensRoundUp() {
    assertThat(TokenRates.audioTokens(ofMillis(2400), 20)).isEqualTo(48);
    assertThat(TokenRates.audioTokens(ofMillis(2410), 10)).isEqualTo(25);
    assertThat(TokenRates.audioTokens(ofMillis(2400), 32)).isEqualTo(77);
    assertThat(TokenRates.audioTokens(ofMillis(1), 10)).isEqualTo(1);
    assertThat(TokenRates.audioTokens(ofSeconds(1), 32)).isEqualTo(32);
    assertThat(TokenRates.audioTokens(ofMillis(100), 10)).as("0.1 s at 10/s is exactly 1").isEqualTo(1);
    assertThat(TokenRates.audioTokens(ZERO, 20)).isZero();
    assertThat(TokenRates.audioTokens(null, 20)).isZero();
  }

  @Test
  void textTokensRoundUp() {
    TokenRates r = TokenRates.DEFAULTS;
    assertThat(r.textTokens("Your balance is 42 euros.")).as("25 characters").isEqualTo(7);
    assertThat(r.textTokens("abcd")).isEqualTo(1);
    assertThat(r.textTokens("abcde")).isEqualTo(2);
    assertThat(r.textTokens("")).isZero();
    assertThat(r.textTokens(null)).isZero();
  }

  @Test
  void speechFromTextIsRoundedToTenMilliseconds() {
    TokenRates r = TokenRates.DEFAULTS;
    assertThat(r.speechDuration("Your balance is 42 euros.")).as("25 / 15 = 1.6667 s").isEqualTo(ofMillis(1670));
    assertThat(r.speechDuration("x".repeat(15))).isEqualTo(ofSeconds(1));
    assertThat(r.speechDuration("a")).as("1 / 15 = 0.0667 s").isEqualTo(ofMillis(70));
    assertThat(r.speechDuration("")).as("at least 10 ms").isEqualTo(ofMillis(10));
  }

  @Test
  void defaultRatesAreThePublishedOnes() {
    assertThat(TokenRates.DEFAULTS).isEqualTo(new TokenRates(10, 20, 32, 32, 4, 15, 20));
  }

  @Test
  void ratesMustBePositiveAndFinite() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new TokenRates(10, 20, 32, 32, bad, 15, 20)).as(String.valueOf(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
