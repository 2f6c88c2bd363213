package dev.agentharness.session;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.client.ProviderException;
import dev.agentharness.client.StreamedTts;
import dev.agentharness.metrics.TtsMetrics;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A streamed TTS (LiveKit's {@code SynthesizeStream}: ElevenLabs stream-input, Cartesia) as a pipeline TTS:
 * the stream opens at the start of the session, each reply is pushed and flushed as one segment, an
 * interruption cancels the segment (no metric: the interrupted-streamed-TTS undercount), and the end of the
 * conversation ends the stream.
 */
final class StreamedPipelineTts<S extends StreamedTts.Segment> implements PipelineTts {

  private final Function<StreamedTts.Listener<S>, ? extends StreamedTts.Stream<S>> open;
  private final AudioFormat format;
  private final Consumer<ProviderException> errors;
  private final Map<S, Listener> speeches = new ConcurrentHashMap<>();
  private volatile StreamedTts.Stream<S> stream;

  /**
   * @param open opens a stream that reports to the listener given (e.g. {@code client::stream})
   * @param errors hears of every failure, including those that belong to no reply (a refused handshake)
   */
  StreamedPipelineTts(Function<StreamedTts.Listener<S>, ? extends StreamedTts.Stream<S>> open, AudioFormat format,
      Consumer<ProviderException> errors) {
    this.open = Objects.requireNonNull(open, "open");
    this.format = Objects.requireNonNull(format, "format");
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  @Override
  public void connect() {
    stream = open.apply(new StreamedTts.Listener<S>() {
      @Override
      public void firstAudio(S segment) {
        Listener l = speeches.get(segment);
        if (l != null) l.firstAudio();
      }

      @Override
      public void done(S segment, TtsMetrics metric) {
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
    StreamedTts.Stream<S> s = stream;
    S segment = s == null ? null : s.pushText(text);
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
    return format;
  }

  @Override
  public void close() {
    StreamedTts.Stream<S> s = stream;
    if (s == null) return;
    try {
      s.close();
    } catch (RuntimeException ignored) {
      // closing never throws
    }
  }
}
