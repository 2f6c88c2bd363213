package dev.agentharness.session;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ProviderException;
import dev.agentharness.client.openai.OpenAiRealtimeClient;
import dev.agentharness.metrics.RealtimeModelMetrics;
import dev.agentharness.scenario.Reply;
import java.time.Duration;
import java.util.List;

/** An agent on OpenAI Realtime, with server VAD ending each user turn after {@value #SILENCE_MS} ms of silence. */
final class RealtimeAgent extends SpeechToSpeechAgent implements OpenAiRealtimeClient.Listener {

  static final int SILENCE_MS = 500;

  private final OpenAiRealtimeClient client;

  RealtimeAgent(SimulatedSession session, ClientContext context, OpenAiRealtimeClient.Options options, Duration chunk) {
    super(session, context.clock(), AudioFormat.PCM16_24K, chunk, Duration.ofMillis(SILENCE_MS));
    this.client = new OpenAiRealtimeClient(context, options.withSilenceDuration(SILENCE_MS), this);
  }

  @Override
  void connect() {
    client.connect();
  }

  @Override
  void sendAudio(String base64) {
    client.appendAudioBase64(base64);
  }

  @Override
  void requestReply() {
    client.createResponse();
  }

  @Override
  void answerToolCalls(List<String[]> calls, Reply reply) {
    for (String[] c : calls) client.sendFunctionOutputOnly(c[0], outputFor(reply, c[1]));
    client.createResponse();
  }

  @Override
  AudioFormat outputFormat() {
    return AudioFormat.PCM16_24K;
  }

  @Override
  void closeClient() {
    client.close();
  }

  // ---------------------------------------------------------------- client events

  @Override
  public void sessionReady() {
    ready();
  }

  @Override
  public void speechStopped() {
    userStoppedSpeaking();
  }

  @Override
  public void userItemCommitted(String itemId) {
    userTurnCommitted();
  }

  @Override
  public void firstAudio(String responseId) {
    replyAudioStarted();
  }

  @Override
  public void functionCall(String responseId, String callId, String name, String arguments) {
    toolCalled(callId, name);
  }

  @Override
  public void responseDone(OpenAiRealtimeClient.Generation g, RealtimeModelMetrics metric) {
    if (g == null) {
      replyDone(0, null, null, false);
    } else {
      replyDone(g.audioBytes(), g.firstToken(), g.transcript(), "cancelled".equals(g.status()));
    }
  }

  @Override
  public void error(ProviderException e) {
    failed(e);
  }
}
