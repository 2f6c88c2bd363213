package dev.agentharness.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

  /** Expected values are Python 3's {@code repr}. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "1.0, 1.0",
      "0.68, 0.68",
      "0.0001, 0.0001",
      "0.00001, 1e-05",
      "1e16, 1e+16",
      "123456789012345.6, 123456789012345.6",
      "-2.5, -2.5",
      "0.30000000000000004, 0.30000000000000004",
      "0.3333333333333333, 0.3333333333333333",
      "33.333333333333336, 33.333333333333336",
      // Double.toString on JDK 17 is longer than needed for these
      "109.09090909090909, 109.0909090909091",
      "2e23, 2e+23",
      "1.7852171833757358e18, 1.7852171833757358e+18",
      "7.7318363914899e18, 7.7318363914899e+18"})
  void pythonFloatIsPythonsRepr(double value, String repr) {
    assertThat(Json.pythonFloat(value)).isEqualTo(repr);
  }

  @Test
  void pythonFloatSpecialValues() {
    assertThat(Json.pythonFloat(0.0)).isEqualTo("0.0");
    assertThat(Json.pythonFloat(-0.0)).isEqualTo("-0.0");
    assertThatThrownBy(() -> Json.pythonFloat(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unicodeEscapesTakeAsciiHexDigitsOnly() {
    assertThat(Json.parse("\"\\u0041\\u00e9\"")).isEqualTo(new JsonValue.Str("Aé", new JsonPosition(1, 1, 0)));
    assertThatThrownBy(() -> Json.parse("\"\\u\uFF10\uFF10\uFF14\uFF11\""))
        .isInstanceOf(JsonException.class)
        .hasMessage("1:4: bad \\u escape");
  }

  @Test
  void numbersKeepTheirText() {
    JsonValue.Num n = (JsonValue.Num) Json.parse("1732665600.123456789");
    assertThat(n.decimalValue()).isEqualByComparingTo("1732665600.123456789");
    assertThat(n.isIntegral()).isFalse();
  }
}
