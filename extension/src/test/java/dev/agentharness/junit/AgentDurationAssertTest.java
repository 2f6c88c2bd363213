package dev.agentharness.junit;

import static dev.agentharness.junit.AgentAssertions.assertThatDuration;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentDurationAssertTest {

  @Test
  void betweenInclusive() {
    assertThatDuration(ofSeconds(5)).isBetween(ofSeconds(5), ofSeconds(8));
    assertThatDuration(ofSeconds(8)).isBetween(ofSeconds(5), ofSeconds(8));
    assertThatThrownBy(() -> assertThatDuration(ofMillis(9200)).isBetween(ofSeconds(5), ofSeconds(8)))
        .hasMessage("Expected a duration between 5s and 8s, but it was 9.2s (1.2s too long)");
    assertThatThrownBy(() -> assertThatDuration(ofMillis(4750)).as("standing time of \"agent\"")
        .isBetween(ofSeconds(5), ofSeconds(8)))
        .hasMessage("[standing time of \"agent\"] Expected a duration between 5s and 8s, but it was 4.75s (250ms too"
            + " short)");
    assertThatThrownBy(() -> assertThatDuration(ofSeconds(1)).isBetween(ofSeconds(8), ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closeToWithTolerance() {
    assertThatDuration(ofMillis(10_080)).isCloseTo(ofSeconds(10), ofMillis(100));
    assertThatDuration(ofMillis(9_900)).isCloseTo(ofSeconds(10), ofMillis(100));
    assertThatThrownBy(() -> assertThatDuration(ofMillis(10_250)).isCloseTo(ofSeconds(10), ofMillis(100)))
        .hasMessage("Expected a duration of 10s ± 100ms, but it was 10.25s (250ms too long)");
    assertThatThrownBy(() -> assertThatDuration(ofMillis(9_000)).isCloseTo(ofSeconds(10), ofMillis(100)))
        .hasMessage("Expected a duration of 10s ± 100ms, but it was 9s (1s too short)");
  }

  @Test
  void atMostAtLeastAndAssertJsOwnChecks() {
    assertThatDuration(ofSeconds(30)).isAtMost(ofSeconds(30)).isAtLeast(ofSeconds(30)).isPositive().hasSeconds(30);
    assertThatThrownBy(() -> assertThatDuration(ofMillis(30_500)).isAtMost(ofSeconds(30)))
        .hasMessage("Expected a duration of at most 30s, but it was 30.5s (500ms too long)");
    assertThatThrownBy(() -> assertThatDuration(ofMillis(100)).isAtLeast(ofSeconds(1)))
        .hasMessage("Expected a duration of at least 1s, but it was 100ms (900ms too short)");
    assertThatThrownBy(() -> assertThatDuration(null).isAtMost(ofSeconds(1)))
        .hasMessageContaining("Expecting actual not to be null");
  }

  @Test
  void assertJsDurationAssertStillWorksBesideOurs() {
    // AgentAssertions has no assertThat(Duration): with both static imports, this is AssertJ's
    Duration standing = ofMillis(6500);
    assertThat(standing).isBetween(ofSeconds(5), ofSeconds(8)).isCloseTo(ofMillis(6400), ofMillis(100));
  }
}
