package dev.agentharness.metrics.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.json.MetricsLogReader.BadLine;
import dev.agentharness.metrics.json.MetricsLogReader.Result;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogReaderTest {

  private static final Instant CREATED = Instant.ofEpochSecond(1_732_665_610);

  private static String event(AgentMetrics m, MetricsDialect d) {
    return MetricsJson.writeEvent(m, CREATED, d);
  }

  /** Every sample, alternating Python and JS events, with a blank line after the third. */
  private static String mixedLog() {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    for (AgentMetrics m : Samples.all()) {
      sb.append(event(m, i % 2 == 0 ? MetricsDialect.PYTHON : MetricsDialect.JS)).append('\n');
      if (++i == 3) sb.append("   \n");
    }
    return sb.toString();
  }

  @Test
  void readsAMixedDialectLogInOrder() throws IOException {
    Result r = MetricsLogReader.strict().read(new StringReader(mixedLog()), "mixed.jsonl");
    assertThat(r.metrics()).isEqualTo(Samples.all());
    assertThat(r.badLines()).isEmpty();
    assertThat(r.source()).isEqualTo("mixed.jsonl");
  }

  @Test
  void readsBareMetricsAndCrLfLinesAndABom() throws IOException {
    String log = "\uFEFF" + MetricsJson.write(Samples.llm(), MetricsDialect.PYTHON) + "\r\n\r\n"
        + MetricsJson.write(Samples.tts(), MetricsDialect.JS) + "\r\n";
    assertThat(MetricsLogReader.strict().read(new StringReader(log), "x").metrics())
        .containsExactly(Samples.llm(), Samples.tts());
  }

  @Test
  void readsAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("metrics.jsonl");
    Files.writeString(file, mixedLog(), StandardCharsets.UTF_8);
    Result r = MetricsLogReader.strict().read(file);
    assertThat(r.metrics()).hasSize(9);
    assertThat(r.source()).isEqualTo(file.toString());
  }

  @Test
  void strictStopsAtTheFirstBadLineWithFileLineColumnFieldAndReason() {
    String good = event(Samples.vad(), MetricsDialect.PYTHON);
    String bad = good.replace("\"inference_count\":31", "\"inference_count\":\"many\"");
    String log = good + "\n\n" + bad + "\n" + "not json\n";
    int column = bad.indexOf("\"many\"") + 1;

    assertThatThrownBy(() -> MetricsLogReader.strict().read(new StringReader(log), "logs/metrics.jsonl"))
        .isInstanceOfSatisfying(MetricsFormatException.class, e -> {
          assertThat(e.source()).isEqualTo("logs/metrics.jsonl");
          assertThat(e.line()).isEqualTo(3);
          assertThat(e.column()).isEqualTo(column);
          assertThat(e.field()).isEqualTo("inference_count");
        })
        .hasMessage("logs/metrics.jsonl:3:" + column + ": inference_count: expected a whole number, found \"many\"");
  }

  @Test
  void strictReportsSyntaxErrorsWithoutAField(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("m.jsonl");
    Files.writeString(file, event(Samples.llm(), MetricsDialect.JS) + "\n{\"type\": \"llm_metrics\",,}\n");
    assertThatThrownBy(() -> MetricsLogReader.strict().read(file))
        .isInstanceOf(MetricsFormatException.class)
        .hasMessage(file + ":2:24: unexpected ','; expected a key in quotes");
  }

  @Test
  void skippingBadLinesCollectsEachWithItsLineNumber() throws IOException {
    List<String> lines = List.of(
        event(Samples.llm(), MetricsDialect.PYTHON),                                  // 1 ok
        "",                                                                         // 2 blank
        "{\"type\":\"metrics_collected\",\"metrics\":{\"type\":\"avatar_metrics\",\"timestamp\":1}}", // 3 undecidable
        event(Samples.tts(), MetricsDialect.JS),                                      // 4 ok
        "[]",                                                                       // 5 not an object
        "{\"type\":\"session_usage_updated\",\"usage\":{}}",                         // 6 another event
        event(Samples.stt(), MetricsDialect.PYTHON).replace("\"streamed\":true,", ""), // 7 missing field
        "{oops",                                                                    // 8 not JSON
        event(Samples.eou(), MetricsDialect.JS));                                     // 9 ok
    Result r = MetricsLogReader.skippingBadLines().read(new StringReader(String.join("\n", lines)), "s.jsonl");

    assertThat(r.metrics()).containsExactly(Samples.llm(), Samples.tts(), Samples.eou());
    assertThat(r.badLines()).extracting(BadLine::lineNumber).containsExactly(3, 5, 6, 7, 8);
    assertThat(r.badLines()).extracting(BadLine::field).containsExactly("", "", "type", "streamed", "");
    BadLine missing = r.badLines().get(3);
    assertThat(missing.reason()).isEqualTo("missing; expected true or false");
    assertThat(missing.column()).isEqualTo(39);
    assertThat(missing.text()).isEqualTo(lines.get(6).substring(0, 197) + "...");
    assertThat(r.badLines().get(2).text()).isEqualTo(lines.get(5));
    assertThat(missing).hasToString("7:39: streamed: missing; expected true or false");
    assertThat(r.badLines().get(0).reason()).startsWith("cannot tell the dialect");
    assertThat(r.badLines().get(4)).hasToString("8:2: unexpected 'o'; expected a key in quotes");
  }

  @Test
  void aBadLinesTextIsCut() throws IOException {
    String longLine = "{\"type\":\"llm_metrics\",\"label\":\"" + "x".repeat(500) + "\"}";
    BadLine b = MetricsLogReader.skippingBadLines().read(new StringReader(longLine), "x").badLines().get(0);
    assertThat(b.text()).hasSize(200).endsWith("...").startsWith("{\"type\":\"llm_metrics\"");
  }

  @Test
  void streamsWithoutHoldingTheLog() throws IOException {
    int lines = 10_000;
    AtomicInteger served = new AtomicInteger();
    String line = event(Samples.realtime(), MetricsDialect.PYTHON) + "\n";
    // a Reader that makes the log up as it is read: only the current line exists at any time
    Reader generated = new Reader() {
      private String current = "";
      private int pos;

      @Override
      public int read(char[] buf, int off, int len) {
        if (pos == current.length()) {
          if (served.get() == lines) return -1;
          served.incrementAndGet();
          current = line;
          pos = 0;
        }
        int n = Math.min(len, current.length() - pos);
        current.getChars(pos, pos + n, buf, off);
        pos += n;
        return n;
      }

      @Override
      public void close() {}
    };
    AgentMetrics expected = Samples.realtime();
    List<Integer> servedAtCheckpoints = new ArrayList<>();
    AtomicInteger count = new AtomicInteger();
    AtomicInteger different = new AtomicInteger();
    List<BadLine> bad = MetricsLogReader.strict().forEach(generated, "gen", m -> {
      if (!m.equals(expected)) different.incrementAndGet();
      if (count.incrementAndGet() % 2_500 == 0) servedAtCheckpoints.add(served.get());
    });
    assertThat(bad).isEmpty();
    assertThat(count.get()).isEqualTo(lines);
    assertThat(different.get()).isZero();
    // each metric arrives while the reader is still near its line, not after the whole log was read
    assertThat(servedAtCheckpoints).hasSize(4);
    for (int i = 0; i < servedAtCheckpoints.size(); i++) {
      assertThat(servedAtCheckpoints.get(i)).isBetween((i + 1) * 2_500, (i + 1) * 2_500 + 100);
    }
  }

  @Test
  void strictStreamingDeliversTheGoodLinesBeforeTheBadOne() {
    String log = event(Samples.llm(), MetricsDialect.PYTHON) + "\n"
        + event(Samples.stt(), MetricsDialect.JS) + "\nnope\n";
    List<AgentMetrics> seen = new ArrayList<>();
    assertThatThrownBy(() -> MetricsLogReader.strict().forEach(new StringReader(log), "l", seen::add))
        .isInstanceOf(MetricsFormatException.class)
        .hasMessageStartingWith("l:3:1: ");
    assertThat(seen).containsExactly(Samples.llm(), Samples.stt());
  }

  @Test
  void lenientStreamingReturnsTheBadLines(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("m.jsonl");
    Files.writeString(file, "nope\n" + event(Samples.vad(), MetricsDialect.JS) + "\n");
    List<AgentMetrics> seen = new ArrayList<>();
    List<BadLine> bad = MetricsLogReader.skippingBadLines().forEach(file, seen::add);
    assertThat(seen).containsExactly(Samples.vad());
    assertThat(bad).singleElement().extracting(BadLine::lineNumber).isEqualTo(1);
  }

  @Test
  void anEmptyLogHasNothing() throws IOException {
    Result r = MetricsLogReader.strict().read(new StringReader("\n\n  \n"), "empty");
    assertThat(r.metrics()).isEmpty();
    assertThat(r.badLines()).isEmpty();
  }
}
