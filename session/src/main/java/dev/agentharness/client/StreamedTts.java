package dev.agentharness.client;

import dev.agentharness.metrics.TtsMetrics;
import java.time.Instant;

/**
 * What the streamed TTS clients (LiveKit's {@code SynthesizeStream}: ElevenLabs stream-input, Cartesia) have
 * in common, so that code driving one drives any: a stream of text segments, each measured when its final
 * frame arrives, none when it is interrupted.
 */
public final class StreamedTts {

  private StreamedTts() {}

  /** One flushed piece of text. */
  public interface Segment {
    /** Audio bytes received so far. */
    long audioBytes();

    /** When the first audio arrived, or null. */
    Instant firstAudio();

    boolean isInterrupted();

    /** Why it ended without its final frame (other than an interruption), or null. */
    ProviderException failure();

    /** Interrupts it: no metric, as LiveKit emits none for a segment closed before its final frame. */
    void cancel();
  }

  /** A text stream: {@code pushText} adds to the current segment, {@code flush} ends it. */
  public interface Stream<S extends Segment> {
    /** Adds text to the current segment, opening one if needed; null if there was nothing to send. */
    S pushText(String text);

    /** Ends the current segment; null if there is none. */
    S flush();

    /** Ends the stream once its segments are over. */
    void close();
  }

  /** What a stream's segments did. Calls come from the client's reader thread, or the caller's for a cancel. */
  public interface Listener<S extends Segment> {
    default void firstAudio(S segment) {}

    /**
     * The segment is over. {@code metric} is null when it was interrupted ({@link Segment#isInterrupted()}),
     * failed, or got no audio.
     */
    default void done(S segment, TtsMetrics metric) {}

    default void error(ProviderException e) {}
  }
}
