package dev.agentharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code simulate --duplicate-metrics}: bug catalogue #10, on the listening side, run in-process. */
class DuplicateMetricsOptionTest {

  private record Run(int code, String out, String err) {}

  private static Run simulate(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "simulate";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), all);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void theHelpDescribesTheOption() {
    Run r = simulate("--help");
    assertThat(r.code()).isZero();
    String help = r.out().replaceAll("\\s+", " ");
    assertThat(help).contains("--duplicate-metrics Collect every metric twice, as LiveKit before 1.2.6 did inside an"
        + " AgentTask (#3166), or a listener registered twice");
  }

  @Test
  void aScenarioThatReconcilesFailsWhenEveryMetricIsCollectedTwice() {
    Run plain = simulate("greeting-openai-realtime");
    assertThat(plain.code()).as(plain.out() + plain.err()).isZero();
    assertThat(plain.out()).doesNotContain("--duplicate-metrics");

    Run twice = simulate("greeting-openai-realtime", "--duplicate-metrics");
    assertThat(twice.err()).isEmpty();
    assertThat(twice.code()).as(twice.out()).isEqualTo(Report.FAILED);
    assertThat(twice.out())
        .contains("Metrics    every one collected twice (--duplicate-metrics)")
        .contains("Likely cause: metrics were collected more than once for resp_")
        .contains("Result: FAILED: reconciliation (livekit-python)");
    // the option takes no value: what follows it is still the scenario or another option
    Run before = simulate("--duplicate-metrics", "greeting-openai-realtime", "--expect", "llmOutputAudioTokens>0");
    assertThat(before.code()).isEqualTo(Report.FAILED);
    assertThat(before.out()).contains("llmOutputAudioTokens").contains("every one collected twice");
  }

  @Test
  void usageDoublesInTheJsonReport() {
    Run once = simulate("greeting-openai-realtime", "--json");
    Run twice = simulate("greeting-openai-realtime", "--json", "--duplicate-metrics");
    var a = dev.agentharness.internal.json.Json.parseObject(once.out());
    var b = dev.agentharness.internal.json.Json.parseObject(twice.out());
    long audioOnce = a.get("usage").asObject("u").get("llm_output_audio_tokens").asLong("x");
    long audioTwice = b.get("usage").asObject("u").get("llm_output_audio_tokens").asLong("x");
    assertThat(audioOnce).isPositive();
    assertThat(audioTwice).isEqualTo(2 * audioOnce);
    assertThat(b.get("billed").asObject("b").get("llm_output_audio_tokens").asLong("x")).isEqualTo(audioOnce);
    assertThat(b.get("metrics").asArray("m").items()).hasSize(2 * a.get("metrics").asArray("m").items().size());
    assertThat(b.get("session").asObject("s").get("duplicate_metrics").asBoolean("d")).isTrue();
    assertThat(b.get("result").asObject("r").get("exit_code").asLong("x")).isEqualTo(1);
  }

  @Test
  void theBundledScenarioBringsTheOption() {
    BundledScenarios.Entry e = BundledScenarios.find("duplicated-metrics");
    assertThat(e.duplicateMetrics()).isTrue();
    assertThat(e.options()).containsExactly("--duplicate-metrics");
    assertThat(BundledScenarios.find("greeting-openai-realtime").duplicateMetrics()).isFalse();
    assertThat(SimulateCommand.listing()).contains("runs with: --duplicate-metrics");

    Run r = simulate("duplicated-metrics");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(Report.FAILED);
    assertThat(r.out()).contains("Options    --duplicate-metrics  (from the bundled scenario)")
        .contains("collected more than once").contains("#3166");
    // given again on the command line, it is the same run
    Run again = simulate("duplicated-metrics", "--duplicate-metrics");
    assertThat(again.code()).isEqualTo(Report.FAILED);
    assertThat(again.out()).isEqualTo(r.out());
  }
}
