package dev.agentharness.fake.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentharness.audio.Pcm;
import dev.agentharness.internal.json.Json;
import dev.agentharness.internal.json.JsonValue;
import dev.agentharness.scenario.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.Test;

class FakeOpenAiRealtimeSmokeTest {

  @Test
  void anAudioTurnEndsWithUsage() throws Exception {
    OkHttpClient client = new OkHttpClient();
    try (FakeOpenAiRealtime openai = FakeOpenAiRealtime.builder().start()) {
      openai.script(Reply.reply().text("Your balance is 42 euros.").audio(Duration.ofMillis(2400))
          .usage(u -> u.outputAudio(91).outputText(30)));
      BlockingQueue<String> events = new LinkedBlockingQueue<>();
      WebSocket ws = client.newWebSocket(new Request.Builder().url(openai.realtimeUrl("gpt-realtime"))
          .header("Authorization", "Bearer " + openai.apiKey()).build(), new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
              events.add(text);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
              events.add("FAILURE " + t);
            }
          });
      ws.send("{\"type\":\"session.update\",\"session\":{\"type\":\"realtime\",\"instructions\":\"\"}}");
      byte[] speech = Pcm.tone(24000, 48000); // 1 s of tone
      ws.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(speech) + "\"}");
      ws.send("{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + Base64.getEncoder().encodeToString(new byte[14400]) + "\"}");
      List<String> types = new ArrayList<>();
      JsonValue.Obj done = null;
      while (done == null) {
        String e = events.poll(5, TimeUnit.SECONDS);
        assertThat(e).as("next event").isNotNull().doesNotStartWith("FAILURE");
        JsonValue.Obj o = Json.parseObject(e);
        String type = o.get("type").asString("type");
        if (!type.endsWith(".delta")) types.add(type);
        if (type.equals("response.done")) done = o;
      }
      assertThat(types).containsSubsequence("session.created", "session.updated", "input_audio_buffer.speech_started",
          "input_audio_buffer.speech_stopped", "input_audio_buffer.committed", "conversation.item.added",
          "response.created", "rate_limits.updated", "response.output_item.added", "response.content_part.added",
          "response.output_audio.done", "response.output_audio_transcript.done", "response.content_part.done",
          "response.output_item.done", "conversation.item.done", "response.done");
      JsonValue.Obj usage = done.get("response").asObject("r").get("usage").asObject("u");
      assertThat(usage.get("output_tokens").asLong("o")).isEqualTo(30 + 91);
      assertThat(usage.get("input_token_details").asObject("i").get("audio_tokens").asLong("a")).isEqualTo(10);
      assertThat(openai.ledger().entries()).hasSize(1);
      assertThat(openai.ledger().summary().llmOutputAudioTokens()).isEqualTo(91);
      ws.close(1000, null);
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }
}
