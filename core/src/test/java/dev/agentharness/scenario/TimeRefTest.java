package dev.agentharness.scenario;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeRefTest {

  @Test
  void parsesEveryForm() {
    assertThat(TimeRef.parse("2s")).isEqualTo(TimeRef.at(ofSeconds(2)));
    assertThat(TimeRef.parse("0s")).isEqualTo(TimeRef.START);
    assertThat(TimeRef.parse("1m30.5s")).isEqualTo(TimeRef.at(ofMillis(90_500)));
    assertThat(TimeRef.parse("end")).isEqualTo(TimeRef.END);
    assertThat(TimeRef.parse("end+5s")).isEqualTo(TimeRef.afterEnd(ofSeconds(5)));
    assertThat(TimeRef.parse("end-1s")).isEqualTo(TimeRef.afterEnd(ofSeconds(-1)));
    assertThat(TimeRef.parse("never")).isEqualTo(TimeRef.NEVER);
    assertThat(TimeRef.parse("never").isNever()).isTrue();
  }

  @Test
  void toStringIsWhatParseReads() {
    for (String text : List.of("2s", "0s", "1m30.5s", "300ms", "end", "end+5s", "end-1s", "end+2.5s", "never")) {
      TimeRef t = TimeRef.parse(text);
      assertThat(t.toString()).isEqualTo(text);
      assertThat(TimeRef.parse(t.toString())).isEqualTo(t);
    }
  }

  @Test
  void resolvesAgainstTheEndOfTheConversation() {
    Duration end = ofSeconds(10);
    assertThat(TimeRef.parse("2s").resolve(end)).isEqualTo(ofSeconds(2));
    assertThat(TimeRef.parse("end").resolve(end)).isEqualTo(ofSeconds(10));
    assertThat(TimeRef.parse("end+5s").resolve(end)).isEqualTo(ofSeconds(15));
    assertThat(TimeRef.parse("end-1s").resolve(end)).isEqualTo(ofSeconds(9));
    assertThat(TimeRef.parse("never").resolve(end)).isNull();
  }

  @Test
  void rejectsAnythingElseWithTheFormsItAccepts() {
    for (String bad : List.of("ende", "end+", "end 5s", "END", "soon", "5", "-2s", "end+-1s", "")) {
      assertThatThrownBy(() -> TimeRef.parse(bad)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("\"" + bad + "\" is not a time; expected e.g. \"2s\", \"end\", \"end+5s\" or \"never\"");
    }
    assertThatThrownBy(() -> new TimeRef(TimeRef.Anchor.START, ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
