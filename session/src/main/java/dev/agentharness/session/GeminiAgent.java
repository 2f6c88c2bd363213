package dev.agentharness.session;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ProviderException;
import dev.agentharness.client.gemini.GeminiLiveClient;
import dev.agentharness.scenario.Reply;
import java.time.Duration;
import java.util.List;

/**
 * An agent on Gemini Live: 16 kHz input, Gemini's automatic activity detection ending each user turn
 * after 500 ms of silence, 24 kHz output.
 */
final class GeminiAgent extends SpeechToSpeechAgent implements GeminiLiveClient.Listener {

  /** What the agent sends to make Gemini speak first (LiveKit's {@code generate_reply} without instructions). */
  static final String SPEAK_FIRST = ".";

  private final GeminiLiveClient client;
  private volatile boolean interrupted;

  GeminiAgent(SimulatedSession session, ClientContext context, GeminiLiveClient.Options options, Duration chunk) {
    super(session, context.clock(), AudioFormat.PCM16_16K, chunk, Duration.ofMillis(500));
    this.client = new GeminiLiveClient(context, options, this);
  }

  @Override
  void connect() {
    client.connect();
  }

  @Override
  void sendAudio(String base64) {
    client.sendAudioBase64(base64);
  }

  @Override
  void requestReply() {
    client.sendText(SPEAK_FIRST);
  }

  @Override
  void answerToolCalls(List<String[]> calls, Reply reply) {
    for (String[] c : calls) client.sendToolResponse(c[0], c[1], outputFor(reply, c[1]));
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
  public void setupComplete() {
    ready();
  }

  @Override
  public void inputTranscript(String text) {
    userStoppedSpeaking();
    userTurnCommitted();
  }

  @Override
  public void firstAudio(String id) {
    interrupted = false;
    replyAudioStarted();
  }

  @Override
  public void toolCall(String id, String name, String arguments) {
    toolCalled(id, name);
    // Gemini waits for the tool response before it goes on with the same turn
    replyDone(0, null, null, false);
  }

  @Override
  public void interrupted() {
    interrupted = true;
  }

  @Override
  public void turnComplete(GeminiLiveClient.Generation g) {
    if (g == null) {
      replyDone(0, null, null, interrupted);
    } else {
      replyDone(g.audioBytes(), g.firstToken(), g.transcript(), interrupted);
    }
  }

  @Override
  public void error(ProviderException e) {
    failed(e);
  }
}
