package dev.agentharness.metrics.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class MetricsJsonErrorTest {

  private static final String PY_LLM = "{\"type\":\"llm_metrics\",\"label\":\"l\",\"request_id\":\"r\","
      + "\"timestamp\":1732665600.5,\"duration\":0.5,\"ttft\":0.1,\"cancelled\":false,\"completion_tokens\":1,"
      + "\"prompt_tokens\":2,\"prompt_cached_tokens\":0,\"total_tokens\":3,\"tokens_per_second\":2.0}";

  private static final String PY_REALTIME = "{\"type\":\"realtime_model_metrics\",\"request_id\":\"resp_1\","
      + "\"timestamp\":1732665600.5,\"input_token_details\":{\"audio_tokens\":1,"
      + "\"cached_tokens_details\":{\"audio_tokens\":AUDIO}},\"output_token_details\":{}}";

  private static MetricsFormatException error(String json) {
    return catchThrowableOfType(MetricsFormatException.class, () -> MetricsJson.read(json));
  }

  /** {@code json} with the first {@code from} replaced by {@code to}; the column is where {@code to} starts. */
  private static String replaced(String json, String from, String to) {
    assertThat(json).contains(from);
    return json.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
  }

  private static int columnOf(String json, String text) {
    return json.indexOf(text) + 1;
  }

  @Test
  void theSampleIsValid() {
    assertThat(MetricsJson.read(PY_LLM).type()).isEqualTo("llm_metrics");
    assertThat(MetricsJson.read(PY_REALTIME.replace("AUDIO", "5")).type()).isEqualTo("realtime_model_metrics");
  }

  @Test
  void wrongTypeNamesTheFieldThePositionAndWhatWasExpected() {
    String json = replaced(PY_LLM, "\"prompt_tokens\":2", "\"prompt_tokens\":\"81\"");
    MetricsFormatException e = error(json);
    assertThat(e.field()).isEqualTo("prompt_tokens");
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(columnOf(json, "\"81\""));
    assertThat(e.reason()).isEqualTo("expected a whole number, found \"81\"");
    assertThat(e.source()).isNull();
    assertThat(e).hasMessage("1:" + e.column() + ": prompt_tokens: expected a whole number, found \"81\"");
  }

  @Test
  void fractionalCountIsAnError() {
    MetricsFormatException e = error(replaced(PY_LLM, "\"total_tokens\":3", "\"total_tokens\":3.5"));
    assertThat(e.field()).isEqualTo("total_tokens");
    assertThat(e.reason()).isEqualTo("expected a whole number, found 3.5");
  }

  @Test
  void durationOfTheWrongTypeSaysWhichUnit() {
    MetricsFormatException e = error(replaced(PY_LLM, "\"ttft\":0.1", "\"ttft\":\"fast\""));
    assertThat(e.field()).isEqualTo("ttft");
    assertThat(e.reason()).isEqualTo("expected a number of seconds (-1 if not measured), found \"fast\"");

    String js = MetricsJson.write(Samples.stt(), MetricsDialect.JS)
        .replace("\"durationMs\":250", "\"durationMs\":true");
    MetricsFormatException j = error(js);
    assertThat(j.field()).isEqualTo("durationMs");
    assertThat(j.reason()).isEqualTo("expected a number of milliseconds, found true");
    assertThat(j.column()).isEqualTo(columnOf(js, "true"));
  }

  @Test
  void booleanAndStringMismatches() {
    assertThat(error(replaced(PY_LLM, "\"cancelled\":false", "\"cancelled\":0")).getMessage())
        .endsWith("cancelled: expected true or false, found 0");
    assertThat(error(replaced(PY_LLM, "\"label\":\"l\"", "\"label\":{}")).getMessage())
        .endsWith("label: expected a string, found an object");
    assertThat(error(replaced(PY_LLM, "\"tokens_per_second\":2.0", "\"tokens_per_second\":[2]")).getMessage())
        .endsWith("tokens_per_second: expected a number, found an array");
  }

  @Test
  void missingRequiredField() {
    String json = replaced(PY_LLM, "\"ttft\":0.1,", "");
    MetricsFormatException e = error(json);
    assertThat(e.field()).isEqualTo("ttft");
    assertThat(e.column()).isEqualTo(1);
    assertThat(e.reason()).isEqualTo("missing; expected a number of seconds (-1 if not measured)");
  }

  @Test
  void missingTimestampIsAnErrorEvenWhereEverythingElseHasADefault() {
    MetricsFormatException e = error("{\"type\":\"avatar_metrics\",\"playback_latency\":0.1}");
    assertThat(e.field()).isEqualTo("timestamp");
    assertThat(e.reason()).isEqualTo("missing; expected a number of epoch seconds");
  }

  @Test
  void nullWhereNullIsNotAllowed() {
    String json = replaced(PY_LLM, "\"request_id\":\"r\"", "\"request_id\":null");
    MetricsFormatException e = error(json);
    assertThat(e.field()).isEqualTo("request_id");
    assertThat(e.reason()).isEqualTo("expected a string, found null");
    assertThat(e.column()).isEqualTo(columnOf(json, "null"));
  }

  @Test
  void nestedFieldPathInPython() {
    String json = PY_REALTIME.replace("AUDIO", "\"x\"");
    MetricsFormatException e = error(json);
    assertThat(e.field()).isEqualTo("input_token_details.cached_tokens_details.audio_tokens");
    assertThat(e.column()).isEqualTo(columnOf(json, "\"x\""));
    assertThat(e).hasMessage("1:" + e.column()
        + ": input_token_details.cached_tokens_details.audio_tokens: expected a whole number, found \"x\"");
  }

  @Test
  void nestedFieldPathInJs() {
    String json = MetricsJson.write(Samples.realtime(), MetricsDialect.JS)
        .replace("\"cachedTokensDetails\":{\"audioTokens\":600", "\"cachedTokensDetails\":{\"audioTokens\":-0.5");
    assertThat(error(json).field()).isEqualTo("inputTokenDetails.cachedTokensDetails.audioTokens");
  }

  @Test
  void missingNestedObject() {
    String json = PY_REALTIME.replace("AUDIO", "1").replace(",\"output_token_details\":{}", "");
    MetricsFormatException e = error(json);
    assertThat(e.field()).isEqualTo("output_token_details");
    assertThat(e.reason()).isEqualTo("missing; expected an object");
  }

  @Test
  void metadataOfTheWrongShape() {
    MetricsFormatException e = error(replaced(PY_LLM, "}", ",\"metadata\":\"openai\"}"));
    assertThat(e.field()).isEqualTo("metadata");
    assertThat(e.reason()).isEqualTo("expected an object, found \"openai\"");
    MetricsFormatException n = error(replaced(PY_LLM, "}", ",\"metadata\":{\"model_name\":7}}"));
    assertThat(n.field()).isEqualTo("metadata.model_name");
  }

  @Test
  void unknownMissingOrNonStringType() {
    MetricsFormatException unknown = error(replaced(PY_LLM, "llm_metrics", "decision_metrics"));
    assertThat(unknown.field()).isEqualTo("type");
    assertThat(unknown.column()).isEqualTo(9);
    assertThat(unknown.reason()).isEqualTo("unknown metric type \"decision_metrics\"; expected one of llm_metrics,"
        + " stt_metrics, tts_metrics, vad_metrics, eou_metrics, eot_inference_metrics, realtime_model_metrics,"
        + " interruption_metrics, avatar_metrics");

    MetricsFormatException missing = error("{\"label\":\"x\",\"request_id\":\"r\"}");
    assertThat(missing.field()).isEqualTo("type");
    assertThat(missing.reason()).startsWith("missing; expected one of llm_metrics, ");

    MetricsFormatException number = error("{\"type\":3}");
    assertThat(number.reason()).startsWith("expected a string, one of llm_metrics,").endsWith(", found 3");
  }

  @Test
  void otherEventsAreNotMetrics() {
    MetricsFormatException e =
        error("{\"type\":\"session_usage_updated\",\"usage\":{\"model_usage\":[]},\"created_at\":1}");
    assertThat(e.field()).isEqualTo("type");
    assertThat(e.reason()).startsWith("unknown metric type \"session_usage_updated\"");
  }

  @Test
  void eventWithoutMetricsOrWithAWrongOne() {
    MetricsFormatException missing = error("{\"type\":\"metrics_collected\",\"created_at\":1}");
    assertThat(missing.field()).isEqualTo("metrics");
    assertThat(missing.reason()).isEqualTo("missing; expected the metric object");

    MetricsFormatException wrong = error("{\"type\":\"metrics_collected\",\"metrics\":[],\"created_at\":1}");
    assertThat(wrong.field()).isEqualTo("metrics");
    assertThat(wrong.reason()).isEqualTo("expected an object, found an array");
    assertThat(wrong.column()).isEqualTo(39);
  }

  @Test
  void fieldErrorsInsideAnEventAreRelativeToTheMetric() {
    String event = "{\"type\":\"metrics_collected\",\"metrics\":"
        + replaced(PY_LLM, "\"total_tokens\":3", "\"total_tokens\":\"3\"")
        + ",\"created_at\":1732665600.5}";
    MetricsFormatException e = error(event);
    assertThat(e.field()).isEqualTo("total_tokens");
    assertThat(e.column()).isEqualTo(columnOf(event, "\"3\""));
  }

  @Test
  void notJsonOrNotAnObject() {
    MetricsFormatException syntax = error("{\"type\":\"llm_metrics\",");
    assertThat(syntax.field()).isEmpty();
    assertThat(syntax.line()).isEqualTo(1);
    assertThat(syntax.column()).isEqualTo(23);
    assertThat(syntax).hasMessage("1:23: unexpected end of input; expected a key in quotes");

    MetricsFormatException array = error("[1,2]");
    assertThat(array).hasMessage("1:1: expected an object, found an array");

    assertThat(error("").getMessage()).isEqualTo("1:1: unexpected end of input; expected a value");
  }

  @Test
  void positionsInPrettyPrintedJson() {
    String json = "{\n  \"type\": \"vad_metrics\",\n  \"label\": \"silero\",\n  \"timestamp\": 1.5,\n"
        + "  \"idle_time\": \"long\",\n  \"inference_duration_total\": 0.1,\n  \"inference_count\": 3\n}";
    MetricsFormatException e = error(json);
    assertThat(e.line()).isEqualTo(5);
    assertThat(e.column()).isEqualTo(16);
    assertThat(e).hasMessage("5:16: idle_time: expected a number of seconds, found \"long\"");
  }

  @Test
  void numbersOutOfRange() {
    assertThat(error(replaced(PY_LLM, "\"duration\":0.5", "\"duration\":1e30")).reason())
        .isEqualTo("expected a number of seconds, found 1e30 (out of range)");
    assertThat(error(replaced(PY_LLM, "\"timestamp\":1732665600.5", "\"timestamp\":1e20")).reason())
        .isEqualTo("expected a number of epoch seconds, found 1e20 (out of range)");
    assertThat(error(replaced(PY_LLM, "\"total_tokens\":3", "\"total_tokens\":1e19")).reason())
        .isEqualTo("expected a whole number, found 1e19");
    assertThat(error(replaced(PY_LLM, "\"tokens_per_second\":2.0", "\"tokens_per_second\":1e999")).reason())
        .isEqualTo("expected a number, found 1e999 (out of range)");
  }

  @Test
  void hugeExponentsFailFast() {
    assertThat(error(replaced(PY_LLM, "\"duration\":0.5", "\"duration\":1e999999999")).reason())
        .endsWith("(out of range)");
    assertThat(error(replaced(PY_LLM, "\"total_tokens\":3", "\"total_tokens\":1e-999999999")).reason())
        .isEqualTo("expected a whole number, found 1e-999999999");
  }
}
