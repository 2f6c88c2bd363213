package dev.agentharness.session;

import dev.agentharness.audio.AudioFormat;
import dev.agentharness.client.ProviderException;
import java.time.Instant;

/** The text-to-speech of a pipeline agent: one spoken reply at a time. */
interface PipelineTts {

  /** Opens a streaming connection if the TTS has one; done once at the start. */
  default void connect() {}

  /** Speaks {@code text}; the listener hears of its first audio and of its end. */
  Speech speak(String text, Listener listener);

  /** The format of the audio it receives, for playout. */
  AudioFormat format();

  /** Closes its connection, if any. Never throws. */
  default void close() {}

  /** One reply being spoken. */
  interface Speech {
    /** The user barged in: stop. */
    void interrupt();
  }

  /** What happened to one reply. Calls come from the client's thread. */
  interface Listener {
    void firstAudio();

    /** The reply's audio ended (or it was interrupted); {@code audioBytes} were received. */
    void done(long audioBytes, Instant firstAudio, boolean interrupted);

    void failed(ProviderException e);
  }
}
