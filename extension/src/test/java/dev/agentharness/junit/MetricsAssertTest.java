package dev.agentharness.junit;

import static dev.agentharness.junit.AgentAssertions.assertThat;
import static dev.agentharness.junit.Fixtures.connection;
import static dev.agentharness.junit.Fixtures.llm;
import static dev.agentharness.junit.Fixtures.realtime;
import static dev.agentharness.junit.Fixtures.tts;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.metrics.AgentMetrics;
import dev.agentharness.metrics.LlmMetrics;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.metrics.TtsMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsAssertTest {

  private static final RealtimeModelMetrics RESP_1 = realtime("resp_1", 13, 91, 30).build();
  private static final RealtimeModelMetrics RESP_2 = realtime("resp_2", 10, 20, 4).ttft(ofMillis(450)).build();
  /** usage missing from response.done: every count 0, latencies normal */
  private static final RealtimeModelMetrics RESP_3 = realtime("resp_3", 0, 0, 0).build();
  private static final LlmMetrics CHAT = llm("chatcmpl_1", 50, 12, ofMillis(380));
  private static final TtsMetrics TTS = tts("tts_1", 25, ofMillis(2400), ofMillis(150));

  private static final List<AgentMetrics> STREAM = List.of(connection(), RESP_1, RESP_2, CHAT, TTS);

  @Test
  void filtersByTypeProviderModelAndRequestId() {
    assertThat(STREAM).hasSize(5);
    assertThat(STREAM).ofType(RealtimeModelMetrics.class).hasSize(3).excludingConnectionMetrics().hasSize(2);
    assertThat(STREAM).withProvider("api.openai.com").hasSize(4).withModel("gpt-4.1-mini").hasSize(1);
    assertThat(STREAM).withProvider("ElevenLabs").ofType(TtsMetrics.class).singleElement().isEqualTo(TTS);
    assertThat(STREAM).withRequestId("resp_2").containsExactly(RESP_2);
    assertThat(STREAM).withRequestId("").containsExactly(connection());
  }

  @Test
  void assertjListAssertionsKeepTheElementType() {
    List<RealtimeModelMetrics> responses = List.of(RESP_1, RESP_2);
    // both assertThat imports are in scope: ours is chosen and still is a list assert of RealtimeModelMetrics
    assertThat(responses).extracting(RealtimeModelMetrics::ttft).containsExactly(ofMillis(300), ofMillis(450));
    assertThat(STREAM).ofType(RealtimeModelMetrics.class).excludingConnectionMetrics()
        .extracting(RealtimeModelMetrics::requestId).containsExactly("resp_1", "resp_2");
    assertThat(STREAM).filteredOn(m -> m instanceof TtsMetrics).hasSize(1);
    assertThat(STREAM).ofType(LlmMetrics.class).first().isEqualTo(CHAT);
  }

  @Test
  void hasSizeListsTheMetricsFound() {
    assertThatThrownBy(() -> assertThat(STREAM).ofType(RealtimeModelMetrics.class).withProvider("api.openai.com")
        .hasSize(2))
        .hasMessage("Expected 2 realtime_model_metrics from provider \"api.openai.com\", but found 3:\n"
            + "  (connection)  realtime_model_metrics  \"api.openai.com\"/\"gpt-realtime\"  acquire 120ms\n"
            + "  resp_1  realtime_model_metrics  \"api.openai.com\"/\"gpt-realtime\"  ttft 300ms, tokens 13 in"
            + " (audio 13)"
            + " / 121 out (audio 91)\n"
            + "  resp_2  realtime_model_metrics  \"api.openai.com\"/\"gpt-realtime\"  ttft 450ms, tokens 10 in"
            + " (audio 10)"
            + " / 24 out (audio 20)");
    assertThatThrownBy(() -> assertThat(STREAM).ofType(TtsMetrics.class).hasSize(0))
        .hasMessage("Expected 0 tts_metrics, but found 1:\n"
            + "  tts_1  tts_metrics  \"ElevenLabs\"/\"eleven_flash_v2_5\"  ttfb 150ms, 25 characters, 2.4s audio");
  }

  @Test
  void ttftsAndTtfbsWithinBounds() {
    assertThat(STREAM).allTtftsBetween(ofMillis(300), ofMillis(450)).allTtfbsBetween(ofMillis(100), ofMillis(200));
    RealtimeModelMetrics noAudio = realtime("resp_4", 10, 0, 12).ttft(AgentMetrics.NOT_MEASURED).build();
    List<AgentMetrics> slow = List.of(connection(), RESP_1, RESP_2, noAudio, llm("chatcmpl_2", 5, 5, ofMillis(90)));
    assertThatThrownBy(() -> assertThat(slow).allTtftsBetween(ofMillis(100), ofMillis(400)))
        .hasMessage("Expected every time to first token (ttft) to be between 100ms and 400ms, but 3 of 4 are not:\n"
            + "  resp_2  realtime_model_metrics  450ms (50ms too late)\n"
            + "  resp_4  realtime_model_metrics  not measured (-1): nothing arrived\n"
            + "  chatcmpl_2  llm_metrics  90ms (10ms too early)");
    assertThatThrownBy(() -> assertThat(STREAM).allTtfbsBetween(ofMillis(10), ofMillis(100)))
        .hasMessage("Expected every time to first byte (ttfb) to be between 10ms and 100ms, but 1 of 1 is not:\n"
            + "  tts_1  tts_metrics  150ms (50ms too late)");
    assertThatThrownBy(() -> assertThat(List.of(connection())).allTtftsBetween(ofMillis(0), ofSeconds(1)))
        .hasMessage("Expected every time to first token (ttft) to be between 0s and 1s, but there are no realtime or"
            + " LLM"
            + " responses among the 1 metrics:\n"
            + "  (connection)  realtime_model_metrics  \"api.openai.com\"/\"gpt-realtime\"  acquire 120ms");
  }

  @Test
  void duplicateRequestIdsAreListedWithTheirCount() {
    // two connection metrics share the empty request id: that is not a duplicate
    assertThat(List.of(connection(), RESP_1, connection(), RESP_2)).hasNoDuplicateRequestIds();
    // the AgentTask double emission (livekit/agents #3166): every metric collected twice
    List<AgentMetrics> doubled = List.of(connection(), RESP_1, RESP_1, RESP_2, TTS, RESP_2, TTS, RESP_2);
    assertThatThrownBy(() -> assertThat(doubled).hasNoDuplicateRequestIds())
        .hasMessage("Expected every request id to appear once among the metrics, but 3 appear more than once:\n"
            + "  resp_1   2 times   (realtime_model_metrics)\n"
            + "  resp_2   3 times   (realtime_model_metrics)\n"
            + "  tts_1    2 times   (tts_metrics)\n"
            + "Likely cause: metrics were collected more than once: a listener registered twice, or LiveKit < 1.2.6"
            + " emitting every metric twice inside an AgentTask (livekit/agents #3166)");
  }

  @Test
  void responsesWithoutUsageAreListedByRequestId() {
    assertThat(STREAM).everyResponseHasUsage();
    List<AgentMetrics> missing = List.of(connection(), RESP_1, RESP_3, llm("chatcmpl_9", 0, 0, ofMillis(200)));
    assertThatThrownBy(() -> assertThat(missing).everyResponseHasUsage())
        .hasMessage("Expected every response to carry usage, but 2 of 3 have zero tokens:\n"
            + "  resp_3  realtime_model_metrics  \"api.openai.com\"/\"gpt-realtime\"  ttft 300ms, tokens 0 in (audio 0)"
            + " / 0 out (audio 0)\n"
            + "  chatcmpl_9  llm_metrics  \"api.openai.com\"/\"gpt-4.1-mini\"  ttft 200ms, tokens 0 prompt / 0"
            + " completion\n"
            + "Likely cause: usage missing from response.done, or an LLM stream cut before its usage chunk");
    assertThatThrownBy(() -> assertThat(List.of(TTS)).everyResponseHasUsage())
        .hasMessageStartingWith("Expected every realtime or LLM response to carry usage, but there is no response among"
            + " the 1 metrics:\n  tts_1");
  }

  @Test
  void totalUsageSumsAsLiveKitDoes() {
    assertThat(STREAM).totalUsage().hasLlmPromptTokens(13 + 10 + 50).hasLlmOutputAudioTokens(111)
        .hasTtsCharactersCount(25).ttsAudioDuration().isEqualTo(ofMillis(2400));
    assertThat(STREAM).withProvider("ElevenLabs").totalUsage().llmPromptTokens().isZero();
  }

  @Test
  void oneMetricAtATime() {
    assertThat(RESP_1).isNotConnectionMetric().isNotCancelled().hasUsage().hasRequestId("resp_1")
        .hasProvider("api.openai.com").hasModel("gpt-realtime").hasInputTokens(13).hasOutputTokens(121)
        .hasInputAudioTokens(13).hasInputTextTokens(0).hasInputCachedTokens(0).hasOutputAudioTokens(91)
        .hasOutputTextTokens(30).hasTtftBetween(ofMillis(200), ofMillis(300));
    assertThat(RESP_1).ttft().isEqualTo(ofMillis(300));
    assertThat(RESP_1).outputAudioTokens().isEqualTo(91);
    assertThat(connection()).isConnectionMetric();
    assertThatThrownBy(() -> assertThat(RESP_3).hasUsage())
        .hasMessage("Expected realtime_model_metrics resp_3 to carry usage, but it has zero tokens: resp_3"
            + "  realtime_model_metrics  \"api.openai.com\"/\"gpt-realtime\"  ttft 300ms, tokens 0 in (audio 0) / 0 out"
            + " (audio 0)\nLikely cause: usage missing from response.done");
    assertThatThrownBy(() -> assertThat(connection()).hasUsage())
        .hasMessageEndingWith("Likely cause: this is the connection metric LiveKit emits per (re)connection; it never"
            + " carries usage");
    assertThatThrownBy(() -> assertThat(RESP_1).hasOutputAudioTokens(90))
        .hasMessage("Expected output_token_details.audio_tokens of realtime_model_metrics resp_1 to be 90, but it"
            + " was 91");
    assertThatThrownBy(() -> assertThat(RESP_2).hasTtftBetween(ofMillis(100), ofMillis(400)))
        .hasMessage("Expected ttft of realtime_model_metrics resp_2 to be between 100ms and 400ms, but it was 450ms"
            + " (50ms too late)");
    assertThatThrownBy(() -> assertThat(RESP_1).hasProvider("OpenAI"))
        .hasMessage("Expected the provider of realtime_model_metrics resp_1 to be \"OpenAI\", but it was"
            + " \"api.openai.com\"");
    assertThatThrownBy(() -> assertThat(RESP_1).isConnectionMetric())
        .hasMessageStartingWith("Expected realtime_model_metrics resp_1 to be a connection metric (empty request id),"
            + " but it was not: resp_1");
  }

  @Test
  void llmAndTtsMetrics() {
    assertThat(CHAT).hasUsage().hasRequestId("chatcmpl_1").hasPromptTokens(50).hasPromptCachedTokens(0)
        .hasCompletionTokens(12).hasTtftBetween(ofMillis(300), ofMillis(400)).isNotCancelled();
    assertThat(CHAT).completionTokens().isEqualTo(12);
    assertThatThrownBy(() -> assertThat(llm("chatcmpl_9", 0, 0, ofMillis(200))).hasUsage())
        .hasMessageEndingWith("Likely cause: the stream ended or was cut before its usage chunk"
            + " (stream_options.include_usage not set, or the connection dropped)");
    assertThat(TTS).hasCharactersCount(25).hasAudioDuration(ofMillis(2400)).hasTtfbBetween(ofMillis(100), ofMillis(150))
        .hasProvider("ElevenLabs").hasModel("eleven_flash_v2_5").isNotCancelled();
    assertThat(TTS).audioDuration().isEqualTo(ofMillis(2400));
    assertThatThrownBy(() -> assertThat(TTS).hasAudioDuration(ofSeconds(3)))
        .hasMessage("Expected audio_duration of tts_metrics tts_1 to be 3s, but it was 2.4s");
    assertThatThrownBy(() -> assertThat(tts("tts_2", 10, ofMillis(0), AgentMetrics.NOT_MEASURED)).ttfb().isPositive())
        .hasMessageStartingWith("[ttfb of tts_metrics tts_2 (LiveKit's -1: not measured)] ");
  }
}
