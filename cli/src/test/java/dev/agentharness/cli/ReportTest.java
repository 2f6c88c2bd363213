package dev.agentharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.metrics.json.MetricsLogReader;
import dev.agentharness.room.ParticipantKind;
import dev.agentharness.scenario.Providers;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.scenario.TimeRef;
import dev.agentharness.session.SimulatedSession;
import dev.agentharness.usage.LlmModelUsage;
import dev.agentharness.usage.UsageField;
import dev.agentharness.usage.UsageProfile;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report model, its JSON and HTML, built in-process from a real simulated session. */
class ReportTest {

  private static final Scenario BALANCE = Scenario.builder("balance")
      .description("one spoken turn")
      .realtime(Providers.Realtime.OPENAI)
      .turn(t -> t.user("What's my balance?", Duration.ofSeconds(2))
          .reply(r -> r.text("Your balance is 42 euros.").audio(Duration.ofMillis(2400))
              .usage(u -> u.outputAudio(91).outputText(30))))
      .build();

  private static Report simulate(Scenario s, List<UsageProfile> profiles, String... expectations) {
    return simulate(s, false, profiles, expectations);
  }

  private static Report simulate(Scenario s, boolean duplicateMetrics, List<UsageProfile> profiles,
      String... expectations) {
    try (SimulatedSession session = SimulatedSession.of(s)) {
      session.run();
      return Report.of(session, "test", List.of(), true, duplicateMetrics, profiles,
          java.util.Arrays.stream(expectations).map(Expectation::parse).toList());
    }
  }

  @Test
  void aSessionThatReconcilesWithHoldingExpectationsIsOk() {
    Report r = simulate(BALANCE, List.of(), "llmOutputAudioTokens==91", "standingTime[agent]<=30s");
    assertThat(r.reconciled()).isTrue();
    assertThat(r.exitCode()).isZero();
    assertThat(r.failures()).isEmpty();
    assertThat(r.usage().llmOutputAudioTokens()).isEqualTo(91);
    assertThat(r.expectations()).allMatch(Expectation.Result::passed);
    assertThat(r.notes(UsageField.LLM_OUTPUT_AUDIO_TOKENS)).isEmpty();

    String text = TextReport.render(r, Style.PLAIN);
    assertThat(text).contains("llm_output_audio_tokens                91       91")
        .contains("OK: all 15 fields match what the fakes billed").endsWith("Result: OK\n").doesNotContain("\u001B[");
  }

  @Test
  void aProfileWithoutAudioFieldsFailsItsReconciliationAndTheReportSaysWhere() throws Exception {
    Report r = simulate(BALANCE, List.of(UsageProfile.LIVEKIT_JS_LEGACY), "llmOutputAudioTokens>1000");
    assertThat(r.session().reconciliation().matches()).isTrue();
    Report.ProfileUsage js = r.profiles().get(0);
    assertThat(js.usage().llmOutputAudioTokens()).isZero();
    assertThat(js.reconciliation().matches()).isFalse();
    assertThat(r.exitCode()).isEqualTo(Report.FAILED);
    assertThat(r.failures()).containsExactly(
        "reconciliation (livekit-js-legacy): 3 fields differ from the ledger", "expectations: 1 of 1 failed");
    assertThat(r.notes(UsageField.LLM_OUTPUT_AUDIO_TOKENS)).containsExactly("no such field in livekit-js-legacy");

    JsonValue.Obj json = Json.parseObject(ReportJson.write(r));
    assertThat(json.get("format").asString("format")).isEqualTo(ReportJson.FORMAT);
    assertThat(json.get("command").asString("command")).isEqualTo("simulate");
    assertThat(json.get("usage").asObject("usage").get("llm_output_audio_tokens").asLong("x")).isEqualTo(91);
    assertThat(json.get("billed").asObject("billed").get("llm_output_audio_tokens").asLong("x")).isEqualTo(91);
    List<JsonValue> profiles = json.get("profiles").asArray("profiles").items();
    assertThat(profiles).hasSize(2);
    JsonValue.Obj legacy = profiles.get(1).asObject("p");
    assertThat(legacy.get("id").asString("id")).isEqualTo("livekit-js-legacy");
    assertThat(legacy.get("usage").asObject("u").get("llm_output_audio_tokens").asLong("x")).isZero();
    JsonValue.Obj rec = legacy.get("reconciliation").asObject("r");
    assertThat(rec.get("matches").asBoolean("m")).isFalse();
    JsonValue.Obj diff = rec.get("differences").asArray("d").items().stream().map(v -> v.asObject("d"))
        .filter(d -> d.get("field").asString("f").equals("llm_output_audio_tokens")).findFirst().orElseThrow();
    assertThat(diff.get("billed").asLong("b")).isEqualTo(91);
    assertThat(diff.get("collected").asLong("c")).isZero();
    assertThat(diff.get("likely_cause").asString("c")).contains("output_token_details.audio_tokens");
    assertThat(diff.get("responses").asArray("r").items()).hasSize(1);
    JsonValue.Obj exp = json.get("expectations").asArray("e").items().get(0).asObject("e");
    assertThat(exp.get("subject").asString("s")).isEqualTo("llmOutputAudioTokens");
    assertThat(exp.get("expected").asLong("e")).isEqualTo(1000);
    assertThat(exp.get("actual").asLong("a")).isEqualTo(91);
    assertThat(exp.get("passed").asBoolean("p")).isFalse();
    JsonValue.Obj result = json.get("result").asObject("r");
    assertThat(result.get("exit_code").asLong("x")).isEqualTo(1);
    JsonValue.Obj st = json.get("standing_time").asObject("st");
    assertThat(st.get("agent_still_present").asBoolean("x")).isFalse();
    assertThat(st.get("total").asDouble("t")).isEqualTo(r.session().sessionTime().toNanos() / 1e9);
    assertThat(json.get("ledger").asArray("l").items()).hasSize(r.session().ledger().size());
    assertThat(json.get("events").asArray("e").items()).extracting(v -> v.asObject("e").get("type").asString("t"))
        .contains("metrics_collected", "session_usage_updated", "agent_state_changed", "participant_joined",
            "participant_left", "conversation_item_added", "close");

    // the metric stream is LiveKit's Python JSON: replay reads it back to the same totals
    MetricsLogReader.Result back = MetricsLogReader.strict()
        .read(new StringReader(ReportJson.metricsLog(r.metrics(), r.metricTimes())), "metrics.jsonl");
    assertThat(back.metrics()).isEqualTo(r.metrics());
    assertThat(json.get("metrics").asArray("m").items()).hasSize(r.metrics().size());
  }

  @Test
  void everyFormOfTheReportSaysWhenTheSttRemainderWasNotReported() {
    Scenario pipeline = BundledScenarios.load("stt-undercount");
    Report without;
    Report with;
    try (SimulatedSession session = SimulatedSession.builder(pipeline).sttRemainderOnClose(false).build()) {
      session.run();
      without = Report.of(session, "test", List.of(), false, false, List.of(), List.of());
    }
    try (SimulatedSession session = SimulatedSession.of(pipeline)) {
      session.run();
      with = Report.of(session, "test", List.of(), true, false, List.of(), List.of());
    }
    assertThat(TextReport.render(without, Style.PLAIN)).contains("STT        no remainder reported at close"
        + " (--no-stt-remainder), as LiveKit's Deepgram plugin before 1.5.7 (#5498)");
    assertThat(ReportHtml.write(without)).contains("no STT remainder reported at close (<code>--no-stt-remainder</code>)");
    assertThat(Json.parseObject(ReportJson.write(without)).get("session").asObject("s").get("stt_remainder_on_close")
        .asBoolean("r")).isFalse();
    assertThat(TextReport.render(with, Style.PLAIN)).doesNotContain("no remainder reported at close");
    assertThat(ReportHtml.write(with)).doesNotContain("no STT remainder reported at close");
    assertThat(without.session().reconciliation().matches()).isFalse(); // the undercount the option reproduces
    assertThat(with.session().reconciliation().matches()).isTrue();
  }

  @Test
  void duplicateMetricsDoublesEveryCollectorAndReconciliationNamesTheDuplicates() {
    Report once = simulate(BALANCE, List.of(UsageProfile.LIVEKIT_JS_LEGACY));
    Report twice = simulate(BALANCE, true, List.of(UsageProfile.LIVEKIT_JS_LEGACY), "metrics.count==4");
    assertThat(once.session().duplicateMetrics()).isFalse();
    assertThat(twice.session().duplicateMetrics()).isTrue();
    // the stream: each metric twice in a row, at the time it was collected
    assertThat(twice.metrics()).hasSize(2 * once.metrics().size());
    assertThat(twice.metricTimes()).hasSize(twice.metrics().size());
    for (int i = 0; i < once.metrics().size(); i++) {
      assertThat(twice.metrics().get(2 * i)).isEqualTo(once.metrics().get(i)).isEqualTo(twice.metrics().get(2 * i + 1));
    }
    assertThat(twice.expectations()).allMatch(Expectation.Result::passed);
    // every collector counts double: the reference one, each profile, the per-model usage
    for (UsageField f : UsageField.values()) {
      assertThat(twice.usage().get(f)).as(f.liveKitName()).isEqualTo(2 * once.usage().get(f));
      assertThat(twice.profiles().get(0).usage().get(f)).isEqualTo(2 * once.profiles().get(0).usage().get(f));
    }
    assertThat(twice.usage().llmOutputAudioTokens()).isEqualTo(182);
    List<LlmModelUsage> llmOnce = once.modelUsage().ofType(LlmModelUsage.class);
    List<LlmModelUsage> llmTwice = twice.modelUsage().ofType(LlmModelUsage.class);
    assertThat(llmOnce).singleElement().extracting(LlmModelUsage::outputAudioTokens).isEqualTo(91L);
    assertThat(llmTwice).singleElement().satisfies(u -> {
      assertThat(u.outputAudioTokens()).isEqualTo(182);
      assertThat(u.inputTokens()).isEqualTo(2 * llmOnce.get(0).inputTokens());
      assertThat(u.outputTokens()).isEqualTo(2 * llmOnce.get(0).outputTokens());
    });
    // what was billed does not change; the reconciliation names the duplicated response
    assertThat(twice.session().billed()).isEqualTo(once.session().billed());
    assertThat(once.session().reconciliation().matches()).isTrue();
    assertThat(twice.session().reconciliation().matches()).isFalse();
    assertThat(twice.session().reconciliation().causes()).singleElement().asString()
        .contains("metrics were collected more than once for resp_").contains("#3166");
    assertThat(twice.exitCode()).isEqualTo(Report.FAILED);
    assertThat(twice.failures()).contains("reconciliation (livekit-python): 5 fields differ from the ledger");

    // every form of the report says the option was in effect
    assertThat(TextReport.render(twice, Style.PLAIN)).contains("Metrics    every one collected twice"
        + " (--duplicate-metrics), as LiveKit before 1.2.6 inside an AgentTask (#3166)");
    assertThat(TextReport.render(once, Style.PLAIN)).doesNotContain("--duplicate-metrics");
    JsonValue.Obj session = Json.parseObject(ReportJson.write(twice)).get("session").asObject("s");
    assertThat(session.get("duplicate_metrics").asBoolean("d")).isTrue();
    assertThat(Json.parseObject(ReportJson.write(once)).get("session").asObject("s").get("duplicate_metrics")
        .asBoolean("d")).isFalse();
    assertThat(ReportHtml.write(twice)).contains("every metric collected twice (<code>--duplicate-metrics</code>)");
    assertThat(ReportHtml.write(once)).doesNotContain("--duplicate-metrics");
  }

  @Test
  void theHtmlIsOnePageWithAnSvgTimelineAndNoExternalAssets() {
    Scenario neverLeaves = Scenario.builder("never-leaves").realtime(Providers.Realtime.OPENAI)
        .turn(t -> t.user("Bye.", Duration.ofSeconds(1)).reply(r -> r.text("Goodbye!")))
        .participant("agent", ParticipantKind.AGENT, TimeRef.START, TimeRef.NEVER)
        .participant("caller", ParticipantKind.SIP, TimeRef.START, TimeRef.END)
        .build();
    Report r = simulate(neverLeaves, List.of());
    String html = ReportHtml.write(r);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("<svg class=\"timeline\"")
        .contains("User speech").contains("Model audio").contains("Responses (tokens)").contains("Room: agent (agent)")
        .contains("class=\"k-USER\"").contains("class=\"k-AGENT\"").contains("class=\"k-OK\"")
        .contains("class=\"k-STILL_PRESENT\"").contains("STILL PRESENT")
        .contains("llm_output_audio_tokens").contains("Ledger: what the fakes billed").endsWith("</html>\n");
    assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("http://")
        .doesNotContain("https://").doesNotContain("@import").doesNotContain(" src=");
    assertThat(html.replace("url(#still)", "")).doesNotContain("url(");
  }

  @Test
  void aReplayedLogHasNoLedgerAndComparesCollectors() throws Exception {
    String log = new String(ReportTest.class.getResourceAsStream("/metrics/mixed.jsonl").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    MetricsLogReader.Result read = MetricsLogReader.strict().read(new StringReader(log), "mixed.jsonl");
    Report r = Report.of(new Report.Log("mixed.jsonl", Map.of(), List.of()), read.metrics(),
        List.of(UsageProfile.LIVEKIT_JS_LEGACY),
            List.of(Expectation.parse("metrics.count[realtime_model_metrics]==1")));
    assertThat(r.session()).isNull();
    assertThat(r.reconciled()).isTrue();
    assertThat(r.exitCode()).isZero();
    assertThat(r.usage().llmOutputAudioTokens()).isEqualTo(91);
    assertThat(r.profiles().get(0).usage().llmOutputAudioTokens()).isZero();
    assertThat(r.notes(UsageField.LLM_OUTPUT_AUDIO_TOKENS)).containsExactly("no such field in livekit-js-legacy");
    String text = TextReport.render(r, Style.PLAIN);
    assertThat(text).contains("livekit-python   livekit-js-legacy").contains("none: a metrics log has no ledger");
    assertThat(ReportHtml.write(r)).contains("<svg class=\"timeline\"").contains("Responses (tokens)");
    assertThat(Json.parseObject(ReportJson.write(r)).get("command").asString("c")).isEqualTo("replay");
  }

  @Test
  void stylesColorOnlyATerminalWithoutNoColor() {
    assertThat(Style.forTerminal(true, Map.of())).isSameAs(Style.ANSI);
    assertThat(Style.forTerminal(false, Map.of())).isSameAs(Style.PLAIN);
    assertThat(Style.forTerminal(true, Map.of("NO_COLOR", "1"))).isSameAs(Style.PLAIN);
    assertThat(Style.forTerminal(true, Map.of("NO_COLOR", ""))).isSameAs(Style.ANSI);
    assertThat(Style.forTerminal(true, Map.of("TERM", "dumb"))).isSameAs(Style.PLAIN);
    assertThat(Style.visibleLength(Style.ANSI.red("FAILED"))).isEqualTo(6);
    Tables t = new Tables(Style.ANSI, "a", "b").alignRight(1).row(Style.ANSI.red("x"), "12").row("yyy", "3");
    assertThat(t.render("").replaceAll("\u001B\\[[0-9;]*m", "")).isEqualTo("a      b\nx     12\nyyy    3\n");
  }

  @Test
  void theProgressLineCountsRepliesAndMetrics() {
    java.io.StringWriter sink = new java.io.StringWriter();
    java.time.Instant t0 = java.time.Instant.parse("2026-01-01T00:00:00Z");
    Progress p = new Progress(new java.io.PrintWriter(sink), 4, t0);
    p.onEvent(new dev.agentharness.session.SessionEvent.ConversationItemAdded("assistant", "hi", false,
        t0.plusSeconds(3)));
    p.onEvent(new dev.agentharness.session.SessionEvent.ConversationItemAdded("user", "hi", false, t0.plusSeconds(5)));
    assertThat(p.line()).isEqualTo("[######------------------] 1/4 replies  5s session time  0 metrics");
    p.close();
    assertThat(sink.toString()).isEmpty();
  }
}
