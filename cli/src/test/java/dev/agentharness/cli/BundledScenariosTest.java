package dev.agentharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bundled scenario runs, and exits as its description says. */
class BundledScenariosTest {

  private static final Pattern EXIT = Pattern.compile("\\(exit ([0-9])\\)");

  static Stream<String> names() {
    return BundledScenarios.names().stream();
  }

  @Test
  void theIndexListsEveryBundledScenarioOnceAndEachParses() {
    List<String> names = BundledScenarios.names();
    assertThat(names).doesNotHaveDuplicates().contains("greeting-openai-realtime", "openai-realtime-beta",
        "gemini-live",
        "pipeline-openai-speech", "pipeline-elevenlabs", "pipeline-cartesia", "pipeline-zero-audio-tokens",
        "text-only-response", "usage-missing",
        "cancelled-partial-usage", "done-without-created", "text-modality-only", "usage-cumulative", "usage-repeated",
        "agents-js-legacy-summary", "interrupted-streamed-tts", "duplicated-metrics", "stt-undercount",
        "agent-never-leaves", "llm-no-usage-chunk");
    for (BundledScenarios.Entry e : BundledScenarios.entries()) {
      assertThat(e.scenario().name()).isEqualTo(e.name());
      assertThat(e.scenario().description()).as(e.name()).isNotBlank().doesNotContain("\n");
      assertThat(EXIT.matcher(e.scenario().description()).find()).as(e.name() + " states its exit code").isTrue();
    }
    assertThat(BundledScenarios.find("agents-js-legacy-summary.json").profiles()).containsExactly("livekit-js-legacy");
    assertThat(BundledScenarios.find("stt-undercount").sttRemainder()).isFalse();
    assertThat(BundledScenarios.find("agent-never-leaves").expectations()).containsExactly("agentsStillPresent==0");
    assertThat(BundledScenarios.find("duplicated-metrics").duplicateMetrics()).isTrue();
  }

  @Test
  void theInterruptedStreamedTtsScenarioNamesTheSegmentThatHasNoMetric() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), "simulate", "interrupted-streamed-tts");
    assertThat(code).as(out + "" + err).isEqualTo(Report.FAILED);
    assertThat(out.toString()).contains("ElevenLabs eleven_flash_v2_5 (websocket)")
        .contains("tts_characters_count").contains("Likely cause: no TTS metric for interrupted segment(s) ");
  }

  @ParameterizedTest
  @MethodSource("names")
  void exitsAsItsDescriptionSays(String name) {
    String description = BundledScenarios.find(name).scenario().description();
    Matcher m = EXIT.matcher(description);
    assertThat(m.find()).isTrue();
    int expected = Integer.parseInt(m.group(1));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), "simulate", name);
    assertThat(code).as(name + "\n" + out + err).isEqualTo(expected);
    assertThat(out.toString()).contains("Scenario   " + name).contains(expected == 0 ? "Result: OK" : "Result: FAILED");
    assertThat(err.toString()).isEmpty();
  }
}
