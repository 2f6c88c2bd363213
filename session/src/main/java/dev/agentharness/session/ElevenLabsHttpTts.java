package dev.agentharness.session;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.client.ProviderException;
import dev.agentharness.client.elevenlabs.ElevenLabsTtsClient;
import dev.agentharness.metrics.TtsMetrics;

/** ElevenLabs over HTTP as a pipeline TTS: one request per reply (LiveKit's non-streaming {@code ChunkedStream}). */
final class ElevenLabsHttpTts implements PipelineTts {

  private final ElevenLabsTtsClient client;

  ElevenLabsHttpTts(ElevenLabsTtsClient client) {
    this.client = client;
  }

  @Override
  public Speech speak(String text, Listener listener) {
    ElevenLabsTtsClient.Synthesis s = client.synthesize(text, new ElevenLabsTtsClient.SynthesisListener() {
      @Override
      public void firstAudio(ElevenLabsTtsClient.Synthesis synthesis) {
        listener.firstAudio();
      }

      @Override
      public void done(ElevenLabsTtsClient.Synthesis synthesis, TtsMetrics metric) {
        if (metric != null) listener.done(synthesis.audioBytes(), synthesis.firstAudio(), metric.cancelled());
      }

      @Override
      public void error(ProviderException e) {
        listener.failed(e);
      }
    });
    return s::cancel;
  }

  @Override
  public AudioFormat format() {
    return client.format();
  }
}
