package dev.agentharness.session;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.client.ClientContext;
import dev.agentharness.client.ProviderException;
import dev.agentharness.client.elevenlabs.ElevenLabsTtsClient;
import dev.agentharness.metrics.TtsMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * ElevenLabs stream-input as a pipeline TTS (LiveKit's {@code SynthesizeStream}): the stream opens at the
 * start of the session, each reply is pushed and flushed as one segment, an interruption cancels the segment
 * (no metric: the interrupted-streamed-TTS undercount), and the end of the conversation ends the stream.
 */
final class ElevenLabsStreamTts implements PipelineTts {

  private final ElevenLabsTtsClient client;
  private final Consumer<ProviderException> errors;
  private final Map<ElevenLabsTtsClient.Segment, Listener> speeches = new ConcurrentHashMap<>();
  private volatile ElevenLabsTtsClient.Stream stream;

  /** {@code errors} hears of every failure, including those that belong to no reply (a refused prewarm). */
  ElevenLabsStreamTts(ClientContext context, ElevenLabsTtsClient.Options options, Consumer<ProviderException> errors) {
    this.client = new ElevenLabsTtsClient(context, options);
    this.errors = errors;
  }

  @Override
  public void connect() {
    stream = client.stream(new ElevenLabsTtsClient.StreamListener() {
      @Override
      public void firstAudio(ElevenLabsTtsClient.Segment segment) {
        Listener l = speeches.get(segment);
        if (l != null) l.firstAudio();
      }

      @Override
      public void done(ElevenLabsTtsClient.Segment segment, TtsMetrics metric) {
        Listener l = speeches.remove(segment);
        // a failed segment was reported through error(); the session closes on it
        if (l != null && segment.failure() == null) {
          l.done(segment.audioBytes(), segment.firstAudio(), segment.isInterrupted());
        }
      }

      @Override
      public void error(ProviderException e) {
        errors.accept(e);
      }
    });
  }

  @Override
  public Speech speak(String text, Listener listener) {
    ElevenLabsTtsClient.Stream s = stream;
    ElevenLabsTtsClient.Segment segment = s == null ? null : s.pushText(text);
    if (segment == null) { // nothing to say (or no stream): nothing is sent, nothing plays
      listener.done(0, null, false);
      return () -> {};
    }
    speeches.put(segment, listener); // before the flush: the audio may come at once
    s.flush();
    return segment::cancel;
  }

  @Override
  public AudioFormat format() {
    return client.format();
  }

  @Override
  public void close() {
    ElevenLabsTtsClient.Stream s = stream;
    if (s == null) return;
    try {
      s.close();
    } catch (RuntimeException ignored) {
      // closing never throws
    }
  }
}
