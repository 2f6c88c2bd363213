package dev.agentharness.session;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ProviderException;
import dev.agentharness.client.openai.OpenAiSpeechClient;
import dev.agentharness.metrics.TtsMetrics;

/** OpenAI speech as a pipeline TTS: one request per reply (LiveKit's non-streaming {@code ChunkedStream}). */
final class OpenAiSpeechTts implements PipelineTts {

  private final OpenAiSpeechClient client;

  OpenAiSpeechTts(ClientContext context, OpenAiSpeechClient.Options options) {
    this.client = new OpenAiSpeechClient(context, options);
  }

  @Override
  public Speech speak(String text, Listener listener) {
    OpenAiSpeechClient.Synthesis s = client.synthesize(text, new OpenAiSpeechClient.Listener() {
      @Override
      public void firstAudio() {
        listener.firstAudio();
      }

      @Override
      public void done(OpenAiSpeechClient.Synthesis synthesis, TtsMetrics metric) {
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
    return AudioFormat.PCM16_24K;
  }
}
