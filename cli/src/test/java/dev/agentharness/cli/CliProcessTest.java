package dev.agentharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end, as a process: {@code java -cp <test classpath> dev.agentharness.cli.Main ...}, asserting exit
 * codes, stdout, stderr and the files written.
 */
class CliProcessTest {

  @TempDir
  Path tmp;

  record Run(int code, String out, String err) {}

  private Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classpath());
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Path out = tmp.resolve("stdout-" + System.nanoTime());
    Path err = tmp.resolve("stderr-" + System.nanoTime());
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .directory(Path.of(System.getProperty("user.dir")).toFile());
    pb.environment().remove("NO_COLOR");
    Process p = pb.start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("agentharness " + String.join(" ", args) + " did not finish within 90 s");
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /**
   * The test classpath. Surefire may run tests from a manifest-only jar; its {@code Class-Path} then names the real
   * entries, and {@code java -cp} of that jar honours it, so either way this is a classpath that works.
   */
  private static String classpath() {
    String cp = System.getProperty("java.class.path");
    assertThat(cp).isNotBlank();
    return cp;
  }

  @Test
  void versionAndHelpOnEveryCommand() throws Exception {
    Run v = run("--version");
    assertThat(v.code()).isZero();
    assertThat(v.out()).startsWith("agentharness ");
    Run h = run("--help");
    assertThat(h.code()).isZero();
    assertThat(h.out()).contains("simulate").contains("replay");
    Run sh = run("simulate", "--help");
    assertThat(sh.code()).isZero();
    assertThat(sh.out()).contains("--expect=EXPR", "--profile=ID", "--report=DIR", "--json", "--list", "Exit codes:");
    Run rh = run("replay", "--help");
    assertThat(rh.code()).isZero();
    assertThat(rh.out()).contains("--skip-bad-lines", "--profile=ID", "--json", "LOG", "Exit codes:");
    assertThat(run("replay", "--version").out()).startsWith("agentharness ");
  }

  @Test
  void simulateListsTheBundledScenarios() throws Exception {
    Run r = run("simulate", "--list");
    assertThat(r.code()).isZero();
    for (String name : BundledScenarios.names()) assertThat(r.out()).contains("  " + name + " ");
    assertThat(r.out()).contains("runs with: --profile livekit-js-legacy").contains("#2426");
  }

  @Test
  void simulatePassesItsGatesAndWritesTheReport() throws Exception {
    Path dir = tmp.resolve("report");
    Run r = run("simulate", "greeting-openai-realtime", "--expect", "llmOutputAudioTokens>0",
        "--expect", "llm_output_audio_tokens==191", "--expect", "standingTime<=30s", "--report", dir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Usage: collected (LiveKit UsageCollector) against billed (the fakes' ledger)")
        .contains("llm_output_audio_tokens               191      191")
        .contains("OK: all 15 fields match").contains("ok   llmOutputAudioTokens > 0").endsWith("Result: OK\n")
        .doesNotContain("\u001B[");
    assertThat(r.err()).contains("report written to " + dir.resolve("report.html"));

    JsonValue.Obj json = Json.parseObject(Files.readString(dir.resolve("report.json")));
    assertThat(json.get("scenario").asObject("s").get("name").asString("n")).isEqualTo("greeting-openai-realtime");
    assertThat(json.get("usage").asObject("u").get("llm_output_audio_tokens").asLong("x")).isEqualTo(191);
    assertThat(json.get("reconciliation").asObject("r").get("matches").asBoolean("m")).isTrue();
    assertThat(json.get("expectations").asArray("e").items()).hasSize(3);
    assertThat(json.get("result").asObject("r").get("exit_code").asLong("c")).isZero();
    assertThat(json.get("metrics").asArray("m").items()).isNotEmpty();

    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("<svg class=\"timeline\"").contains("<rect class=\"k-").contains("Result: OK")
        .doesNotContain("<script").doesNotContain("<link").doesNotContain("http");

    // the metric stream it wrote replays to the same usage
    Run replay = run("replay", dir.resolve("metrics.jsonl").toString(), "--expect", "llmOutputAudioTokens==191");
    assertThat(replay.code()).as(replay.err()).isZero();
  }

  @Test
  void aFailedExpectationExitsOneAndSaysWhich() throws Exception {
    Run r = run("simulate", "greeting-openai-realtime", "--expect", "standingTime<=10s", "--expect", "metrics.count>0");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED   standingTime <= 10s").contains("expected <= 10s")
        .contains("Result: FAILED: expectations: 1 of 2 failed");
  }

  @Test
  void aBugScenarioFailsReconciliationAndJsonGoesToStdout() throws Exception {
    Run r = run("simulate", "usage-missing", "--json");
    assertThat(r.code()).isEqualTo(1);
    JsonValue.Obj json = Json.parseObject(r.out());
    JsonValue.Obj rec = json.get("reconciliation").asObject("r");
    assertThat(rec.get("matches").asBoolean("m")).isFalse();
    assertThat(rec.get("differences").asArray("d").items()).extracting(d -> d.asObject("d").get("field").asString("f"))
        .contains("llm_output_audio_tokens");
    assertThat(r.err()).contains("FAILED: reconciliation (livekit-python)");
  }

  @Test
  void badInputExitsTwoWithWhereAndWhat() throws Exception {
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\n  \"name\": \"x\",\n  \"agent\": { \"realtime\": { \"provider\": \"openia\" } }\n}\n");
    Run scenario = run("simulate", bad.toString());
    assertThat(scenario.code()).isEqualTo(2);
    assertThat(scenario.err()).contains(bad + ":3:40: agent.realtime.provider: \"openia\" is not a realtime provider;"
        + " did you mean \"openai\"?");
    assertThat(scenario.out()).isEmpty();

    Run field = run("simulate", "greeting-openai-realtime", "--expect", "llmOutputAudioToken>0");
    assertThat(field.code()).isEqualTo(2);
    assertThat(field.err()).contains("unknown field \"llmOutputAudioToken\"; did you mean \"llmOutputAudioTokens\"?");

    Run option = run("simulate", "greeting-openai-realtime", "--expct", "x");
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err()).contains("Unknown option").contains("--expect");

    Run name = run("simulate", "greeting-openai-realtim");
    assertThat(name.code()).isEqualTo(2);
    assertThat(name.err()).contains("did you mean \"greeting-openai-realtime\"?");

    Run profile = run("simulate", "greeting-openai-realtime", "--profile", "livekit-js");
    assertThat(profile.code()).isEqualTo(2);
    assertThat(profile.err()).contains("did you mean \"livekit-js-legacy\"?");
  }

  @Test
  void replayShowsWhatEachCollectorWouldHaveReported() throws Exception {
    Path log = copy("metrics/mixed.jsonl");
    Run r = run("replay", log.toString(), "--profile", "livekit-js-legacy,livekit-python-pre-1.2.6");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("4 metrics (1 Python line, 3 JS lines)")
        .contains("livekit-python   livekit-js-legacy   livekit-python-pre-1.2.6")
        .containsPattern("llm_output_audio_tokens +91 +0 +0   "
            + "no such field in livekit-js-legacy, livekit-python-pre-1.2.6")
        .contains("none: a metrics log has no ledger").endsWith("Result: OK\n");

    Run json = run("replay", log.toString(), "--json", "--profile", "livekit-js-legacy");
    assertThat(json.code()).isZero();
    JsonValue.Obj o = Json.parseObject(json.out());
    assertThat(o.get("log").asObject("l").get("js_lines").asLong("j")).isEqualTo(3);
    assertThat(o.get("profiles").asArray("p").items().get(1).asObject("p").get("usage").asObject("u")
        .get("llm_output_audio_tokens").asLong("x")).isZero();
  }

  @Test
  void replayStopsAtABadLineUnlessToldToSkip() throws Exception {
    Path log = copy("metrics/bad-lines.jsonl");
    Run strict = run("replay", log.toString());
    assertThat(strict.code()).isEqualTo(2);
    assertThat(strict.err()).contains(log + ":2:").contains("ttfb").contains("--skip-bad-lines");
    assertThat(strict.out()).isEmpty();

    Run skip = run("replay", log.toString(), "--skip-bad-lines", "--expect", "metrics.count==2");
    assertThat(skip.code()).as(skip.err()).isZero();
    assertThat(skip.err()).contains("skipped 2 bad lines");
    assertThat(skip.out()).contains("2 bad lines:").contains("line 2:").contains("line 4:");

    Run missing = run("replay", tmp.resolve("nope.jsonl").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.jsonl: no such file");
  }

  private Path copy(String resource) throws IOException {
    Path p = tmp.resolve(resource.replace('/', '-'));
    try (var in = CliProcessTest.class.getResourceAsStream("/" + resource)) {
      Files.write(p, in.readAllBytes());
    }
    return p;
  }
}
